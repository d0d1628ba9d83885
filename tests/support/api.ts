import { DEFAULT_UNIT_PROTOCOL, type DrugId, getDrug } from '@detox/shared';
import { afterAll, beforeAll, expect } from 'vitest';
import { type StartServerOptions, type StartedServer, startServer } from './server.js';
import { type ClinicalTable, clinicalCounts, selectAll } from './sqlite-counts.js';
import { type TrpcIssue, type TrpcResponse, TrpcHttp } from './trpc-http.js';

export const DEMO_PASSWORDS = { nurse: 'demo-nurse', physician: 'demo-physician', admin: 'demo-admin' } as const;
export type DemoRole = keyof typeof DEMO_PASSWORDS;

export interface ApiContext {
  server: StartedServer;
  /** The server's SQLite file, read directly (read-only) by the tests. */
  sqlitePath: string;
  /** Logged-in clients, one per demo user (logged in once per file: hashing takes about 300 ms). */
  nurse: TrpcHttp;
  physician: TrpcHttp;
  admin: TrpcHttp;
  /** A client that never logs in. */
  anonymous: TrpcHttp;
  /** The demo unit's id. */
  unitId: number;
  counts(): Record<ClinicalTable, number>;
  /** The open admission in a demo bed ("1" is Maria Alvarez). */
  admissionInBed(bed: string): number;
}

/**
 * One real server for the calling test file (beforeAll/afterAll), on a fresh SQLite file with the
 * demo unit, and a logged-in client per role. The returned object is filled in by beforeAll.
 */
export function useApiServer(options: StartServerOptions & { login?: DemoRole[] } = {}): ApiContext {
  const context = {} as ApiContext;
  beforeAll(async () => {
    const server = await startServer(options);
    const sqlitePath = server.sqlitePath;
    if (!sqlitePath) throw new Error('the API tests read the SQLite file directly: start them on SQLite');
    const clients = {
      nurse: new TrpcHttp(server.url),
      physician: new TrpcHttp(server.url),
      admin: new TrpcHttp(server.url),
    };
    Object.assign(context, {
      server,
      sqlitePath,
      ...clients,
      anonymous: new TrpcHttp(server.url),
      counts: () => clinicalCounts(sqlitePath),
      admissionInBed(bed: string) {
        const rows = selectAll<{ id: number }>(
          sqlitePath,
          'select id from admission where bed = ? and discharged_at is null',
          bed,
        );
        const row = rows[0];
        if (!row || rows.length !== 1)
          throw new Error(`expected one open admission in bed ${bed}, found ${rows.length}`);
        return row.id;
      },
    });
    try {
      await Promise.all(
        (options.login ?? (['nurse', 'physician', 'admin'] as const)).map((role) =>
          clients[role].login(role, DEMO_PASSWORDS[role]),
        ),
      );
      const units = selectAll<{ id: number }>(sqlitePath, "select id from unit where name = 'Detox North'");
      context.unitId = units[0]?.id ?? Number.NaN;
    } catch (error) {
      await server.stop();
      throw error;
    }
  });
  afterAll(async () => {
    await context.server?.stop();
  });
  return context;
}

export interface ExpectedError {
  status: number;
  code: string;
  /** The exact message, or a pattern it must match. Every error must carry a non-empty message anyway. */
  message?: string | RegExp;
  /** For BAD_REQUEST: issues that must be among the listed ones. */
  issues?: (Partial<TrpcIssue> | { path: string; message: RegExp })[];
}

/** Asserts an error response: HTTP status, tRPC code, a human message, and for 400 the issue list. */
export function expectError(res: TrpcResponse, expected: ExpectedError): void {
  expect(res.status, res.text.slice(0, 500)).toBe(expected.status);
  const error = res.body.error;
  expect(error, res.text.slice(0, 500)).toBeDefined();
  if (!error) return;
  expect(error.data.code).toBe(expected.code);
  expect(error.data.httpStatus).toBe(expected.status);
  expect(typeof error.message).toBe('string');
  expect(error.message.trim().length).toBeGreaterThan(0);
  // A message a nurse can act on: words, not the code or a JSON dump.
  expect(error.message).not.toBe(expected.code);
  expect(error.message).not.toMatch(/^\s*[[{]/);
  if (expected.message instanceof RegExp) expect(error.message).toMatch(expected.message);
  else if (expected.message !== undefined) expect(error.message).toBe(expected.message);
  expect(Array.isArray(error.data.issues)).toBe(true);
  if (expected.status === 400) {
    expect(error.data.issues.length).toBeGreaterThan(0);
    for (const issue of error.data.issues) {
      expect(typeof issue.path).toBe('string');
      expect(typeof issue.message).toBe('string');
      expect(issue.message.length).toBeGreaterThan(0);
    }
  }
  for (const wanted of expected.issues ?? []) {
    const matcher =
      wanted.message instanceof RegExp ? { ...wanted, message: expect.stringMatching(wanted.message) } : wanted;
    expect(error.data.issues).toContainEqual(expect.objectContaining(matcher));
  }
}

/** Runs a call that must be refused and asserts every clinical table has exactly the rows it had before. */
export async function expectNothingWritten<T>(context: ApiContext, call: () => Promise<T>): Promise<T> {
  const before = context.counts();
  const result = await call();
  expect(context.counts()).toEqual(before);
  return result;
}

/** An ISO instant some minutes before now (negative: in the future). */
export function minutesAgo(minutes: number): string {
  return new Date(Date.now() - minutes * 60_000).toISOString();
}

// Values for each COWS item and the total they make: 1+2+1+1+2+1+2+1+2+2+3 = 18, moderate (13-24).
export const COWS_18 = {
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
} as const;

/** A complete COWS record input for an admission, 18 points (moderate), with a heart rate that scores pulse 1. */
export function cows18(admissionId: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    admissionId,
    instrument: 'COWS',
    takenAt: minutesAgo(5),
    items: { ...COWS_18 },
    vitals: { heartRate: 92 },
    ...overrides,
  };
}

/** The scored part of a COWS (for a correction's replacement): 18 points unless items are overridden. */
export function cowsContent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { instrument: 'COWS', takenAt: minutesAgo(5), items: { ...COWS_18 }, ...overrides };
}

/** An admission input for a new patient in an empty demo bed (4, 8, 11 and 12 are empty). */
export function admitBody(
  unitId: number,
  bed: string,
  mrn: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    unitId,
    bed,
    patient: { mrn, name: `Test Patient ${mrn}`, birthDate: '1990-06-15' },
    substance: 'Heroin (IV)',
    opioidKind: 'short',
    lastUseAt: minutesAgo(10 * 60),
    admittedAt: minutesAgo(60),
    ...overrides,
  };
}

/** A comfort-medication dose no safety rule should question on a fresh admission: ondansetron 4 mg PO. */
export function doseBody(admissionId: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const drug = typeof overrides.drug === 'string' ? overrides.drug : 'ondansetron';
  // Every dose names its order (issue 9): the admission's standing order for the drug, when one was written.
  // (A drug without one, as in tests of an unknown drug, takes the ondansetron order, so only the drug is wrong.)
  const standing = STANDING_ORDERS.get(admissionId);
  const orderId = standing?.[drug] ?? standing?.ondansetron;
  return {
    admissionId,
    ...(orderId === undefined ? {} : { orderId }),
    drug: 'ondansetron',
    doseMg: 4,
    route: 'PO',
    givenAt: minutesAgo(5),
    status: 'given',
    indication: 'Nausea',
    ...overrides,
  };
}

/** Standing orders written by standingOrders(): admission id → drug → order id. */
const STANDING_ORDERS = new Map<number, Record<string, number>>();

/** The drugs tests chart: a standing order starts from the smallest usual dose (catalogue.ts). */
const STANDING_DRUGS: readonly DrugId[] = [
  'ondansetron',
  'clonidine',
  'ibuprofen',
  'acetaminophen',
  'hydroxyzine',
  'loperamide',
  'buprenorphine',
];

/**
 * For tests whose subject is not the order: the physician writes, for the admission, one PRN order
 * per common drug from its smallest usual dose up to the unit's hard limit, with no limits of its
 * own (so only the unit protocol judges a dose), starting at admission. doseBody() then names them.
 */
export async function standingOrders(context: ApiContext, admissionId: number): Promise<Record<string, number>> {
  const admitted = selectAll<{ admitted_at: string }>(
    context.sqlitePath,
    'select admitted_at from admission where id = ?',
    admissionId,
  )[0];
  if (!admitted) throw new Error(`no admission ${admissionId}`);
  const orders: Record<string, number> = {};
  for (const drug of STANDING_DRUGS) {
    const info = getDrug(drug);
    const res = await context.physician.mutate('orders.create', {
      admissionId,
      drug,
      doseMg: Math.min(...info.typicalDosesMg),
      doseMaxMg: DEFAULT_UNIT_PROTOCOL.drugs[drug].plausibleMaxDoseMg,
      route: info.defaultRoute,
      kind: 'prn',
      indication: 'as needed (test order)',
      startAt: admitted.admitted_at,
    });
    const created = res.body.result?.data as { id: number } | undefined;
    if (!created) throw new Error(`orders.create for ${drug} failed: ${res.text.slice(0, 300)}`);
    orders[drug] = created.id;
  }
  STANDING_ORDERS.set(admissionId, orders);
  return orders;
}
