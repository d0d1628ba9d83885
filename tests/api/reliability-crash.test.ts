import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { DEMO_PASSWORDS } from '../support/api.js';
import {
  type AckedWrite,
  RELIABILITY_ENV,
  auditChain,
  clientWithSession,
  integrityCheck,
  missingOrChanged,
  prng,
  sendTagged,
  sleep,
  doseOrdersIn,
  taggedAdministration,
  taggedAssessment,
  unpairedWrites,
} from '../support/reliability-helpers.js';
import { type StartedServer, startServer } from '../support/server.js';
import { selectAll, withSqlite } from '../support/sqlite-counts.js';
import { TrpcHttp } from '../support/trpc-http.js';

// The demo nurse charts on Detox North only (unit scoping): the writers chart there.
const NORTH_OPEN_ADMISSIONS =
  "select a.id from admission a join unit u on u.id = a.unit_id where a.discharged_at is null and u.name = 'Detox North' order by a.id";

/**
 * Crash safety (issue 6, item 6): a server killed with SIGKILL in the middle of charting loses no
 * write it acknowledged. Each trial runs concurrent writers against the real server, kills it at a
 * random moment, starts a new server on the same SQLite file and checks that every acknowledged write
 * is there with the content sent (and its audit row, committed with it), that the file passes
 * integrity_check and foreign_key_check, and that the audit chain verifies.
 *
 * Cost: a server start is most of a trial (about 1.5 s of tsx module loading), so the trials run in
 * two lanes at once, each on a SQLite file of its own, seeded once; sessions live in the database,
 * so each lane logs in once and its cookies survive the restarts.
 */

const TRIALS = Number(process.env.RELIABILITY_CRASH_TRIALS ?? 20);
const LANES = 2;
const WRITERS = 8;
/** When to kill, in ms after the trial's first acknowledged write. */
const KILL_AFTER_MS: [number, number] = [50, 600];
const SEED = Number(process.env.RELIABILITY_SEED ?? Math.floor(Math.random() * 2 ** 31));

interface LaneResult {
  acked: number;
  unanswered: number;
  trials: number;
}

/** `trials` crash-and-restart cycles on one file. */
async function lane(index: number, trials: number): Promise<LaneResult> {
  const random = prng(SEED + index);
  const dir = mkdtempSync(path.join(tmpdir(), 'detox-crash-'));
  const file = path.join(dir, 'crash.sqlite');
  let server: StartedServer | null = null;
  const acked: AckedWrite[] = [];
  const refused: string[] = [];
  let unanswered = 0;

  /** After a restart: the file as the new server recovered it. */
  const verify = async (after: string) => {
    expect(missingOrChanged(file, acked), `lane ${index}, after ${after}`).toEqual([]);
    // Acknowledged or not (in flight at the kill), each write is all there or not there at all.
    expect(unpairedWrites(file, 'crash '), `lane ${index}, after ${after}`).toEqual([]);
    expect(integrityCheck(file), `integrity_check, lane ${index}, after ${after}`).toEqual(['ok']);
    expect(
      withSqlite(file, (db) => db.prepare('pragma foreign_key_check').all()),
      `foreign_key_check, lane ${index}, after ${after}`,
    ).toEqual([]);
    const chain = await auditChain(file);
    expect(chain, `audit chain, lane ${index}, after ${after}: ${chain.problem ?? ''}`).toMatchObject({ ok: true });
  };

  try {
    server = await startServer({ databaseUrl: file, seed: 'demo', env: RELIABILITY_ENV });
    // One login per lane (a login is a scrypt): lane 0 charts as the nurse, lane 1 as the physician.
    const role = index % 2 === 0 ? 'nurse' : 'physician';
    const user = new TrpcHttp(server.url);
    await user.login(role, DEMO_PASSWORDS[role]);
    const cookies = [user.cookie];
    const admissions = selectAll<{ id: number }>(file, NORTH_OPEN_ADMISSIONS).map((r) => r.id);
    const doseOrders = doseOrdersIn(file, admissions);
    expect(admissions.length).toBeGreaterThan(0);

    for (let trial = 1; trial <= trials; trial++) {
      if (trial > 1) {
        // A restart: a new process on the same file, no seeding (the database is not empty).
        server = await startServer({ databaseUrl: file, seed: 'none', env: RELIABILITY_ENV });
        await verify(`crash ${trial - 1}`);
      }
      const url = server.url;
      let crashed = false;
      let firstAck!: () => void;
      const acknowledged = new Promise<void>((resolve) => {
        firstAck = resolve;
      });
      const ackedBefore = acked.length;
      const writer = async (w: number) => {
        const client = clientWithSession(url, cookies[w % cookies.length] ?? null);
        for (let i = 0; !crashed; i++) {
          const admissionId = admissions[(w + i) % admissions.length] as number;
          const tag = `crash l${index} t${trial} w${w} #${i}`;
          const write =
            random() < 0.5
              ? taggedAssessment(admissionId, tag, random)
              : taggedAdministration(admissionId, tag, random, doseOrders.get(admissionId) ?? []);
          let res: Awaited<ReturnType<typeof sendTagged>>;
          try {
            res = await sendTagged(client, write);
          } catch {
            // No answer: the process died with the request in flight. Not acknowledged, so either way is fine.
            unanswered += 1;
            return;
          }
          if (res.status === 200 && res.body.result) {
            acked.push({ ...write, id: res.body.result.data.id });
            firstAck();
          } else {
            refused.push(`${tag}: ${res.status} ${res.text.slice(0, 300)}`);
          }
        }
      };
      const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
      // The clock starts at the first acknowledgement, so every trial kills a server that is busy
      // writing, however slow the machine is to warm up a new process.
      let noAck: NodeJS.Timeout | undefined;
      await Promise.race([acknowledged, new Promise<void>((resolve) => (noAck = setTimeout(resolve, 30_000)))]);
      clearTimeout(noAck);
      await sleep(KILL_AFTER_MS[0] + Math.floor(random() * (KILL_AFTER_MS[1] - KILL_AFTER_MS[0] + 1)));
      await server.kill('SIGKILL');
      crashed = true;
      await Promise.all(writers);
      expect(
        acked.length,
        `writes acknowledged in lane ${index}, trial ${trial}; refused: ${refused.slice(0, 3).join(' | ')}`,
      ).toBeGreaterThan(ackedBefore);
    }

    server = await startServer({ databaseUrl: file, seed: 'none', env: RELIABILITY_ENV });
    await verify(`crash ${trials}`);
    // Every write was valid: anything but a 200 before the kill is a server fault.
    expect(refused).toEqual([]);
    return { acked: acked.length, unanswered, trials };
  } catch (error) {
    if (server) console.error(`lane ${index}: last server output:\n${server.output().slice(-3000)}`);
    throw error;
  } finally {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

it(`loses no acknowledged write across ${TRIALS} SIGKILLs during concurrent charting (seed ${SEED})`, {
  timeout: 240_000,
}, async () => {
  const t0 = Date.now();
  const perLane = Array.from({ length: LANES }, (_, i) => Math.floor(TRIALS / LANES) + (i < TRIALS % LANES ? 1 : 0));
  // Settled, not all: a failing lane must not leave the other's server running past the test.
  const settled = await Promise.allSettled(perLane.map((trials, i) => lane(i, trials)));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  const lanes = settled.map((s) => (s as PromiseFulfilledResult<LaneResult>).value);
  const trials = lanes.reduce((n, l) => n + l.trials, 0);
  const acked = lanes.reduce((n, l) => n + l.acked, 0);
  const unanswered = lanes.reduce((n, l) => n + l.unanswered, 0);
  expect(trials).toBe(TRIALS);
  console.log(
    `crash: ${trials} trials, ${acked} acknowledged writes, all present, integrity ok, audit chain ok ` +
      `(${unanswered} requests in flight at the kills; ${LANES} lanes; seed ${SEED}; ${((Date.now() - t0) / 1000).toFixed(1)} s)`,
  );
});
