/**
 * The soak (issue 12, item 6): `npx -y pnpm@10.34.9 soak --minutes N` at the repo root.
 *
 * Starts a throwaway PostgreSQL, two server instances on it (NODE_ENV=production) and HAProxy in
 * front, then drives mixed clinical traffic at a steady 50 requests/s (open loop: a request is started
 * every 20 ms whether or not the previous ones have been answered) through the balancer for N minutes,
 * with a live board event stream held open on each instance. Prints, per interval, the requests, errors
 * and latency percentiles, and each process's memory; at the end the totals, every process's memory at
 * start and end, and the checks on the database (every acknowledged COWS saved once, the audit chain
 * verified). Exit code 0 when there were no errors and nothing was lost, 1 otherwise, 2 on a crash.
 *
 * Options: --minutes N (default 30), --rate R (requests/s, default 50), --interval S (seconds between
 * report lines; default 60, or 10 for runs under 5 minutes).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type ChartedWrite, lostOrDuplicated, sendUntilAnswered } from '../support/charting-load.js';
import { type Cluster, startCluster } from '../support/cluster.js';
import { auditChain } from '../support/reliability-helpers.js';
import { SESSION_COOKIE, TrpcHttp } from '../support/trpc-http.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    rate: { type: 'string', default: '50' },
    interval: { type: 'string' },
  },
  allowPositionals: true,
});
const minutes = Number(values.minutes);
const rate = Number(values.rate);
if (!(minutes > 0) || !(rate > 0)) {
  console.error('usage: soak --minutes N [--rate R] [--interval S]  (N, R, S positive numbers)');
  process.exit(2);
}
const intervalS = Number(values.interval ?? (minutes < 5 ? 10 : 60));

/** Resident memory of a process (VmRSS), MiB; null once it is gone. */
function rssMiB(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

const COWS_ITEMS = {
  pulse: 1,
  sweating: 1,
  restlessness: 1,
  pupils: 1,
  boneJointAches: 1,
  runnyNoseTearing: 1,
  giUpset: 1,
  tremor: 1,
  yawning: 1,
  anxietyIrritability: 1,
  gooseflesh: 0,
};

interface Window {
  requests: number;
  errors: number;
  latencies: number[];
}

const newWindow = (): Window => ({ requests: 0, errors: 0, latencies: [] });

async function soak(cluster: Cluster): Promise<boolean> {
  const lb = cluster.balancer.url;
  const nurse = new TrpcHttp(lb);
  await nurse.login('nurse', 'demo-nurse');
  const southNurse = new TrpcHttp(lb);
  await southNurse.login('nurse-south', 'demo-nurse-south');
  const physician = new TrpcHttp(lb);
  await physician.login('physician', 'demo-physician');
  const units = (await physician.query<{ id: number; name: string }[]>('units.list')).body.result?.data ?? [];
  if (units.length === 0) throw new Error('the demo has no unit');
  const unitId = units.find((u) => u.name === 'Detox North')?.id ?? (units[0] as { id: number }).id;
  // Every bed of every unit occupied, as on a full hospital day: the writes spread over all of them.
  const stays: { id: number; nurse: TrpcHttp }[] = [];
  for (const unit of units) {
    // The demo's nurses each work one unit (Detox North, Detox South).
    const unitNurse = unit.name === 'Detox South' ? southNurse : nurse;
    const board = (await physician.query<{ emptyBeds: string[] }>('census.board', { unitId: unit.id })).body.result
      ?.data;
    for (const bed of board?.emptyBeds ?? []) {
      const admitted = await unitNurse.mutate<{ admissionId: number }>('admissions.admit', {
        unitId: unit.id,
        bed,
        patient: { mrn: `SOAK-${unit.id}-${bed}`, name: `Soak Patient ${unit.id}-${bed}`, birthDate: '1985-04-02' },
        substances: [{ code: 'illicit-fentanyl' }],
        lastUseAt: new Date(Date.now() - 20 * 3_600_000).toISOString(),
        admittedAt: new Date(Date.now() - 8 * 3_600_000).toISOString(),
      });
      if (admitted.status !== 200) throw new Error(`could not admit to bed ${bed}: ${admitted.text.slice(0, 300)}`);
    }
    const open = (
      await unitNurse.query<{ id: number; dischargedAt: string | null }[]>('admissions.list', { unitId: unit.id })
    ).body.result?.data;
    for (const a of open ?? []) if (a.dischargedAt === null) stays.push({ id: a.id, nurse: unitNurse });
  }
  const admissionIds = stays.map((s) => s.id);
  if (admissionIds.length === 0) throw new Error('the demo units have no open admission');
  console.log(`soak: ${admissionIds.length} open stays on ${units.length} units, every bed occupied`);

  const processes = {
    'instance a': () => cluster.instances.a.pid,
    'instance b': () => cluster.instances.b.pid,
    haproxy: () => cluster.balancer.pid,
  };
  const memoryAtStart = Object.fromEntries(Object.entries(processes).map(([n, pid]) => [n, rssMiB(pid())]));

  // A live board on each instance, held open the whole run: it must stay up and hear every write.
  let events = 0;
  const streams = (['a', 'b'] as const).map(async (name) => {
    const controller = new AbortController();
    const response = await fetch(
      `${cluster.instances[name].url}/trpc/events.unit?input=${encodeURIComponent(JSON.stringify({ unitId }))}`,
      {
        headers: { accept: 'text/event-stream', cookie: `${SESSION_COOKIE}=${nurse.cookie}` },
        signal: controller.signal,
      },
    );
    const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
    const reading = (async () => {
      try {
        for (;;) {
          const chunk = await reader?.read();
          if (!chunk || chunk.done) return 'ended';
          events += chunk.value.split('"admissionId":').length - 1;
        }
      } catch {
        return controller.signal.aborted ? 'closed by us' : 'broken';
      }
    })();
    return { name, close: () => controller.abort(), reading };
  });
  const openStreams = await Promise.all(streams);

  // The mix a unit's day looks like: boards and lists read far more than scores are charted. Two
  // scores a second still chart about 200 per bed in 30 minutes (a whole 8-day stay at hourly scores);
  // the first version charted 10 a second on 8 beds, over 2,000 per bed, which no stay comes near.
  const charted: ChartedWrite[] = [];
  const retried: string[] = [];
  const failedWrites: { write: ChartedWrite; answer: string }[] = [];
  const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;
  const mix: { weight: number; name: string; run: () => Promise<{ status: number; text: string }> }[] = [
    {
      weight: 30,
      name: 'census.board',
      run: () => physician.query('census.board', { unitId: pick(units).id }),
    },
    {
      weight: 4,
      name: 'assessments.record',
      run: async () => {
        const requestId = randomUUID();
        const stay = pick(stays);
        const admissionId = stay.id;
        const write: ChartedWrite = {
          tag: `soak-${charted.length + failedWrites.length}-${requestId.slice(0, 8)}`,
          requestId,
          admissionId,
          attempts: 0,
          body: {},
        };
        write.body = {
          admissionId,
          instrument: 'COWS',
          takenAt: new Date(Date.now() - 60_000).toISOString(),
          items: COWS_ITEMS,
          note: write.tag,
          requestId,
        };
        const answer = await sendUntilAnswered(stay.nurse, 'assessments.record', write, retried);
        const id = (answer.data as { id?: number } | undefined)?.id;
        if (answer.status === 200 && typeof id === 'number') charted.push({ ...write, id });
        else failedWrites.push({ write, answer: `${answer.status} ${answer.text.slice(0, 200)}` });
        return answer;
      },
    },
    {
      weight: 15,
      name: 'assessments.list',
      run: () => {
        const stay = pick(stays);
        return stay.nurse.query('assessments.list', { admissionId: stay.id });
      },
    },
    {
      weight: 10,
      name: 'timeline.get',
      run: () => physician.query('timeline.get', { admissionId: pick(admissionIds) }),
    },
    {
      weight: 10,
      name: 'admissions.list',
      run: () => physician.query('admissions.list', { unitId: pick(units).id }),
    },
    { weight: 26, name: 'auth.me', run: () => nurse.query('auth.me') },
    { weight: 5, name: 'alerts.list', run: () => physician.query('alerts.list', { admissionId: pick(admissionIds) }) },
  ];
  const totalWeight = mix.reduce((s, m) => s + m.weight, 0);
  const choose = () => {
    let r = Math.random() * totalWeight;
    for (const m of mix) {
      r -= m.weight;
      if (r < 0) return m;
    }
    return mix[0] as (typeof mix)[number];
  };

  const total = newWindow();
  let window = newWindow();
  const errorSamples = new Map<string, number>();
  const inFlight = new Set<Promise<void>>();
  let skipped = 0;
  const t0 = Date.now();
  const endAt = t0 + minutes * 60_000;
  const gapMs = 1000 / rate;

  console.log(
    `soak: ${minutes} min at ${rate} req/s through ${lb} (instances a pid ${cluster.instances.a.pid}, b pid ${cluster.instances.b.pid}, haproxy pid ${cluster.balancer.pid})`,
  );
  console.log('   time  requests  errors   p50 ms   p99 ms   max ms   rss a MiB  rss b MiB  in flight');

  const report = () => {
    const sorted = [...window.latencies].sort((x, y) => x - y);
    const elapsed = Math.round((Date.now() - t0) / 1000);
    const rss = (pid: number | undefined) => (rssMiB(pid)?.toFixed(1) ?? '-').padStart(10);
    console.log(
      `${`${Math.floor(elapsed / 60)}:${String(elapsed % 60).padStart(2, '0')}`.padStart(7)}${String(window.requests).padStart(10)}${String(window.errors).padStart(8)}${percentile(sorted, 50).toFixed(1).padStart(9)}${percentile(sorted, 99).toFixed(1).padStart(9)}${(sorted.at(-1) ?? Number.NaN).toFixed(1).padStart(9)} ${rss(cluster.instances.a.pid)} ${rss(cluster.instances.b.pid)}${String(inFlight.size).padStart(11)}`,
    );
    window = newWindow();
  };
  const reporter = setInterval(report, intervalS * 1000);

  // Open loop on a fixed schedule: the n-th request starts at t0 + n * gap, however the others fare.
  for (let n = 0; ; n++) {
    const due = t0 + n * gapMs;
    if (due >= endAt) break;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (inFlight.size >= 500) {
      skipped++;
      continue;
    }
    const call = choose();
    const started = performance.now();
    const done = call
      .run()
      .then(
        (answer) => answer.status,
        (error: unknown) => {
          const key = `${call.name}: ${error instanceof Error ? error.message : String(error)}`;
          errorSamples.set(key, (errorSamples.get(key) ?? 0) + 1);
          return 0;
        },
      )
      .then((status) => {
        const ms = performance.now() - started;
        for (const w of [window, total]) {
          w.requests++;
          if (status === 200) w.latencies.push(ms);
          else w.errors++;
        }
        if (status !== 200 && status !== 0) {
          const key = `${call.name}: HTTP ${status}`;
          errorSamples.set(key, (errorSamples.get(key) ?? 0) + 1);
        }
      })
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
  }
  await Promise.all(inFlight);
  clearInterval(reporter);
  report();

  for (const s of openStreams) s.close();
  const streamEnds = await Promise.all(openStreams.map(async (s) => `${s.name}: ${await s.reading}`));
  const memoryAtEnd = Object.fromEntries(Object.entries(processes).map(([n, pid]) => [n, rssMiB(pid())]));
  const found = await lostOrDuplicated(cluster.databaseUrl, 'soak', {
    acked: charted,
    failed: failedWrites,
    retried,
    ms: 0,
  });
  const chain = await auditChain(cluster.databaseUrl);

  const sorted = [...total.latencies].sort((x, y) => x - y);
  const seconds = (Date.now() - t0) / 1000;
  console.log(
    `\ntotal: ${total.requests} requests in ${seconds.toFixed(0)} s (${(total.requests / seconds).toFixed(1)} req/s), ${total.errors} errors, ${skipped} not sent (500 in flight), p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${(sorted.at(-1) ?? Number.NaN).toFixed(1)} ms`,
  );
  for (const [what, n] of errorSamples) console.log(`  error x${n}: ${what}`);
  console.log('memory (RSS, MiB) at start -> end:');
  for (const name of Object.keys(processes))
    console.log(
      `  ${name.padEnd(11)} ${memoryAtStart[name]?.toFixed(1) ?? '-'} -> ${memoryAtEnd[name]?.toFixed(1) ?? 'gone'}`,
    );
  console.log(
    `COWS charted: ${charted.length} acknowledged, ${found.rows} saved, ${retried.length} lost answers retried, ${found.problems.length} lost or duplicated`,
  );
  for (const problem of found.problems.slice(0, 10)) console.log(`  ${problem}`);
  console.log(`event streams: ${events} events heard in all; ${streamEnds.join(', ')}`);
  console.log(
    `audit chain: ${chain.ok ? `ok, ${chain.rows} rows` : `BROKEN at ${chain.firstBadId}: ${chain.problem}`}`,
  );
  const ok =
    total.errors === 0 &&
    failedWrites.length === 0 &&
    found.problems.length === 0 &&
    chain.ok &&
    streamEnds.every((s) => s.endsWith('closed by us'));
  console.log(ok ? 'PASS' : 'FAIL');
  return ok;
}

let cluster: Cluster | null = null;
const stop = async (code: number) => {
  await cluster?.stop();
  process.exit(code);
};
process.once('SIGINT', () => void stop(130));
process.once('SIGTERM', () => void stop(143));
try {
  cluster = await startCluster({ env: { NODE_ENV: 'production', LOG_LEVEL: 'warn' } });
  const ok = await soak(cluster);
  await stop(ok ? 0 : 1);
} catch (error) {
  console.error(`soak crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  if (cluster) console.error(cluster.outputs().slice(-4000));
  await stop(2);
}
