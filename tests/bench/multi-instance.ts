import { type Cluster, startCluster } from '../support/cluster.js';
import { type LoadFigures, type LoadSpec, loadProblems, measureLoad } from './load.js';
import { type PacedProbe, type PacedStream, measurePaced } from './paced-load.js';
import { percentile } from './sequential.js';
import { processCpuTimeMs } from './server-process.js';
import { login, queryUrl, trpcQuery } from './trpc-client.js';
import type { BenchConfig, BenchModule, Target } from './types.js';

/**
 * Issue 12, item 6: what a request costs the servers with one instance and with two on the same
 * PostgreSQL (behind HAProxy, round robin). Adding an instance must not make each request dearer:
 * the LISTEN/NOTIFY relay, the shared session and throttle rows and the audit chain's lock are the
 * costs that could grow. Measured as server CPU time (user + system, every instance summed) per 2xx
 * answer, for assessments.record and census.board, less what the idle instances use anyway (sampled
 * for 2 s before each run: timers, the LISTEN connection); the two-instance cost must stay within
 * 10 % of the one-instance cost. The raw ratios, idle use included, are printed beside it.
 *
 * Each instance gets the same load both ways: open loop at a fixed rate per instance (paced-load.ts),
 * one instance at R answers a second, two at 2R through the balancer, each then at R. That is what
 * scaling out is (an instance added for more load), and it keeps what a request costs one process
 * apart from what a second instance adds: every write's NOTIFY heard twice, a seal pass per instance,
 * the chain's lock and the session rows shared. Two ways of measuring it were tried first, and both
 * measured how busy each process was instead:
 * - Closed loop, 50 connections as fast as answers came (until issue 16): on 2 cores, two instances,
 *   PostgreSQL, HAProxy and the load generator then queue for CPU; the board's throughput fell from
 *   2,060 to 1,600 answers a second with the second instance, and the ratio swung from 1.0 to 1.6
 *   between runs of the same code.
 * - The same total rate both ways (board 800/s, record 250/s): the ratio held at 1.25 to 1.33 for
 *   both, because each of two instances then ran at half the rate. A process's CPU per request falls
 *   as it gets busier (fewer wake-ups, warm caches, more work per loop turn): one instance's board
 *   cost 0.48 ms a request at 2,060/s and 0.82 ms at 800/s.
 *
 * What a second instance does add is still in it. Counted on the board at 400/s each: 3,641 of an
 * instance's 8,144 audit_seal() calls were refused, for a head the other instance had just moved, and
 * sealed again with a second call (audit-sealer-postgres.ts); one instance alone, 1 of 4,691.
 *
 * The comparison is made in rounds (BENCH_MULTI_ROUNDS, default 3), each round's two ratios from runs
 * made minutes apart at most, and the target is the median round. Every run's figures are in the table
 * and the JSON.
 *
 * Order within a round: board with one, board with two, record with two, record with one, so the rows
 * the record runs add weigh on both board runs of a round alike (neither follows a record run of that
 * round), and each round stops and starts the second instance once.
 */

/**
 * Each instance's rate, answers a second: about a fifth of what one instance serves closed loop on the
 * 2-core machine (board about 2,000, record about 600), so that two instances with PostgreSQL, HAProxy
 * and the load on 2 cores do not queue for CPU.
 */
const BOARD_PER_INSTANCE = 400;
const RECORDS_PER_INSTANCE = 125;

/** A complete COWS (total 10) without vitals. */
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

/** A paced stream's (first) request, sent closed loop to `baseUrl`: an instance's warm-up. */
function closedLoopOf(stream: PacedStream, baseUrl: string): LoadSpec {
  const [request] = stream.requests;
  if (!request) throw new Error(`the stream ${stream.name} has no request`);
  return {
    name: stream.name,
    description: `${request.method} ${request.path}, closed loop (warm-up)`,
    url: `${baseUrl}${request.path}`,
    method: request.method,
    headers: { cookie: stream.cookie, ...(request.body ? { 'content-type': 'application/json' } : {}) },
    ...(request.body ? { body: request.body } : {}),
    verifyBody: (body) => body.includes(stream.expect),
  };
}

/** Server CPU of the given process ids, summed; null if one cannot be read. */
function cpuOf(pids: (number | undefined)[]): PacedProbe {
  return {
    // Two instances have two loops; their delay is not what this bench compares.
    eventLoopDelayP99Ms: async () => null,
    cpuTimeMs() {
      let sum = 0;
      for (const pid of pids) {
        const ms = pid === undefined ? null : processCpuTimeMs(pid);
        if (ms === null) return null;
        sum += ms;
      }
      return sum;
    },
  };
}

/**
 * Measures the stream for one instance (B stopped: it would otherwise hear every write's NOTIFY) or
 * for two, through the balancer. Both ways go through HAProxy, so the only difference is the instance
 * count.
 * An instance started for the run is warmed first (JIT, statement caches), as A was.
 */
async function measure(
  cluster: Cluster,
  state: { bRunning: boolean },
  streamFor: (instances: 1 | 2) => PacedStream & { description: string },
  instances: 1 | 2,
  round: number,
  config: BenchConfig,
  warm: (baseUrl: string) => Promise<void>,
  log: (m: string) => void,
): Promise<Measured> {
  if (instances === 1 && state.bRunning) {
    await cluster.instances.b.stop();
    await cluster.balancer.waitFor('DOWN', ['b']);
    state.bRunning = false;
  } else if (instances === 2 && !state.bRunning) {
    await cluster.restart('b');
    state.bRunning = true;
    await warm(cluster.instances.b.url);
  }
  const pids = instances === 1 ? [cluster.instances.a.pid] : [cluster.instances.a.pid, cluster.instances.b.pid];
  const probe = cpuOf(pids);
  // What the idle instances burn anyway (timers, the LISTEN connection's keep-alive): not a cost per request.
  const idleBefore = probe.cpuTimeMs();
  await new Promise((resolve) => setTimeout(resolve, IDLE_SAMPLE_MS));
  const idleAfter = probe.cpuTimeMs();
  const idleShare = idleBefore === null || idleAfter === null ? 0 : (idleAfter - idleBefore) / IDLE_SAMPLE_MS;
  const stream = streamFor(instances);
  const name = `${stream.name} x${instances} (round ${round})`;
  const [figures] = (await measurePaced(cluster.balancer.url, [{ ...stream, name }], probe, config)).rows as [
    LoadFigures,
  ];
  const netUs =
    figures.serverCpuUsPerRequest === null || figures.ok2xx === 0
      ? null
      : figures.serverCpuUsPerRequest - (idleShare * figures.durationS * 1e6) / figures.ok2xx;
  log(
    `${figures.name}: ${figures.requestsPerSec.toFixed(0)} req/s, p99 ${figures.latencyMs.p99.toFixed(1)} ms, ${((figures.serverCpuUsPerRequest ?? Number.NaN) / 1000).toFixed(3)} ms server CPU per request (${((netUs ?? Number.NaN) / 1000).toFixed(3)} ms beyond the idle ${(idleShare * 100).toFixed(1)} % of a core)`,
  );
  return { ...figures, netCpuUsPerRequest: netUs };
}

/** How long the idle instances' own CPU use is sampled before each measurement. */
const IDLE_SAMPLE_MS = 2_000;

type Measured = LoadFigures & { netCpuUsPerRequest: number | null };

interface Round {
  board1: Measured;
  board2: Measured;
  record1: Measured;
  record2: Measured;
}

const ROUNDS = Math.max(1, Math.round(Number(process.env.BENCH_MULTI_ROUNDS ?? 3)));

/** The ratio of the CPU per request beyond what idle instances use anyway (the raw figures are in the table). */
function ratio(two: Measured, one: Measured): number {
  return two.netCpuUsPerRequest !== null && one.netCpuUsPerRequest
    ? two.netCpuUsPerRequest / one.netCpuUsPerRequest
    : Number.NaN;
}

function rawRatio(two: Measured, one: Measured): number {
  return two.serverCpuUsPerRequest !== null && one.serverCpuUsPerRequest
    ? two.serverCpuUsPerRequest / one.serverCpuUsPerRequest
    : Number.NaN;
}

/** The median round's ratio (the lower middle one for an even count). */
function medianOf(ratios: number[]): number {
  const sorted = [...ratios].sort((a, b) => a - b);
  return percentile(sorted, 50);
}

export const multiInstanceBench: BenchModule = {
  name: 'multi-instance',
  title: 'server CPU per request, one instance vs two on one PostgreSQL (assessments.record, census.board)',
  artifact: 'bench-multi-instance.json',
  // The framework's SQLite server is not used: this bench starts its own PostgreSQL, two instances and HAProxy.
  server: { seed: 'none' },
  // Start-up and warm-up, then per round four runs, an idle sample before each, and one restart.
  timeoutS: 240 + ROUNDS * 4 * 3 * 12,
  async run({ config, log }) {
    log("the framework's server is not used: PostgreSQL, two instances and HAProxy follow");
    const cluster = await startCluster({ env: { NODE_ENV: 'production', LOG_LEVEL: 'warn' } });
    try {
      log(
        `instances a (pid ${cluster.instances.a.pid}) and b (pid ${cluster.instances.b.pid}) behind ${cluster.balancer.url}`,
      );
      const nurse = await login(cluster.balancer.url, 'nurse', 'demo-nurse');
      const physician = await login(cluster.balancer.url, 'physician', 'demo-physician');
      const units = await trpcQuery<{ id: number; name: string }[]>(cluster.balancer.url, physician, 'units.list');
      const unitId = units.find((u) => u.name === 'Detox North')?.id ?? 1;
      const admissions = await trpcQuery<{ id: number }[]>(cluster.balancer.url, nurse, 'admissions.list', {
        unitId,
      });
      const admissionId = admissions[0]?.id;
      if (admissionId === undefined) throw new Error('the demo unit has no open admission to chart on');

      const boardPath = new URL(queryUrl(cluster.balancer.url, 'census.board', { unitId }));
      const recordBody = JSON.stringify({
        admissionId,
        instrument: 'COWS',
        takenAt: new Date(Date.now() - 60_000).toISOString(),
        items: COWS_ITEMS,
      });
      // What is measured: the same requests through the balancer, at a fixed rate per instance.
      const boardPaced = (instances: 1 | 2): PacedStream & { description: string } => ({
        name: 'census.board',
        description: `GET /trpc/census.board (Detox North, physician) at ${BOARD_PER_INSTANCE * instances}/s, open loop`,
        rate: BOARD_PER_INSTANCE * instances,
        cookie: physician,
        requests: [{ method: 'GET', path: `${boardPath.pathname}${boardPath.search}` }],
        expect: '"rows":[',
      });
      const recordPaced = (instances: 1 | 2): PacedStream & { description: string } => ({
        name: 'assessments.record',
        description: `POST /trpc/assessments.record (COWS, no vitals) at ${RECORDS_PER_INSTANCE * instances}/s, open loop`,
        rate: RECORDS_PER_INSTANCE * instances,
        cookie: nurse,
        requests: [{ method: 'POST', path: '/trpc/assessments.record', body: recordBody }],
        expect: '"total":10',
      });

      // Each freshly started instance gets the same warm-up, sent to it directly, before it is measured:
      // the measured requests, closed loop.
      const warmS = Math.max(3, 2 * config.warmupS);
      const warm = async (baseUrl: string) => {
        for (const stream of [boardPaced(1), recordPaced(1)])
          await measureLoad(closedLoopOf(stream, baseUrl), { ...config, warmupS: 0, durationS: warmS });
      };
      await warm(cluster.instances.a.url);
      await warm(cluster.instances.b.url);
      const state = { bRunning: true };
      const rounds: Round[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        const board1 = await measure(cluster, state, boardPaced, 1, round, config, warm, log);
        const board2 = await measure(cluster, state, boardPaced, 2, round, config, warm, log);
        const record2 = await measure(cluster, state, recordPaced, 2, round, config, warm, log);
        const record1 = await measure(cluster, state, recordPaced, 1, round, config, warm, log);
        rounds.push({ board1, board2, record1, record2 });
        log(
          `round ${round} of ${ROUNDS}: two instances / one, record ${ratio(record2, record1).toFixed(2)}, board ${ratio(board2, board1).toFixed(2)}`,
        );
      }
      const recordRatio = medianOf(rounds.map((r) => ratio(r.record2, r.record1)));
      const boardRatio = medianOf(rounds.map((r) => ratio(r.board2, r.board1)));
      const targets: Target[] = [
        {
          name: 'assessments.record: CPU per request, two instances / one',
          actual: recordRatio,
          comparison: '<=',
          limit: 1.1,
          unit: 'x',
        },
        {
          name: 'census.board: CPU per request, two instances / one',
          actual: boardRatio,
          comparison: '<=',
          limit: 1.1,
          unit: 'x',
        },
      ];
      const measurements = rounds.flatMap((r) => [r.board1, r.board2, r.record1, r.record2]);
      const derived: Record<string, number> = {
        'assessments.record per-instance cost ratio (two / one), median round': recordRatio,
        'census.board per-instance cost ratio (two / one), median round': boardRatio,
      };
      for (const [i, r] of rounds.entries()) {
        derived[`round ${i + 1}: assessments.record ratio (two / one)`] = ratio(r.record2, r.record1);
        derived[`round ${i + 1}: census.board ratio (two / one)`] = ratio(r.board2, r.board1);
        derived[`round ${i + 1}: assessments.record ratio of raw CPU per request, idle use included`] = rawRatio(
          r.record2,
          r.record1,
        );
        derived[`round ${i + 1}: census.board ratio of raw CPU per request, idle use included`] = rawRatio(
          r.board2,
          r.board1,
        );
      }
      return {
        measurements,
        derived,
        targets,
        problems: measurements.flatMap(loadProblems),
      };
    } catch (error) {
      throw new Error(
        `${error instanceof Error ? error.message : String(error)}\n--- instances ---\n${cluster.outputs().slice(-4000)}`,
      );
    } finally {
      await cluster.stop();
    }
  },
};
