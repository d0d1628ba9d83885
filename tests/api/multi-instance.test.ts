import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORDS, minutesAgo } from '../support/api.js';
import { startChartingLoad, lostOrDuplicated } from '../support/charting-load.js';
import { auditSealCalls } from '../support/audit-seal-calls.js';
import { type Cluster, startCluster } from '../support/cluster.js';
import { openStream, readUntilClosed } from '../support/event-stream.js';
import { auditChain, withPostgres } from '../support/reliability-helpers.js';
import { SESSION_COOKIE, TrpcHttp, type TrpcResponse, dataOf } from '../support/trpc-http.js';

/**
 * Issue 12, items 2-4: two server instances on one PostgreSQL behind HAProxy on loopback, the way a
 * hospital group runs it (docs/deploy.md). What one instance does, the other knows at once (sessions,
 * live board events, the login throttle, alerts, protocol versions, the audit chain); losing an
 * instance to SIGKILL under charting load loses and duplicates nothing (the client retries with the
 * same requestId); a rolling restart (SIGTERM, drain, start again, one at a time) neither.
 */

let cluster: Cluster;
const METRICS_TOKEN = 'metrics-token-for-the-cluster-0123456789';
/** Clients that talk to one instance directly, or through the balancer. */
let viaA: TrpcHttp;
let viaB: TrpcHttp;
let unitId: number;

/** A client on `url` sharing `session`'s cookie (the same logged-in user, another connection). */
function withCookie(url: string, session: TrpcHttp): TrpcHttp {
  const client = new TrpcHttp(url);
  client.cookie = session.cookie;
  return client;
}

async function pgRows<R>(sql: string, params: unknown[] = []): Promise<R[]> {
  return withPostgres(cluster.databaseUrl, async (pg) => (await pg.query<R>(sql, params)).rows);
}

beforeAll(async () => {
  cluster = await startCluster({ env: { METRICS_TOKEN } });
  viaA = new TrpcHttp(cluster.instances.a.url);
  viaB = new TrpcHttp(cluster.instances.b.url);
  const [unit] = await pgRows<{ id: number }>("select id from unit where name = 'Detox North'");
  unitId = Number(unit?.id);
}, 180_000);

afterAll(async () => {
  await cluster?.stop();
});

/** An instance's calls of audit_seal() refused so far: the chain's head had moved under it (GET /metrics). */
async function sealCallsRefused(url: string): Promise<number> {
  const calls = await auditSealCalls(url, METRICS_TOKEN);
  if (!calls) throw new Error(`no audit_seal() calls in the metrics of ${url}`);
  return calls.refused;
}

/** Fails with what the instances printed, so a crash on one of them is visible in the test output. */
function explain(res: TrpcResponse): string {
  return `${res.status} ${res.text.slice(0, 500)}\n${cluster.outputs().slice(-3000)}`;
}

// Password hashing (scrypt) and two servers on a CI machine's two cores: generous per-test time.
describe('two instances on one PostgreSQL behind HAProxy', { timeout: 60_000 }, () => {
  it('both started together on an empty database: the migrations and the demo seed ran once', async () => {
    const log = readFileSync(cluster.postgres.logFile, 'utf8');
    // log_statement=ddl: every CREATE TABLE either instance sent is in the log.
    const createUnit = log.match(/statement: create table "unit"/gi) ?? [];
    expect(createUnit, 'the initial migration ran more than once').toHaveLength(1);
    expect(log).not.toMatch(/ERROR: .*(already exists|duplicate key)/);

    const migrations = await pgRows<{ name: string }>('select name from kysely_migration order by name');
    expect(new Set(migrations.map((m) => m.name)).size).toBe(migrations.length);
    expect(migrations.length).toBeGreaterThan(5);

    const units = await pgRows<{ name: string; n: string }>('select name, count(*) as n from unit group by name');
    expect(units.length).toBeGreaterThan(0);
    for (const u of units) expect(Number(u.n), `unit ${u.name}`).toBe(1);
    const seeded = [cluster.instances.a, cluster.instances.b].filter((s) =>
      s.output().includes('Loaded the demo unit'),
    );
    expect(seeded, 'exactly one instance loads the demo').toHaveLength(1);
  });

  it('a login made through one instance works on the other, and through the balancer', async () => {
    const user = await viaA.login('nurse', DEMO_PASSWORDS.nurse);
    const onB = withCookie(cluster.instances.b.url, viaA);
    expect(dataOf(await onB.query<{ username: string }>('auth.me'))).toMatchObject({ username: 'nurse', id: user.id });
    await viaB.login('physician', DEMO_PASSWORDS.physician);
    const throughBalancer = withCookie(cluster.balancer.url, viaB);
    // Round robin without stickiness: consecutive requests land on both instances; every one knows the session.
    for (let i = 0; i < 4; i++)
      expect(dataOf(await throughBalancer.query<{ username: string }>('auth.me'))).toMatchObject({
        username: 'physician',
      });
  });

  it('a COWS saved on one instance reaches a board event stream open on the other within 1 s', async () => {
    const admissions = dataOf(await viaA.query<{ id: number }[]>('admissions.list', { unitId }));
    const admissionId = admissions[0]?.id as number;
    const stream = await fetch(
      `${cluster.instances.b.url}/trpc/events.unit?input=${encodeURIComponent(JSON.stringify({ unitId }))}`,
      { headers: { accept: 'text/event-stream', cookie: `${SESSION_COOKIE}=${viaA.cookie}` } },
    );
    expect(stream.status).toBe(200);
    const reader = stream.body?.pipeThrough(new TextDecoderStream()).getReader();
    if (!reader) throw new Error('no event stream body');
    let received = '';
    // The stream is open once its first bytes (tRPC's "connected" event) are in.
    received += (await reader.read()).value ?? '';
    let arrivedAt = 0;
    const marker = `"admissionId":${admissionId}`;
    const arrival = (async () => {
      while (!received.includes(marker)) {
        const chunk = await reader.read();
        if (chunk.done) throw new Error(`the stream ended before the event: ${received}`);
        received += chunk.value;
      }
      arrivedAt = Date.now();
    })();

    const sentAt = Date.now();
    const saved = await viaA.mutate<{ id: number }>('assessments.record', {
      admissionId,
      instrument: 'COWS',
      takenAt: minutesAgo(2),
      items: { ...COWS_FOR_EVENT },
      note: 'multi-instance event',
    });
    const savedAt = Date.now();
    expect(saved.status, explain(saved)).toBe(200);
    await Promise.race([
      arrival,
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no event within 3 s: ${received}`)), 3_000)),
    ]);
    await reader.cancel();
    // Saved = acknowledged; the event may even come before the answer (NOTIFY goes out at commit).
    expect(arrivedAt - savedAt).toBeLessThan(1_000);
    expect(arrivedAt - sentAt).toBeLessThan(1_000 + (savedAt - sentAt));

    // The board on B shows the score saved on A.
    const board = dataOf(
      await withCookie(cluster.instances.b.url, viaA).query<{
        rows: { admissionId: number; latestScore: { total: number } | null }[];
      }>('census.board', { unitId }),
    );
    expect(board.rows.find((r) => r.admissionId === admissionId)?.latestScore?.total).toBe(COWS_EVENT_TOTAL);
  });

  it("a COWS saved on one instance tells the other where the audit chain's head is: the other's next seal is not refused", async () => {
    const admissions = dataOf(await viaA.query<{ id: number }[]>('admissions.list', { unitId }));
    const admissionId = admissions[0]?.id as number;
    const onB = withCookie(cluster.instances.b.url, viaA);
    const stream = await openStream(onB, unitId);
    expect(stream.status).toBe(200);
    const charted = (note: string) =>
      ({ admissionId, instrument: 'COWS', takenAt: minutesAgo(1), items: { ...COWS_FOR_EVENT }, note }) as const;
    const saved = await viaA.mutate<{ id: number }>('assessments.record', charted('charted on A'));
    expect(saved.status, explain(saved)).toBe(200);
    // B heard A's event, and with it the head A sealed to.
    const heard = Date.now();
    while (!stream.received().includes(`"admissionId":${admissionId}`)) {
      if (Date.now() - heard > 3_000) throw new Error(`B did not hear A's event: ${stream.received()}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    stream.close();
    const refusedBefore = await sealCallsRefused(cluster.instances.b.url);
    // B's own write and read now seal after A's rows at the first call (a refused call costs a second).
    const onBSaved = await onB.mutate<{ id: number }>('assessments.record', charted('charted on B'));
    expect(onBSaved.status, explain(onBSaved)).toBe(200);
    expect((await onB.query('census.board', { unitId })).status).toBe(200);
    expect(await sealCallsRefused(cluster.instances.b.url)).toBe(refusedBefore);
    await expectOneChain();
  });

  it('the login throttle counts failures from both instances as one: 5 checked, the rest told to wait', async () => {
    const address = '203.0.113.77';
    const attempts = Array.from({ length: 8 }, (_, i) => {
      const client = new TrpcHttp(i % 2 === 0 ? cluster.instances.a.url : cluster.instances.b.url);
      client.extraHeaders['x-forwarded-for'] = address;
      return client.mutate('auth.login', { username: 'nurse-south', password: 'not-the-password' });
    });
    const statuses = (await Promise.all(attempts)).map((r) => r.status).sort();
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    const rows = await pgRows<{ throttled: number; n: string }>(
      'select throttled, count(*) as n from login_attempt where address = $1 group by throttled order by throttled',
      [address],
    );
    expect(rows.map((r) => [Number(r.throttled), Number(r.n)])).toEqual([
      [0, 5],
      [1, 3],
    ]);
    // Another device is not affected, on either instance.
    const other = new TrpcHttp(cluster.balancer.url);
    other.extraHeaders['x-forwarded-for'] = '203.0.113.78';
    expect((await other.login('nurse-south', 'demo-nurse-south')).role).toBe('nurse');
  });

  it('COWS charted on both instances at once after a first buprenorphine dose raise one alert, not two', async () => {
    const physician = withCookie(cluster.balancer.url, viaB);
    const nurse = withCookie(cluster.balancer.url, viaA);
    const admit = await nurse.mutate<{ admissionId: number }>('admissions.admit', {
      unitId,
      bed: '11',
      patient: { mrn: 'MULTI-1', name: 'Test Patient MULTI-1', birthDate: '1990-06-15' },
      substances: [{ code: 'heroin' }],
      lastUseAt: minutesAgo(20 * 60),
      admittedAt: minutesAgo(120),
    });
    const admissionId = dataOf(admit).admissionId;
    const order = dataOf(
      await physician.mutate<{ id: number }>('orders.create', {
        admissionId,
        drug: 'buprenorphine',
        doseMg: 4,
        route: 'SL',
        kind: 'once',
        startAt: minutesAgo(90),
      }),
    );
    dataOf(
      await nurse.mutate('medications.record', {
        admissionId,
        orderId: order.id,
        drug: 'buprenorphine',
        doseMg: 4,
        route: 'SL',
        givenAt: minutesAgo(60),
        status: 'given',
        indication: 'Induction',
        overrideReason: 'COWS charted on paper at the bedside',
      }),
    );
    const writes = Array.from({ length: 8 }, (_, i) =>
      withCookie(i % 2 === 0 ? cluster.instances.a.url : cluster.instances.b.url, viaA).mutate('assessments.record', {
        admissionId,
        instrument: 'COWS',
        takenAt: minutesAgo(20 + i),
        items: COWS_30,
        vitals: { heartRate: 124 },
      }),
    );
    for (const res of await Promise.all(writes)) expect(res.status, explain(res)).toBe(200);
    const alerts = await pgRows<{ code: string }>('select code from alert where admission_id = $1', [admissionId]);
    expect(alerts.map((a) => a.code)).toEqual(['precipitated-withdrawal']);
    const listed = dataOf(await physician.query<{ code: string }[]>('alerts.list', { admissionId }));
    expect(listed.map((a) => a.code)).toEqual(['precipitated-withdrawal']);
  });

  it('protocol changes saved on both instances at once get distinct versions, the losers a 409', async () => {
    const physicianA = withCookie(cluster.instances.a.url, viaB);
    const physicianB = withCookie(cluster.instances.b.url, viaB);
    const current = dataOf(await physicianA.query<{ version: number; protocol: unknown }>('protocol.get', { unitId }));
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        (i % 2 === 0 ? physicianA : physicianB).mutate<{ version: number; pendingChangeId: number | null }>(
          'protocol.update',
          { unitId, protocol: current.protocol, reason: `multi-instance change ${i}` },
        ),
      ),
    );
    const saved = answers.filter((a) => a.status === 200).map((a) => dataOf(a).version);
    for (const a of answers) expect([200, 409], explain(a)).toContain(a.status);
    expect(saved.length).toBeGreaterThan(0);
    expect(new Set(saved).size, `versions ${saved.join(', ')}`).toBe(saved.length);
    const versions = (
      await pgRows<{ version: number }>('select version from unit_protocol where unit_id = $1 order by version', [
        unitId,
      ])
    ).map((r) => Number(r.version));
    // One row per version, no gap, and exactly the ones answered.
    expect(versions).toEqual(Array.from({ length: versions.length }, (_, i) => (versions[0] as number) + i));
    expect(versions.slice(-saved.length)).toEqual([...saved].sort((x, y) => x - y));
    expect(versions.at(-1)).toBe(current.version + saved.length);
  });

  it('after all that: one audit chain, no fork, no duplicate sequence number', async () => {
    await expectOneChain();
  });
});

describe('losing an instance (SIGKILL) under charting load', () => {
  it('the balancer moves traffic to the other; retried writes land once: 0 lost, 0 duplicated', async () => {
    const nurse = await loggedInThroughBalancer();
    const admissionIds = await openAdmissions(nurse, 4);
    const lanes = Array.from({ length: 6 }, () => withCookie(cluster.balancer.url, nurse));
    const load = startChartingLoad(lanes, admissionIds, 'failover');
    await load.untilAcked(40);
    await cluster.instances.a.kill('SIGKILL');
    const ackedAtKill = load.ackedSoFar();
    await cluster.balancer.waitFor('DOWN', ['a'], 10_000);
    await load.untilAcked(ackedAtKill + 60);
    const report = await load.finish();
    const found = await lostOrDuplicated(cluster.databaseUrl, 'failover', report);
    console.log(
      `failover: ${report.acked.length} writes acknowledged in ${(report.ms / 1000).toFixed(1)} s (${report.acked.length - ackedAtKill} after the kill), ${report.retried.length} lost answers retried, ${found.problems.length} lost or duplicated${retriedSample(report.retried)}`,
    );
    expect(report.failed, JSON.stringify(report.failed.slice(0, 3))).toEqual([]);
    expect(found.problems).toEqual([]);
    expect(found.rows).toBe(report.acked.length);
    expect(found.requestRows).toBe(report.acked.length);

    await cluster.restart('a');
    // The same request again, on either instance, answers the first result and writes nothing; the same
    // id with other content is refused.
    const sample = report.acked[0];
    if (!sample) throw new Error('nothing was acknowledged');
    for (const url of [cluster.instances.a.url, cluster.instances.b.url]) {
      const again = await withCookie(url, nurse).mutate<{ id: number }>('assessments.record', sample.body);
      expect(dataOf(again).id).toBe(sample.id);
    }
    const changed = await nurse.mutate('assessments.record', { ...sample.body, note: `${sample.tag}-changed` });
    expect(changed.status, changed.text).toBe(409);
    expect((await lostOrDuplicated(cluster.databaseUrl, 'failover', report)).rows).toBe(report.acked.length);
    await expectOneChain();
    // Audit rows are sealed into the chain after their writes commit (issue 16): a write committed by
    // the killed instance but not yet sealed waited in audit_pending, and the instances' passes (one
    // at start, one every few seconds) have sealed it. Every acknowledged write has its row in the chain.
    const [waiting] = await pgRows<{ n: string }>('select count(*) as n from audit_pending');
    expect(Number(waiting?.n)).toBe(0);
    const [audited] = await pgRows<{ n: string }>(
      "select count(*) as n from audit_event where action = 'create' and entity = 'assessment' and entity_id = any($1::int[])",
      [report.acked.map((w) => w.id)],
    );
    expect(Number(audited?.n)).toBe(report.acked.length);
  }, 120_000);
});

describe('rolling restart (SIGTERM, drain, start again, one instance at a time) under charting load', () => {
  it('loses nothing, and the only errors are lost answers the client retried', async () => {
    const nurse = await loggedInThroughBalancer();
    const admissionIds = await openAdmissions(nurse, 4);
    const lanes = Array.from({ length: 6 }, () => withCookie(cluster.balancer.url, nurse));
    const load = startChartingLoad(lanes, admissionIds, 'rolling');
    await load.untilAcked(20);
    for (const name of ['a', 'b'] as const) {
      const instance = cluster.instances[name];
      // An event stream open on the instance is ended with a reconnect hint.
      const stream = await fetch(
        `${instance.url}/trpc/events.unit?input=${encodeURIComponent(JSON.stringify({ unitId }))}`,
        { headers: { accept: 'text/event-stream', cookie: `${SESSION_COOKIE}=${nurse.cookie}` } },
      );
      expect(stream.status).toBe(200);
      const streamText = readUntilClosed(stream);
      const before = load.ackedSoFar();
      await instance.kill('SIGTERM');
      expect(instance.output()).toContain('SIGTERM: closed');
      expect(await streamText).toContain('retry: 500');
      await cluster.restart(name);
      await load.untilAcked(Math.max(before, load.ackedSoFar()) + 20);
    }
    const report = await load.finish();
    const found = await lostOrDuplicated(cluster.databaseUrl, 'rolling', report);
    console.log(
      `rolling restart: ${report.acked.length} writes acknowledged in ${(report.ms / 1000).toFixed(1)} s, ${report.retried.length} lost answers retried, ${found.problems.length} lost or duplicated${retriedSample(report.retried)}`,
    );
    expect(report.failed, JSON.stringify(report.failed.slice(0, 3))).toEqual([]);
    expect(found.problems).toEqual([]);
    expect(found.rows).toBe(report.acked.length);
    await expectOneChain();
  }, 120_000);
});

/** The kinds of lost answers the client retried, counted (a 502 from the balancer, a dropped connection…). */
function retriedSample(retried: string[]): string {
  const kinds = new Map<string, number>();
  for (const r of retried) {
    const kind = r.replace(/^\S+ attempt \d+: /, '').slice(0, 80);
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  return [...kinds].map(([kind, n]) => `\n  ${n} x ${kind}`).join('');
}

/** The nurse logged in on instance A, through the balancer (no new login: a password hash costs ~0.3 s of CPU). */
async function loggedInThroughBalancer(): Promise<TrpcHttp> {
  const nurse = withCookie(cluster.balancer.url, viaA);
  expect(dataOf(await nurse.query<{ username: string }>('auth.me')).username).toBe('nurse');
  return nurse;
}

async function openAdmissions(client: TrpcHttp, n: number): Promise<number[]> {
  const admissions = dataOf(await client.query<{ id: number }[]>('admissions.list', { unitId }));
  return admissions.slice(0, n).map((a) => a.id);
}

/** The verifier walks the chain; ids are unique and every row names the one before it as its link. */
async function expectOneChain(): Promise<void> {
  const report = await auditChain(cluster.databaseUrl);
  expect(report.problem ?? '').toBe('');
  expect(report.ok).toBe(true);
  const forks = await pgRows<{ prev_hmac: string; n: string }>(
    'select prev_hmac, count(*) as n from audit_event where prev_hmac is not null group by prev_hmac having count(*) > 1',
  );
  expect(forks).toEqual([]);
  const gaps = await pgRows<{ n: string }>(
    `select count(*) as n from audit_event e where e.hmac is not null and e.prev_hmac <> '' and not exists
       (select 1 from audit_event p where p.hmac = e.prev_hmac and p.id < e.id)`,
  );
  expect(Number(gaps[0]?.n)).toBe(0);
}

// 18 points (moderate), no heart rate: the pulse item is not cross-checked.
const COWS_FOR_EVENT = {
  pulse: 1,
  sweating: 2,
  restlessness: 1,
  pupils: 1,
  boneJointAches: 2,
  runnyNoseTearing: 1,
  giUpset: 2,
  tremor: 1,
  yawning: 2,
  anxietyIrritability: 2,
  gooseflesh: 3,
};
const COWS_EVENT_TOTAL = 18;

// COWS 30 (moderately severe or worse) with a heart rate of 124 (pulse item 4): the precipitated-withdrawal finding.
const COWS_30 = {
  pulse: 4,
  sweating: 4,
  restlessness: 5,
  pupils: 5,
  boneJointAches: 4,
  runnyNoseTearing: 4,
  giUpset: 3,
  tremor: 1,
  yawning: 0,
  anxietyIrritability: 0,
  gooseflesh: 0,
};
