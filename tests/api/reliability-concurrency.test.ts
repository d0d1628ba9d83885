import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORDS, admitBody } from '../support/api.js';
import { type StartedPostgres, startPostgres } from '../support/postgres.js';
import {
  type AckedWrite,
  RELIABILITY_ENV,
  type TaggedWrite,
  auditChain,
  clientWithSession,
  missingOrChanged,
  prng,
  sendTagged,
  taggedAdministration,
  writeDoseOrders,
  taggedAssessment,
  withPostgres,
} from '../support/reliability-helpers.js';
import { type StartedServer, startServer } from '../support/server.js';
import { selectAll } from '../support/sqlite-counts.js';
import { TrpcHttp, dataOf } from '../support/trpc-http.js';

/**
 * Concurrency (issue 6, item 6): 50 clients chart on the same admission at once, 4 assessments and 4
 * administrations each, every request with a tag of its own. Afterwards the admission holds exactly
 * the acknowledged rows (none lost, none twice), each with its audit row, and the audit chain
 * verifies; no answer is a 5xx or mentions a locked or busy database. On SQLite, and on PostgreSQL
 * (a throwaway cluster; SKIP_POSTGRES=1 skips it, as for the server project).
 *
 * Sessions: a login costs one scrypt (0.5 s of CPU or more at N=2^17), so the 50 clients share two
 * sessions, a nurse's and a physician's, 25 clients on each. Each client sends its 8 writes one after
 * the other, all 50 at once, so 50 requests are in flight (each looking its session up in the database).
 */

const CLIENTS = 50;
const EACH = 4;
const SESSIONS_PER_ROLE = 1;
const SEED = Number(process.env.RELIABILITY_SEED ?? Math.floor(Math.random() * 2 ** 31));

interface Outcome {
  write: TaggedWrite;
  status: number | null;
  text: string;
  id: number | null;
}

interface ListedRow {
  id: number;
  note?: string | null;
  holdReason?: string | null;
}

async function chartAtOnce(
  server: StartedServer,
  label: string,
): Promise<{ acked: AckedWrite[]; admissionId: number; outcomes: Outcome[]; ms: number; reader: TrpcHttp }> {
  const logins = (['nurse', 'physician'] as const).flatMap((role) =>
    Array.from({ length: SESSIONS_PER_ROLE }, () => role),
  );
  const sessions = await Promise.all(
    logins.map(async (role) => {
      const client = new TrpcHttp(server.url);
      await client.login(role, DEMO_PASSWORDS[role]);
      return client.cookie;
    }),
  );
  const first = clientWithSession(server.url, sessions[0] ?? null);
  const units = dataOf(await first.query<{ id: number; name: string }[]>('units.list'));
  const unitId = units.find((u) => u.name === 'Detox North')?.id ?? units[0]?.id;
  const admitted = dataOf(
    await first.mutate<{ admissionId: number }>(
      'admissions.admit',
      admitBody(unitId as number, '4', `CONC-${label}-${SEED}`),
    ),
  );
  const admissionId = admitted.admissionId;
  // Sessions are the nurses' then the physicians': the first physician writes the orders the doses are charted against.
  const physician = clientWithSession(server.url, sessions[SESSIONS_PER_ROLE] ?? null);
  const admittedAt = dataOf(await first.query<{ admittedAt: string }>('admissions.get', { admissionId })).admittedAt;
  const doseOrders = await writeDoseOrders(physician, admissionId, admittedAt);

  const random = prng(SEED);
  const outcomes: Outcome[] = [];
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      const client = clientWithSession(server.url, sessions[c % sessions.length] ?? null);
      for (let k = 0; k < EACH; k++) {
        for (const write of [
          taggedAssessment(admissionId, `conc ${label} c${c} a${k}`, random),
          taggedAdministration(admissionId, `conc ${label} c${c} m${k}`, random, doseOrders),
        ]) {
          try {
            const res = await sendTagged(client, write);
            outcomes.push({
              write,
              status: res.status,
              text: res.text,
              id: res.status === 200 ? (res.body.result?.data.id ?? null) : null,
            });
          } catch (error) {
            outcomes.push({
              write,
              status: null,
              text: error instanceof Error ? error.message : String(error),
              id: null,
            });
          }
        }
      }
    }),
  );
  const ms = Date.now() - t0;
  const acked = outcomes.filter((o) => o.id !== null).map((o) => ({ ...o.write, id: o.id as number }));
  return { acked, admissionId, outcomes, ms, reader: first };
}

/** Checks over HTTP that the admission lists exactly the acknowledged rows, each tag once. */
async function expectExactlyAcknowledged(
  reader: TrpcHttp,
  acked: AckedWrite[],
  admissionId: number,
  outcomes: Outcome[],
): Promise<void> {
  const unanswered = outcomes.filter((o) => o.status === null);
  expect(
    unanswered.map((o) => `${o.write.tag}: ${o.text}`),
    'requests without an answer',
  ).toEqual([]);
  const faults = outcomes.filter(
    (o) => (o.status ?? 0) >= 500 || /database is locked|SQLITE_BUSY|SQLITE_LOCKED|deadlock/i.test(o.text),
  );
  expect(
    faults.map((o) => `${o.write.tag}: ${o.status} ${o.text.slice(0, 300)}`),
    'server errors or lock errors',
  ).toEqual([]);
  // Every write was valid, so every one must be acknowledged.
  const refused = outcomes.filter((o) => o.status !== 200);
  expect(
    refused.map((o) => `${o.write.tag}: ${o.status} ${o.text.slice(0, 300)}`),
    'refused writes',
  ).toEqual([]);
  expect(acked).toHaveLength(CLIENTS * EACH * 2);
  expect(new Set(acked.map((a) => `${a.kind}:${a.id}`)).size, 'an id answered twice').toBe(acked.length);

  const assessments = dataOf(await reader.query<ListedRow[]>('assessments.list', { admissionId }));
  const administrations = dataOf(await reader.query<ListedRow[]>('medications.list', { admissionId }));
  const expectedAssessments = acked.filter((a) => a.kind === 'assessment');
  const expectedAdministrations = acked.filter((a) => a.kind === 'administration');
  // Exactly the acknowledged rows: the same ids, and each request's tag on exactly its own row.
  expect(assessments.map((r) => r.id).sort((a, b) => a - b)).toEqual(
    expectedAssessments.map((a) => a.id).sort((a, b) => a - b),
  );
  expect(administrations.map((r) => r.id).sort((a, b) => a - b)).toEqual(
    expectedAdministrations.map((a) => a.id).sort((a, b) => a - b),
  );
  const noteOf = new Map(assessments.map((r) => [r.id, r.note]));
  const reasonOf = new Map(administrations.map((r) => [r.id, r.holdReason]));
  expect(
    expectedAssessments.filter((a) => noteOf.get(a.id) !== a.tag).map((a) => a.tag),
    'assessments whose note is not their tag',
  ).toEqual([]);
  expect(
    expectedAdministrations.filter((a) => reasonOf.get(a.id) !== a.tag).map((a) => a.tag),
    'administrations whose hold reason is not their tag',
  ).toEqual([]);
}

describe('50 clients charting on one admission at once', () => {
  let server: StartedServer | null = null;
  let postgres: StartedPostgres | null = null;

  afterAll(async () => {
    await server?.stop();
    await postgres?.stop();
  });

  it(`on SQLite: exactly the acknowledged rows, no 5xx, no locked database (seed ${SEED})`, {
    timeout: 120_000,
  }, async () => {
    server = await startServer({ env: RELIABILITY_ENV });
    const file = server.sqlitePath as string;
    const { acked, admissionId, outcomes, ms, reader } = await chartAtOnce(server, 'sqlite');
    await expectExactlyAcknowledged(reader, acked, admissionId, outcomes);
    // Straight from the file: content as sent, one row per tag, one create audit row per write.
    expect(missingOrChanged(file, acked)).toEqual([]);
    const rows = selectAll<{ n: number }>(
      file,
      'select (select count(*) from assessment where admission_id = ?) + (select count(*) from medication_administration where admission_id = ?) as n',
      admissionId,
      admissionId,
    );
    expect(rows[0]?.n).toBe(acked.length);
    const chain = await auditChain(file);
    expect(chain, chain.problem).toMatchObject({ ok: true });
    console.log(
      `concurrency (sqlite): ${CLIENTS} clients, ${outcomes.length} writes on one admission in ${(ms / 1000).toFixed(1)} s, ${acked.length} acknowledged, ${rows[0]?.n} rows, 0 lost, 0 duplicated, 0 5xx or locked, audit chain ok`,
    );
    await server.stop();
    server = null;
  });

  it.skipIf(process.env.SKIP_POSTGRES === '1')(
    `on PostgreSQL: exactly the acknowledged rows, no 5xx (seed ${SEED})`,
    { timeout: 180_000 },
    async () => {
      postgres = await startPostgres();
      server = await startServer({ databaseUrl: postgres.url, env: RELIABILITY_ENV });
      const { acked, admissionId, outcomes, ms, reader } = await chartAtOnce(server, 'postgres');
      await expectExactlyAcknowledged(reader, acked, admissionId, outcomes);
      const { rows, audits } = await withPostgres(postgres.url, async (pg) => {
        const counted = await pg.query<{ n: string }>(
          'select (select count(*) from assessment where admission_id = $1) + (select count(*) from medication_administration where admission_id = $1) as n',
          [admissionId],
        );
        const audited = await pg.query<{ entity: string; entity_id: number; n: string }>(
          "select entity, entity_id, count(*) as n from audit_event where action = 'create' and entity in ('assessment', 'administration') group by entity, entity_id",
        );
        return {
          rows: Number(counted.rows[0]?.n),
          audits: new Map(audited.rows.map((r) => [`${r.entity}:${r.entity_id}`, Number(r.n)])),
        };
      });
      expect(rows).toBe(acked.length);
      expect(
        acked.filter((a) => audits.get(`${a.kind}:${a.id}`) !== 1).map((a) => a.tag),
        'writes without exactly one create audit row',
      ).toEqual([]);
      const chain = await auditChain(postgres.url);
      expect(chain, chain.problem).toMatchObject({ ok: true });
      console.log(
        `concurrency (postgres): ${CLIENTS} clients, ${outcomes.length} writes on one admission in ${(ms / 1000).toFixed(1)} s, ${acked.length} acknowledged, ${rows} rows, 0 lost, 0 duplicated, 0 5xx, audit chain ok`,
      );
    },
  );
});
