import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../../server/src/routers/_app.js';
import { DEMO_PASSWORDS, admitBody, cows18, doseBody, minutesAgo, useApiServer } from '../support/api.js';
import { SESSION_COOKIE, TrpcHttp, dataOf } from '../support/trpc-http.js';

/**
 * Who may call what, for every procedure the server has: the "who" column of api.md, and for the
 * procedures api.md does not list, what the router enforces. Each procedure is called over HTTP as
 * anonymous, nurse, physician and admin:
 * - anonymous gets 401 unless the procedure is for anyone;
 * - a role that may not call it gets 403 (FORBIDDEN, with a message);
 * - a role that may call it gets neither 401 nor 403, nor a server error (the inputs are harmless:
 *   reads of real records, writes aimed at ids that do not exist, so 400 and 404 are expected).
 * A procedure without a row fails the test: adding a procedure means deciding who may call it.
 */

type Role = 'nurse' | 'physician' | 'admin';
/**
 * 'unit members': any user assigned to the unit the input names (unit scoping, trpc.ts). The demo
 * nurse and physician are assigned to Detox North; the admin is assigned to no unit, so gets 403.
 */
type Who = 'anyone' | 'any user' | 'unit members' | readonly Role[];

const CLINICIANS = ['nurse', 'physician'] as const;

const MATRIX: Record<string, Who> = {
  'auth.login': 'anyone',
  'auth.logout': 'any user',
  'auth.me': 'any user',
  'auth.session': 'anyone',
  'substances.list': 'any user',
  'units.list': 'any user',
  'instruments.list': 'any user',
  'census.board': 'unit members',
  'admissions.admit': CLINICIANS,
  'admissions.get': 'unit members',
  'admissions.list': 'unit members',
  'admissions.discharge': CLINICIANS,
  'assessments.record': CLINICIANS,
  'assessments.correct': CLINICIANS,
  'assessments.list': 'unit members',
  'medications.check': CLINICIANS,
  'medications.record': CLINICIANS,
  'medications.correct': CLINICIANS,
  'medications.list': 'unit members',
  'orders.create': ['physician'],
  'orders.verbal': ['nurse'],
  'orders.countersign': ['physician'],
  'orders.discontinue': ['physician'],
  'orders.list': 'unit members',
  'orders.due': 'unit members',
  'orders.awaitingCountersign': ['physician'],
  'orders.physicians': CLINICIANS,
  'orderSets.list': 'unit members',
  // The contract's orderSets.apply, served under this name (server/src/http/procedure-aliases.ts).
  'orderSets.applySet': ['physician'],
  'taperPlans.set': ['physician'],
  'timeline.get': 'unit members',
  'reports.shift': 'unit members',
  'events.unit': 'unit members',
  // Not in api.md: as the routers enforce them.
  'alerts.list': 'unit members',
  'alerts.acknowledge': ['physician'],
  'protocol.get': 'unit members',
  'protocol.history': 'unit members',
  'protocol.update': ['physician'],
  'protocol.pending': 'unit members',
  'protocol.approve': ['physician'],
  'access.breakGlass': CLINICIANS,
  'access.emergencyList': ['admin'],
  'units.setDischargedVisibleHours': ['physician'],
  'units.setTemperatureUnit': ['physician'],
  'users.setUnits': ['admin'],
  'users.clearLoginLock': ['admin'],
  'audit.list': ['admin'],
  'users.list': ['admin'],
  'users.create': ['admin'],
  'users.deactivate': ['admin'],
  'users.endSessions': ['admin'],
};

type ProcedureType = 'query' | 'mutation' | 'subscription';
// At run time _def.procedures is flat, keyed by the dotted path ("census.board").
const PROCEDURES = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { type: ProcedureType } }>,
)
  .map(([name, procedure]) => ({ name, type: procedure._def.type }))
  .sort((a, b) => a.name.localeCompare(b.name));

const CALLERS = ['anonymous', 'nurse', 'physician', 'admin'] as const;
type Caller = (typeof CALLERS)[number];

const api = useApiServer({ env: { LOG_LEVEL: 'warn' } });
const MISSING = 999_999;

interface Fixture {
  admissionId: number;
  protocol: unknown;
}
const f = {} as Fixture;

beforeAll(async () => {
  f.admissionId = api.admissionInBed('1');
  f.protocol = (
    dataOf(await api.physician.query('protocol.get', { unitId: api.unitId })) as { protocol: unknown }
  ).protocol;
});

/** A minimal input each procedure accepts the shape of; writes aim at ids that do not exist. */
function inputFor(name: string): unknown {
  const unitId = api.unitId;
  const admissionId = f.admissionId;
  const reason = 'Access matrix check';
  const inputs: Record<string, unknown> = {
    'auth.login': { username: 'nurse', password: DEMO_PASSWORDS.nurse },
    'census.board': { unitId },
    'admissions.admit': admitBody(MISSING, '1', 'ACCESS-MATRIX-1'),
    'admissions.get': { admissionId },
    'admissions.list': { unitId },
    'admissions.discharge': { admissionId: MISSING, dischargedAt: minutesAgo(1) },
    'assessments.record': cows18(MISSING),
    'assessments.correct': { assessmentId: MISSING, reason },
    'assessments.list': { admissionId },
    'medications.check': doseBody(admissionId),
    'medications.record': doseBody(MISSING, { orderId: MISSING }),
    'medications.correct': { administrationId: MISSING, reason },
    'medications.list': { admissionId },
    'orders.create': {
      admissionId: MISSING,
      drug: 'ondansetron',
      doseMg: 4,
      route: 'PO',
      kind: 'prn',
      indication: 'nausea',
    },
    'orders.verbal': {
      admissionId: MISSING,
      drug: 'ondansetron',
      doseMg: 4,
      route: 'PO',
      kind: 'prn',
      indication: 'nausea',
      orderedBy: MISSING,
      readBack: true,
    },
    'orders.countersign': { orderId: MISSING },
    'orders.discontinue': { orderId: MISSING, reason },
    'orders.list': { admissionId },
    'orders.due': { admissionId },
    'orderSets.list': { unitId },
    'orderSets.applySet': { admissionId: MISSING, setId: MISSING },
    'taperPlans.set': { admissionId: MISSING, drug: 'methadone', days: [{ day: 1, totalMg: 30 }] },
    'timeline.get': { admissionId },
    'reports.shift': { unitId },
    'events.unit': { unitId },
    'alerts.list': { admissionId },
    'alerts.acknowledge': { alertId: MISSING },
    'protocol.get': { unitId },
    'protocol.history': { unitId },
    'protocol.update': { unitId: MISSING, protocol: f.protocol, reason },
    'protocol.pending': { unitId },
    'protocol.approve': { changeId: MISSING },
    'access.breakGlass': { admissionId: MISSING, reason: 'Access matrix check, emergency' },
    'access.emergencyList': {},
    'units.setDischargedVisibleHours': { unitId: MISSING, hours: 72 },
    'units.setTemperatureUnit': { unitId: MISSING, temperatureUnit: 'C' },
    'users.setUnits': { userId: MISSING, unitIds: [] },
    'users.clearLoginLock': { username: 'nobody-at-all' },
    'audit.list': {},
    // Refused by the password policy (400): reaches the role check without creating anyone.
    'users.create': { username: 'access-matrix', name: 'Access Matrix', role: 'nurse', password: 'too short' },
    'users.deactivate': { userId: MISSING, reason },
    'users.endSessions': { userId: MISSING },
  };
  return inputs[name];
}

interface Outcome {
  status: number;
  code: string | undefined;
  message: string | undefined;
  text: string;
}

/** How long an allowed subscriber waits for an error event before counting the stream as accepted. */
const SUBSCRIPTION_GRACE_MS = 1_000;

/**
 * A subscription over SSE, as the client's httpSubscriptionLink opens it. tRPC answers 200 and
 * sends a refusal as a `serialized-error` event carrying its HTTP status: that status is the outcome.
 */
async function subscribe(client: TrpcHttp, name: string, input: unknown): Promise<Outcome> {
  const controller = new AbortController();
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (client.cookie) headers.cookie = `${SESSION_COOKIE}=${client.cookie}`;
  const url = `${client.baseUrl}/trpc/${name}?input=${encodeURIComponent(JSON.stringify(input))}`;
  const res = await fetch(url, { headers, signal: controller.signal });
  const timer = setTimeout(() => controller.abort(), SUBSCRIPTION_GRACE_MS);
  let text = '';
  try {
    if (!res.body || !res.headers.get('content-type')?.includes('text/event-stream')) {
      text = await res.text();
      const error = (JSON.parse(text) as { error?: { message: string; data: { code: string } } }).error;
      return { status: res.status, code: error?.data.code, message: error?.message, text };
    }
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
      const event = /event: serialized-error\ndata: (.*)\n/.exec(text);
      if (event?.[1]) {
        const error = JSON.parse(event[1]) as { message: string; data: { code: string; httpStatus: number } };
        return { status: error.data.httpStatus, code: error.data.code, message: error.message, text };
      }
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return { status: res.status, code: undefined, message: undefined, text };
}

/** A client with the caller's session, whose Set-Cookie answers do not touch the shared clients. */
async function clientFor(caller: Caller, name: string): Promise<TrpcHttp> {
  const client = new TrpcHttp(api.server.url);
  if (caller === 'anonymous') return client;
  // A login ends the session the caller held, and logging out ends it too: both get a session of their own.
  if (name === 'auth.login') return client;
  if (name === 'auth.logout') {
    await client.login(caller, DEMO_PASSWORDS[caller]);
    return client;
  }
  client.cookie = api[caller].cookie;
  return client;
}

async function callAs(caller: Caller, name: string, type: ProcedureType): Promise<Outcome> {
  const client = await clientFor(caller, name);
  const input = inputFor(name);
  if (type === 'subscription') return subscribe(client, name, input);
  const res = type === 'query' ? await client.query(name, input) : await client.mutate(name, input);
  return {
    status: res.status,
    code: res.body.error?.data.code,
    message: res.body.error?.message,
    text: res.text.slice(0, 300),
  };
}

type Expected = 'unauthorized' | 'forbidden' | 'outside units' | 'allowed';

function expectedFor(who: Who, caller: Caller): Expected {
  if (who === 'anyone') return 'allowed';
  if (caller === 'anonymous') return 'unauthorized';
  if (who === 'any user') return 'allowed';
  if (who === 'unit members') return caller === 'admin' ? 'outside units' : 'allowed';
  return who.includes(caller) ? 'allowed' : 'forbidden';
}

let checks = 0;

describe('access matrix: every procedure × anonymous, nurse, physician, admin', () => {
  it('has exactly one row per procedure of the router', () => {
    const names = PROCEDURES.map((p) => p.name);
    const withoutRow = names.filter((n) => !(n in MATRIX));
    const withoutProcedure = Object.keys(MATRIX).filter((n) => !names.includes(n));
    expect(
      withoutRow,
      `procedures without a row in the access matrix (add each with who may call it): ${withoutRow.join(', ')}`,
    ).toEqual([]);
    expect(withoutProcedure, `rows for procedures the router does not have: ${withoutProcedure.join(', ')}`).toEqual(
      [],
    );
  });

  for (const { name, type } of PROCEDURES) {
    it(`${name} (${type})`, async () => {
      const who = MATRIX[name];
      if (who === undefined)
        throw new Error(`${name} has no row in the access matrix: decide who may call it and add it`);
      // The four callers at once: independent sessions, and scrypt runs on the thread pool.
      const outcomes = await Promise.all(CALLERS.map((caller) => callAs(caller, name, type)));
      for (const [i, caller] of CALLERS.entries()) {
        const outcome = outcomes[i] as Outcome;
        const expected = expectedFor(who, caller);
        const seen = `${name} as ${caller}: got ${outcome.status} ${outcome.code ?? ''} ${outcome.text}`;
        checks++;
        if (expected === 'unauthorized') {
          expect.soft(outcome.status, seen).toBe(401);
          expect.soft(outcome.code, seen).toBe('UNAUTHORIZED');
        } else if (expected === 'outside units') {
          expect.soft(outcome.status, seen).toBe(403);
          expect.soft(outcome.code, seen).toBe('FORBIDDEN');
          expect
            .soft(outcome.message, seen)
            .toMatch(/^You are not assigned to (the unit of this patient|this unit); ask an admin to assign you/);
        } else if (expected === 'forbidden') {
          expect.soft(outcome.status, seen).toBe(403);
          expect.soft(outcome.code, seen).toBe('FORBIDDEN');
          const roles = who as readonly Role[];
          const article = /^[aeiou]/.test(roles[0] ?? '') ? 'an' : 'a';
          expect
            .soft(outcome.message, seen)
            .toBe(`Only ${article} ${roles.join(' or ')} may do this; you are logged in as ${caller}`);
        } else {
          expect.soft([401, 403], `${seen} (expected to be let through)`).not.toContain(outcome.status);
          expect.soft(outcome.status, `${seen} (a server error)`).toBeLessThan(500);
        }
      }
      // auth.login and auth.logout hash passwords (scrypt, about 300 ms each on an idle machine).
    }, 90_000);
  }
});

afterAll(() => {
  console.log(
    `access matrix: ${PROCEDURES.length} procedures × ${CALLERS.length} roles = ${PROCEDURES.length * CALLERS.length} checks (${checks} run)`,
  );
});
