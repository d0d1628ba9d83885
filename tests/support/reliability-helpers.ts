import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { type AuditChainReport, verifyAuditChainAt } from '@detox/server';
import { COWS_18, minutesAgo } from './api.js';
import { REPO_ROOT } from './server.js';
import { selectAll, withSqlite } from './sqlite-counts.js';
import { SESSION_COOKIE, TrpcHttp, type TrpcResponse } from './trpc-http.js';

/** Seeded runs replay: the demo seed's generator. */
export { prng } from '../../server/src/db/seed/simulation.js';

/**
 * Shared pieces of the reliability suites (tests/api/reliability-*.test.ts): write bodies that carry a
 * unique tag, a record of every write the server acknowledged, and the checks run on the database
 * afterwards (every acknowledged row present and unchanged, integrity, the audit chain).
 */

/** better-sqlite3 and pg are dependencies of @detox/server, so they are loaded from there. */
const requireFromServer = createRequire(path.join(REPO_ROOT, 'server/package.json'));

/** The audit key the reliability servers seal with (AUDIT_HMAC_KEY needs at least 32 characters). */
export const RELIABILITY_AUDIT_KEY = 'reliability-suite-audit-hmac-key-0123456789abcdef';
export const RELIABILITY_ENV = { AUDIT_HMAC_KEY: RELIABILITY_AUDIT_KEY };

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `work` over the items with at most `concurrency` in flight. */
export async function inPool<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    for (;;) {
      const index = next++;
      if (index >= items.length) return;
      results[index] = await work(items[index] as T, index);
    }
  });
  await Promise.all(lanes);
  return results;
}

/** A client that uses an existing session (its cookie) against a server, possibly a restarted one. */
export function clientWithSession(url: string, cookie: string | null): TrpcHttp {
  const client = new TrpcHttp(url);
  client.cookie = cookie;
  return client;
}

// ---------------------------------------------------------------------------------------------------
// Writes with a tag: an assessment carries it as its note, a held or refused dose as its hold reason
// (neither is touched by the server), so each request's row can be found and counted.

export type WriteKind = 'assessment' | 'administration';

export interface TaggedWrite {
  kind: WriteKind;
  tag: string;
  admissionId: number;
  body: Record<string, unknown>;
}

export interface AckedWrite extends TaggedWrite {
  /** The id the server answered with. */
  id: number;
}

const COWS_KEYS = Object.keys(COWS_18);
// Allowed values of each COWS item (shared/src/instruments), so a random record is always valid.
const COWS_VALUES: Record<string, number[]> = {
  pulse: [0, 1, 2, 4],
  sweating: [0, 1, 2, 3, 4],
  restlessness: [0, 1, 3, 5],
  pupils: [0, 1, 2, 5],
  boneJointAches: [0, 1, 2, 4],
  runnyNoseTearing: [0, 1, 2, 4],
  giUpset: [0, 1, 2, 3, 5],
  tremor: [0, 1, 2, 4],
  yawning: [0, 1, 2, 4],
  anxietyIrritability: [0, 1, 2, 4],
  gooseflesh: [0, 3, 5],
};

function pick<T>(random: () => number, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)] as T;
}

/**
 * A valid COWS record (no heart rate, so the pulse item is not cross-checked) whose note is the tag,
 * taken within the last 45 minutes: every stay these tests chart on began at least an hour ago, and a
 * score timed before its admission is refused.
 */
export function taggedAssessment(admissionId: number, tag: string, random: () => number): TaggedWrite {
  const items = Object.fromEntries(COWS_KEYS.map((key) => [key, pick(random, COWS_VALUES[key] ?? [0])]));
  const body = {
    admissionId,
    instrument: 'COWS',
    takenAt: minutesAgo(1 + Math.floor(random() * 45)),
    items,
    note: tag,
  };
  return { kind: 'assessment', tag, admissionId, body };
}

/** An order a tagged dose can be charted against (issue 9: every dose names its order). */
export interface DoseOrder {
  orderId: number;
  drug: string;
  doseMg: number;
  route: string;
  startMs: number;
}

/** The drugs tagged doses use; each admission charts only those it has a PRN order for. */
const TAGGED_DRUGS = ['clonidine', 'ondansetron', 'ibuprofen', 'methocarbamol', 'hydroxyzine'];

/** The PRN orders of these drugs (not discontinued) on admissions of a SQLite file, read directly. */
export function doseOrdersIn(file: string, admissionIds: readonly number[]): Map<number, DoseOrder[]> {
  const rows = selectAll<{
    id: number;
    admission_id: number;
    drug: string;
    dose_mg: number;
    route: string;
    start_at: string;
  }>(
    file,
    `select o.id, o.admission_id, o.drug, o.dose_mg, o.route, o.start_at from medication_order o
      where o.kind = 'prn' and not exists (select 1 from order_discontinuation d where d.order_id = o.id) order by o.id`,
  );
  const byAdmission = new Map<number, DoseOrder[]>(admissionIds.map((id) => [id, []]));
  for (const r of rows) {
    if (!TAGGED_DRUGS.includes(r.drug)) continue;
    byAdmission
      .get(r.admission_id)
      ?.push({ orderId: r.id, drug: r.drug, doseMg: r.dose_mg, route: r.route, startMs: Date.parse(r.start_at) });
  }
  return byAdmission;
}

/** A physician writes PRN orders of the tagged drugs for an admission, from startAt. */
export async function writeDoseOrders(physician: TrpcHttp, admissionId: number, startAt: string): Promise<DoseOrder[]> {
  const lines = [
    { drug: 'clonidine', doseMg: 0.1, route: 'PO' },
    { drug: 'ondansetron', doseMg: 4, route: 'PO' },
    { drug: 'ibuprofen', doseMg: 400, route: 'PO' },
    { drug: 'methocarbamol', doseMg: 750, route: 'PO' },
    { drug: 'hydroxyzine', doseMg: 25, route: 'PO' },
  ];
  const orders: DoseOrder[] = [];
  for (const line of lines) {
    const res = await physician.mutate<{ id: number }>('orders.create', {
      admissionId,
      ...line,
      kind: 'prn',
      indication: 'reliability test',
      startAt,
    });
    const id = res.body.result?.data.id;
    if (id === undefined) throw new Error(`orders.create failed: ${res.text.slice(0, 300)}`);
    orders.push({ orderId: id, ...line, startMs: Date.parse(startAt) });
  }
  return orders;
}

/** A held or refused dose against one of the admission's orders (no safety rule applies to a dose not given), whose hold reason is the tag. */
export function taggedAdministration(
  admissionId: number,
  tag: string,
  random: () => number,
  orders: readonly DoseOrder[],
): TaggedWrite {
  const order = pick(random, orders);
  if (!order) throw new Error(`admission ${admissionId} has no order to chart a tagged dose against`);
  // Within the last 10 h, and after the order started.
  const span = Math.max(1, Math.min(600, Math.floor((Date.now() - order.startMs) / 60_000) - 2));
  const body = {
    admissionId,
    orderId: order.orderId,
    drug: order.drug,
    doseMg: order.doseMg,
    route: order.route,
    givenAt: minutesAgo(1 + Math.floor(random() * span)),
    status: pick(random, ['held', 'refused']),
    holdReason: tag,
  };
  return { kind: 'administration', tag, admissionId, body };
}

export function procedureOf(kind: WriteKind): string {
  return kind === 'assessment' ? 'assessments.record' : 'medications.record';
}

/** Sends a tagged write (assessments.record or medications.record). */
export async function sendTagged(client: TrpcHttp, write: TaggedWrite): Promise<TrpcResponse<{ id: number }>> {
  return client.mutate<{ id: number }>(procedureOf(write.kind), write.body);
}

// ---------------------------------------------------------------------------------------------------
// Checks on a SQLite file, read-only, from outside the server.

/** The rows of PRAGMA integrity_check: ['ok'] for a sound file. */
export function integrityCheck(file: string): string[] {
  return withSqlite(file, (db) =>
    (db.prepare('pragma integrity_check').all() as { integrity_check: string }[]).map((r) => r.integrity_check),
  );
}

interface AssessmentRow {
  id: number;
  admission_id: number;
  instrument: string;
  taken_at: string;
  items: string;
  note: string | null;
}
interface AdministrationRow {
  id: number;
  admission_id: number;
  drug: string;
  dose_mg: number;
  route: string;
  given_at: string;
  status: string;
  hold_reason: string | null;
}

/**
 * Every acknowledged write is in the file, with the content that was sent, exactly once (one row with
 * its tag) and with its `create` audit row (written in the same transaction). Returns the problems
 * found, empty when all is well.
 */
export function missingOrChanged(file: string, acked: readonly AckedWrite[]): string[] {
  const problems: string[] = [];
  withSqlite(file, (db) => {
    const assessment = db.prepare(
      'select id, admission_id, instrument, taken_at, items, note from assessment where id = ?',
    );
    const administration = db.prepare(
      'select id, admission_id, drug, dose_mg, route, given_at, status, hold_reason from medication_administration where id = ?',
    );
    const assessmentTags = db.prepare('select count(*) as n from assessment where note = ?');
    const administrationTags = db.prepare('select count(*) as n from medication_administration where hold_reason = ?');
    const audit = db.prepare(
      "select count(*) as n from audit_event where entity = ? and entity_id = ? and action = 'create'",
    );
    for (const w of acked) {
      const b = w.body;
      if (w.kind === 'assessment') {
        const row = assessment.get(w.id) as AssessmentRow | undefined;
        if (!row) {
          problems.push(`assessment ${w.id} (${w.tag}) was acknowledged but is missing`);
          continue;
        }
        const same =
          row.admission_id === b.admissionId &&
          row.instrument === b.instrument &&
          row.taken_at === new Date(String(b.takenAt)).toISOString() &&
          row.note === w.tag &&
          JSON.stringify(JSON.parse(row.items)) === JSON.stringify(b.items);
        if (!same) problems.push(`assessment ${w.id} (${w.tag}) differs from what was sent: ${JSON.stringify(row)}`);
        const n = (assessmentTags.get(w.tag) as { n: number }).n;
        if (n !== 1) problems.push(`${n} assessments carry the tag ${w.tag}; expected 1`);
      } else {
        const row = administration.get(w.id) as AdministrationRow | undefined;
        if (!row) {
          problems.push(`administration ${w.id} (${w.tag}) was acknowledged but is missing`);
          continue;
        }
        const same =
          row.admission_id === b.admissionId &&
          row.drug === b.drug &&
          row.dose_mg === b.doseMg &&
          row.route === b.route &&
          row.given_at === new Date(String(b.givenAt)).toISOString() &&
          row.status === b.status &&
          row.hold_reason === w.tag;
        if (!same)
          problems.push(`administration ${w.id} (${w.tag}) differs from what was sent: ${JSON.stringify(row)}`);
        const n = (administrationTags.get(w.tag) as { n: number }).n;
        if (n !== 1) problems.push(`${n} administrations carry the tag ${w.tag}; expected 1`);
      }
      const audits = (audit.get(w.kind, w.id) as { n: number }).n;
      if (audits !== 1) problems.push(`${w.kind} ${w.id} (${w.tag}) has ${audits} create audit rows; expected 1`);
    }
  });
  return problems;
}

/**
 * Writes that are not all-or-nothing: rows whose tag starts with `tagPrefix` but that have no `create`
 * audit row, and `create` audit rows of assessments or administrations whose row is not there. A
 * record and its audit row are written in one transaction, so after a crash (or in a backup) both or
 * neither must be there, acknowledged or not. Returns descriptions, empty when all is well.
 */
export function unpairedWrites(file: string, tagPrefix: string): string[] {
  return selectAll<{ what: string }>(
    file,
    `select 'assessment ' || a.id || ' without its audit row' as what from assessment a
       where a.note like ? || '%' and not exists
         (select 1 from audit_event e where e.entity = 'assessment' and e.entity_id = a.id and e.action = 'create')
     union all
     select 'administration ' || m.id || ' without its audit row' from medication_administration m
       where m.hold_reason like ? || '%' and not exists
         (select 1 from audit_event e where e.entity = 'administration' and e.entity_id = m.id and e.action = 'create')
     union all
     select 'audit row ' || e.id || ' for a missing ' || e.entity || ' ' || e.entity_id from audit_event e
       where e.action = 'create' and (
         (e.entity = 'assessment' and not exists (select 1 from assessment a where a.id = e.entity_id)) or
         (e.entity = 'administration' and not exists (select 1 from medication_administration m where m.id = e.entity_id)))`,
    tagPrefix,
    tagPrefix,
  ).map((r) => r.what);
}

/** The audit chain of a database (SQLite file or postgres:// URL), checked with the reliability key. */
export function auditChain(databaseUrl: string): Promise<AuditChainReport> {
  return verifyAuditChainAt(databaseUrl, RELIABILITY_AUDIT_KEY);
}

/**
 * Row counts of every table of a SQLite file on one read-only connection kept open (each count sees
 * the latest commit): for checking after every batch of many requests.
 */
export function tableCounter(file: string): {
  counts(extra?: Record<string, string>): Record<string, number>;
  close(): void;
} {
  const Sqlite = requireFromServer('better-sqlite3') as new (
    file: string,
    options: { readonly: boolean; fileMustExist: boolean },
  ) => { prepare(sql: string): { get(): unknown; all(): unknown[] }; close(): void };
  const db = new Sqlite(file, { readonly: true, fileMustExist: true });
  return {
    counts(extra = {}) {
      const tables = db
        .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
        .all() as { name: string }[];
      const queries: [string, string][] = [
        ...tables.map(({ name }): [string, string] => [name, `select count(*) as n from "${name}"`]),
        ...Object.entries(extra),
      ];
      return Object.fromEntries(queries.map(([name, sql]) => [name, (db.prepare(sql).get() as { n: number }).n]));
    },
    close: () => db.close(),
  };
}

// ---------------------------------------------------------------------------------------------------
// A lean HTTP client for many small requests: node:http with keep-alive sockets costs the test process
// about half the CPU of fetch per request.

export interface RawAnswer {
  status: number;
  text: string;
  body: Partial<TrpcResponse['body']>;
}

class StaleSocketError extends Error {
  constructor(override readonly cause: Error) {
    super(`kept-alive socket closed by the server: ${cause.message}`);
  }
}

export class KeepAliveClient {
  private readonly agent: http.Agent;

  constructor(
    readonly baseUrl: string,
    readonly cookie: string | null,
    maxSockets = 16,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  /**
   * POST /trpc/<name> with the body exactly as given. A request sent on a kept-alive socket that the
   * server closed meanwhile (its keep-alive timeout) fails with ECONNRESET before any answer: it is
   * sent again on a new socket, as Node's documentation advises; nothing reached the server.
   */
  async mutateRaw(name: string, body: string): Promise<RawAnswer> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.send(name, body);
      } catch (error) {
        if (!(error instanceof StaleSocketError) || attempt >= 3)
          throw error instanceof StaleSocketError ? error.cause : error;
      }
    }
  }

  private send(name: string, body: string): Promise<RawAnswer> {
    return new Promise((resolve, reject) => {
      const headers: http.OutgoingHttpHeaders = {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      };
      if (this.cookie !== null) headers.cookie = `${SESSION_COOKIE}=${this.cookie}`;
      const req = http.request(
        `${this.baseUrl}/trpc/${name}`,
        { method: 'POST', agent: this.agent, headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown;
            try {
              parsed = JSON.parse(text);
            } catch {
              parsed = { raw: text };
            }
            resolve({ status: res.statusCode ?? 0, text, body: parsed as RawAnswer['body'] });
          });
        },
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        reject(req.reusedSocket && error.code === 'ECONNRESET' ? new StaleSocketError(error) : error);
      });
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

// ---------------------------------------------------------------------------------------------------
// PostgreSQL: a plain pg client.

interface PgClient {
  connect(): Promise<void>;
  query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
  end(): Promise<void>;
}
type PgModule = { Client: new (options: { connectionString: string }) => PgClient };

/** Runs `read` on a fresh pg connection to the URL and closes it. */
export async function withPostgres<T>(url: string, read: (client: PgClient) => Promise<T>): Promise<T> {
  const pg = requireFromServer('pg') as PgModule;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await read(client);
  } finally {
    await client.end();
  }
}
