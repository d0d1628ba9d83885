import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The router itself, to enumerate its mutations and their input schemas: a mutation added later is
// fuzzed without touching this file. (@detox/server exports only the router's type.)
import { appRouter } from '../../server/src/routers/_app.js';
import { DEMO_PASSWORDS, type DemoRole, admitBody, cows18, cowsContent, doseBody, minutesAgo } from '../support/api.js';
import {
  KeepAliveClient,
  RELIABILITY_ENV,
  type RawAnswer,
  inPool,
  tableCounter,
} from '../support/reliability-helpers.js';
import { type Case, type Parser, acceptedBySchema, caseArbitrary } from '../support/reliability-hostile.js';
import { type StartedServer, startServer } from '../support/server.js';
import { selectAll } from '../support/sqlite-counts.js';
import { TrpcHttp } from '../support/trpc-http.js';

/**
 * Hostile input (issue 6, item 6): generated malformed inputs against every mutation of the router, as
 * a role allowed to call it. Every generated input fails the mutation's own input schema (checked here
 * before sending), except "dangling" ones that are valid but name ids that do not exist. Every answer
 * must be a 4xx with a message in words (a 400 with its list of issues), never a 5xx, and no table
 * may change: clinical tables, users, units, protocols, alerts, taper plans, corrections. Excluded from
 * the comparison: session and login_attempt (the logins before the run), and audit_event rows for
 * reads, logins and denials; audit rows for writes (create, update, correct) must not change either.
 */

const TOTAL_CASES = Number(process.env.RELIABILITY_BAD_INPUT_CASES ?? 10_000);
const CONCURRENCY = 16;
const SEED = Number(process.env.RELIABILITY_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** Not fuzzed, and why. */
const NOT_FUZZED: Record<string, string> = {
  'auth.login': 'failed logins throttle the address for 15 minutes (login-throttle.test.ts covers bad logins)',
  'auth.logout': 'takes no input: any body logs the session out',
};

interface ProcedureLike {
  _def: { type: string; inputs: Parser[] };
}

const procedures = (appRouter as unknown as { _def: { procedures: Record<string, ProcedureLike> } })._def.procedures;
const mutations = Object.entries(procedures)
  .filter(([name, p]) => p._def.type === 'mutation' && !(name in NOT_FUZZED))
  .map(([name, p]) => ({ name, parsers: p._def.inputs }));
const inputless = mutations.filter((m) => m.parsers.length === 0).map((m) => m.name);
const fuzzed = mutations.filter((m) => m.parsers.length > 0);

interface Fixtures {
  unitId: number;
  admissionId: number;
  assessmentId: number;
  administrationId: number;
  /** Bed 1's ondansetron order from the demo order set: the dose template is charted against it. */
  orderId: number;
  alertId: number;
  protocol: unknown;
}

/**
 * A valid input per known mutation, the starting point of each corruption (and of the dangling-id
 * cases). A mutation without one here is fuzzed from its schema's field names alone.
 */
function templates(f: Fixtures): Record<string, unknown> {
  const replacementDose = { drug: 'ondansetron', doseMg: 8, route: 'PO', givenAt: minutesAgo(5), status: 'given' };
  return {
    'admissions.admit': admitBody(f.unitId, '4', 'FUZZ-1'),
    'admissions.discharge': { admissionId: f.admissionId, dischargedAt: minutesAgo(1) },
    'assessments.record': cows18(f.admissionId, { note: 'Fuzz base' }),
    'assessments.correct': { assessmentId: f.assessmentId, reason: 'Recounted the items', replacement: cowsContent() },
    'medications.record': doseBody(f.admissionId, { orderId: f.orderId }),
    'medications.correct': {
      administrationId: f.administrationId,
      reason: 'Dose was 8 mg',
      replacement: replacementDose,
    },
    'taperPlans.set': {
      admissionId: f.admissionId,
      drug: 'methadone',
      days: [
        { day: 1, totalMg: 30 },
        { day: 2, totalMg: 25 },
      ],
    },
    'alerts.acknowledge': { alertId: f.alertId, note: 'Seen, plan adjusted' },
    'protocol.update': { unitId: f.unitId, protocol: f.protocol, reason: 'Fuzz base' },
  };
}

/** What is wrong with an answer, or null. */
function problemWith(c: Case, res: RawAnswer): string | null {
  const error = res.body.error;
  if (res.status >= 500) return `${res.status} (server error)`;
  if (res.status < 400) return `${res.status}: accepted`;
  // A generated id can name a real record on a unit the caller is not assigned to (Detox South): unit
  // scoping refuses that with 403 before the input is checked, and says why in words.
  const outsideUnits = res.status === 403 && /not assigned to the unit/.test(String(error?.message));
  if (res.status !== c.expected && !outsideUnits) return `${res.status}, expected ${c.expected}`;
  if (!error || typeof error.message !== 'string' || error.message.trim() === '') return 'no error message';
  if (/database is locked|SQLITE_[A-Z]+|\n\s+at /.test(error.message))
    return `internal detail in the message: ${error.message.slice(0, 200)}`;
  if (res.status === 400) {
    const issues = error.data?.issues;
    if (!Array.isArray(issues) || issues.length === 0) return '400 without issues';
    if (!issues.every((i) => typeof i.path === 'string' && typeof i.message === 'string' && i.message.trim() !== ''))
      return `malformed issues ${JSON.stringify(issues).slice(0, 200)}`;
  }
  return null;
}

/** What a refused call must leave as it was: every table's row count, but see the file comment. */
const WRITE_AUDITS = {
  'audit_event (writes)':
    "select count(*) as n from audit_event where action not in ('read', 'login', 'logout', 'denied')",
};
function protectedCounts(counter: ReturnType<typeof tableCounter>): Record<string, number> {
  const counts = counter.counts(WRITE_AUDITS);
  delete counts.session;
  delete counts.login_attempt;
  delete counts.audit_event;
  return counts;
}

describe('hostile input to every mutation', () => {
  let server: StartedServer;
  let file: string;
  let counter: ReturnType<typeof tableCounter>;
  const clients: Partial<Record<DemoRole, TrpcHttp>> = {};
  /** The same sessions on keep-alive sockets, for the many requests. */
  const fast: Partial<Record<DemoRole, KeepAliveClient>> = {};
  /** Per mutation, the roles allowed to call it (found by asking: a role that may not gets 403). */
  const rolesOf: Record<string, DemoRole[]> = {};
  let fixtures: Fixtures;

  beforeAll(async () => {
    server = await startServer({ env: RELIABILITY_ENV });
    file = server.sqlitePath as string;
    for (const role of ['nurse', 'physician', 'admin'] as const) clients[role] = new TrpcHttp(server.url);
    await Promise.all(
      (['nurse', 'physician', 'admin'] as const).map((role) => clients[role]?.login(role, DEMO_PASSWORDS[role])),
    );
    const one = <T>(sql: string, ...params: unknown[]) => selectAll<T>(file, sql, ...params)[0];
    const unitId = one<{ id: number }>("select id from unit where name = 'Detox North'")?.id ?? 1;
    const admissionId =
      one<{ id: number }>("select id from admission where bed = '1' and discharged_at is null")?.id ?? 1;
    const protocol = await clients.nurse?.query<{ protocol: unknown }>('protocol.get', { unitId });
    fixtures = {
      unitId,
      admissionId,
      assessmentId:
        one<{ id: number }>('select max(id) as id from assessment where admission_id = ?', admissionId)?.id ?? 1,
      administrationId:
        one<{ id: number }>('select max(id) as id from medication_administration where admission_id = ?', admissionId)
          ?.id ?? 1,
      alertId: one<{ id: number }>('select max(id) as id from alert')?.id ?? 1,
      orderId:
        one<{ id: number }>(
          "select min(id) as id from medication_order where admission_id = ? and drug = 'ondansetron'",
          admissionId,
        )?.id ?? 1,
      protocol: protocol?.body.result?.data.protocol ?? {},
    };
    for (const { name, parsers } of fuzzed) {
      // A body the schema refuses, so asking writes nothing: the role check comes before the input's.
      const probe = ['null', '"probe"', '[]', '0'].find((body) => !acceptedBySchema(parsers, body));
      if (!probe) throw new Error(`${name} accepts null, a string, an array and a number: add it to NOT_FUZZED`);
      const allowed: DemoRole[] = [];
      for (const role of ['nurse', 'physician', 'admin'] as const) {
        const res = await (clients[role] as TrpcHttp).mutateRaw(name, probe);
        if (res.status !== 401 && res.status !== 403) allowed.push(role);
      }
      rolesOf[name] = allowed;
    }
    for (const role of ['nurse', 'physician', 'admin'] as const)
      fast[role] = new KeepAliveClient(server.url, clients[role]?.cookie ?? null, CONCURRENCY);
    counter = tableCounter(file);
  });

  afterAll(async () => {
    counter?.close();
    for (const client of Object.values(fast)) client.close();
    await server?.stop();
  });

  it('enumerates the mutations of the router and knows a role for each', () => {
    expect(fuzzed.length).toBeGreaterThanOrEqual(9);
    expect(
      inputless,
      'a mutation without input cannot be sent a bad one: add it to NOT_FUZZED with the reason',
    ).toEqual([]);
    for (const { name } of fuzzed) expect(rolesOf[name], `no demo role may call ${name}`).not.toEqual([]);
    const known = Object.keys(templates(fixtures));
    const stale = known.filter((name) => !fuzzed.some((m) => m.name === name));
    expect(stale, 'templates for mutations the router no longer has').toEqual([]);
  });

  it(`answers ${TOTAL_CASES} generated hostile inputs with a 4xx in words and writes nothing (seed ${SEED})`, {
    timeout: 300_000,
  }, async () => {
    const bases = templates(fixtures);
    const perMutation = fuzzed.map((m) => caseArbitrary(m.name, m.parsers, bases[m.name]));
    const batch = fc.array(fc.oneof(...perMutation), { minLength: CONCURRENCY, maxLength: CONCURRENCY });
    const before = protectedCounts(counter);
    const t0 = Date.now();
    let sent = 0;
    const byMutation: Record<string, number> = {};
    const byStatus: Record<number, number> = {};

    await fc.assert(
      fc.asyncProperty(batch, async (cases) => {
        const answers = await inPool(cases, CONCURRENCY, async (c) => {
          const roles = rolesOf[c.mutation] ?? ['nurse'];
          const client = fast[roles[c.roleIndex % roles.length] as DemoRole] as KeepAliveClient;
          const res = await client.mutateRaw(c.mutation, c.body);
          sent += 1;
          byMutation[c.mutation] = (byMutation[c.mutation] ?? 0) + 1;
          byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
          return res;
        });
        const problems = cases.flatMap((c, i) => {
          const res = answers[i] as RawAnswer;
          const problem = problemWith(c, res);
          return problem
            ? [
                `${c.mutation} [${c.what}] ${problem}\n  body: ${c.body.slice(0, 300)}\n  answer: ${res.text.slice(0, 300)}`,
              ]
            : [];
        });
        if (problems.length > 0) throw new Error(problems.slice(0, 5).join('\n'));
        const after = protectedCounts(counter);
        if (JSON.stringify(after) !== JSON.stringify(before)) {
          throw new Error(
            `rows changed: before ${JSON.stringify(before)}, after ${JSON.stringify(after)}; this batch: ${cases.map((c) => `${c.mutation} ${c.body.slice(0, 200)}`).join(' | ')}`,
          );
        }
      }),
      { numRuns: Math.ceil(TOTAL_CASES / CONCURRENCY), seed: SEED, endOnFailure: false },
    );

    // The server is still well: it answers a valid read.
    const me = await (clients.nurse as TrpcHttp).query('auth.me');
    expect(me.status).toBe(200);
    expect(protectedCounts(counter)).toEqual(before);
    const seconds = (Date.now() - t0) / 1000;
    console.log(
      `bad input: ${sent} cases over ${fuzzed.length} mutations, 0 5xx, rows unchanged (${seconds.toFixed(1)} s, seed ${SEED})`,
    );
    console.log(`  by mutation: ${JSON.stringify(byMutation)}`);
    console.log(`  by status: ${JSON.stringify(byStatus)}; not fuzzed: ${Object.keys(NOT_FUZZED).join(', ')}`);
    expect(sent).toBeGreaterThanOrEqual(TOTAL_CASES);
    expect(Object.keys(byMutation).sort()).toEqual(fuzzed.map((m) => m.name).sort());
  });

  it('answers bodies that are not JSON at all with a 400 in words and writes nothing', async () => {
    const before = protectedCounts(counter);
    const broken = [
      '{',
      '{"admissionId": 1,}',
      "{'admissionId': 1}",
      '[1, 2',
      'NaN',
      'Infinity',
      '{"a": undefined}',
      '\u0000',
      '\ud800',
      '{"a":1}{"b":2}',
      '{"a": 01}',
      '{"a": .5}',
      '{"a": 0x10}',
    ];
    const cases = fuzzed.flatMap((m) => broken.map((body) => ({ mutation: m.name, body })));
    const answers = await inPool(cases, CONCURRENCY, async (c) => {
      const roles = rolesOf[c.mutation] ?? ['nurse'];
      return { ...c, res: await (fast[roles[0] as DemoRole] as KeepAliveClient).mutateRaw(c.mutation, c.body) };
    });
    for (const { mutation, body, res } of answers) {
      expect(res.status, `${mutation} ${JSON.stringify(body)}: ${res.text.slice(0, 300)}`).toBe(400);
      expect(res.body.error?.message, `${mutation} ${JSON.stringify(body)}`).toMatch(/^The input is not valid JSON/);
    }
    expect(protectedCounts(counter)).toEqual(before);
  });
});
