import type { Insertable, Kysely, Transaction } from 'kysely';
import { CHAIN_GENESIS, auditRowHmac } from '../audit/audit-chain.js';
import { auditKeyOf } from '../audit/audit-key.js';
import { compiledOnce } from '../db/compiled-once.js';
import { answerAtCommit } from '../db/group-commit-driver.js';
import type { ClientRequestTable, Database } from '../db/database.js';
import { isPostgres } from '../db/dialect.js';
import { ONE_ROW } from '../db/literal-limit.js';
import type { Actor } from './actor.js';
import { type ChainHead, appendInTransactionOnPostgres } from './audit-append-postgres.js';
import { type AuditEventFields, storedAuditFields } from './audit-fields.js';
import { AuditSealer, type PendingAudit, insertPendingAudits } from './audit-sealer-postgres.js';
import { ReadAuditBatch } from './read-audit-batch.js';

/** Who acted; id and role are null for a login attempt with an unknown username. */
export type AuditActor = { id: number | null; role: Actor['role'] | null; address: string | null };

export type AuditAction = 'create' | 'read' | 'update' | 'correct' | 'login' | 'logout' | 'denied';

/**
 * The pg_advisory_xact_lock key that serialises audit writers on PostgreSQL ("audit" in ASCII hex),
 * taken by audit_append() (migration 2026-12-05-audit-append) and, for a server of the previous
 * version, audit_chain_next(), which write the same number. Any other code that appends to audit_event
 * must take the same lock.
 */
export const AUDIT_CHAIN_LOCK = 0x6175646974;

/**
 * Appends one audit row inside the caller's transaction, so a write and its audit row commit or
 * fail together; in a transaction run by auditedTransaction, at its end (and on PostgreSQL, sealed
 * into the chain just after its COMMIT: auditedTransaction says how). Holds references only, never
 * clinical values.
 *
 * The row is sealed into the audit chain (server/src/audit/audit-chain.ts) with the key the database
 * handle was opened with (audit-key.ts): it is given the next id
 * and chained to the hmac of the last sealed row, which must be the row committed just before it.
 * - PostgreSQL: a transaction-scoped advisory lock, taken before reading the last row and held to
 *   commit or rollback, makes audit writers take turns in commit order. Transactions run at READ
 *   COMMITTED (Kysely's default), so the read after the lock sees the previous holder's committed
 *   row. The server seals the row against the head it saw last and audit_append() inserts it only if
 *   that is still the head under the lock; if not, it says where the head is and the row is sealed
 *   again (audit-append-postgres.ts). Ids follow the table's last id, so they ascend in chain order.
 * - SQLite: Kysely's better-sqlite3 driver has one connection and holds it (a mutex) for a whole
 *   transaction, so within a server process transactions never interleave. Its BEGIN is deferred: if
 *   another process committed an audit row after this transaction's snapshot, the insert fails with
 *   SQLITE_BUSY instead of forking the chain. The id is the last id + 1.
 * The unique index on prev_hmac is the backstop: two rows can never follow the same row.
 * Cost: one extra small query by primary key on SQLite; on PostgreSQL the insert is the call that
 * takes the lock, and a second call when another writer moved the head.
 */
export async function writeAudit(
  trx: Transaction<Database>,
  actor: AuditActor,
  action: AuditAction,
  entity: string,
  entityId: number | null,
  outcome: 'success' | 'denied' | 'failure' = 'success',
): Promise<void> {
  const event = auditEventOf(actor, action, entity, entityId, outcome);
  const pending = pendingAudits.get(trx);
  if (pending) pending.push(event);
  else await appendAuditEvent(trx, event);
}

/** A write's client request on SQLite (compiledOnce: every charted score and dose runs it). */
const insertRequest = compiledOnce((db: Kysely<Database>, slot) =>
  db.insertInto('client_request').values({
    request_id: slot('request_id'),
    user_id: slot('user_id'),
    procedure: slot('procedure'),
    content_hash: slot('content_hash'),
    answer: slot('answer'),
    recorded_at: slot('recorded_at'),
  }),
);

/** The audit rows of a write run by auditedTransaction, waiting for the end of its transaction. */
const pendingAudits = new WeakMap<Transaction<Database>, AuditEventFields[]>();

/**
 * Runs a write in a transaction whose audit rows (writeAudit) are written together and last, just
 * before its COMMIT, in one insert. They commit or fail with the write as before. With `requestOf`,
 * the client request the write answers (client-requests.ts, writeOnce) is made from its result and
 * committed with them.
 * - SQLite: they go into the chain there and then (appendAuditEvents).
 * - PostgreSQL: they go into audit_pending, with no lock taken, and the write is answered once the
 *   sealer has moved them into the chain after the COMMIT (audit-sealer-postgres.ts). Sealed inside
 *   the transaction, as before, the chain's lock was held through the COMMIT and its disk sync, so
 *   every write took its turn one sync at a time and every read's audit row waited behind them: on
 *   the hospital bench every kind of request had a p99 of 250 ms. The request's row goes in the same
 *   statement: one round trip fewer while the write holds its stay's turn (issue 16).
 */
export async function auditedTransaction<T>(
  db: Kysely<Database>,
  write: (trx: Transaction<Database>) => Promise<T>,
  requestOf?: (result: T) => Insertable<ClientRequestTable>,
): Promise<T> {
  const postgres = isPostgres(db);
  let waiting: PendingAudit[] = [];
  const result = await db.transaction().execute(async (trx) => {
    const pending: AuditEventFields[] = [];
    pendingAudits.set(trx, pending);
    const result = await write(trx);
    pendingAudits.delete(trx);
    const request = requestOf?.(result);
    if (postgres) waiting = await insertPendingAudits(trx, auditKeyOf(trx), pending, request);
    else {
      if (request) await insertRequest(trx, request);
      await appendAuditEvents(trx, pending);
    }
    return result;
  });
  if (waiting.length > 0) await auditSealerOf(db).sealCommitted(waiting);
  return result;
}

/**
 * One sealer per database (audit-sealer-postgres.ts), kept per dialect adapter as compiledOnce keeps
 * its queries: a handle and its plugin views share it, and it runs on the handle without plugins, so
 * a view's plugin (a test's statement counter) sees only its own requests' statements.
 */
const sealers = new WeakMap<object, AuditSealer>();

export function auditSealerOf(db: Kysely<Database>): AuditSealer {
  const adapter = db.getExecutor().adapter;
  let sealer = sealers.get(adapter);
  if (!sealer) {
    const key = auditKeyOf(db);
    sealer = new AuditSealer(db.withoutPlugins(), key, (head, events) => sealedAuditRows(key, head, events));
    sealers.set(adapter, sealer);
  }
  return sealer;
}

/** The row a request's actor leaves: who, from where, did what to which record. */
function auditEventOf(
  actor: AuditActor,
  action: AuditAction,
  entity: string,
  entityId: number | null,
  outcome: 'success' | 'denied' | 'failure' = 'success',
): AuditEventFields {
  return {
    user_id: actor.id,
    user_role: actor.role,
    action,
    entity,
    entity_id: entityId,
    outcome,
    address: actor.address,
  };
}

/**
 * Audits a read of patient data before the read is answered. Reads arriving together share one
 * transaction (read-audit-batch.ts): one turn of the chain's lock and one multi-row insert for all
 * of them, so readers do not queue behind one another for the chain head. Reads do not wait for the
 * disk:
 * - SQLite: that transaction joins the group commit (group-commit-driver.ts) and is answered at its
 *   COMMIT (answerAtCommit); the disk sync that follows covers it, as it covers the writes around it;
 * - PostgreSQL: the sealer's next pass seals them with the writes' waiting rows, in one call of
 *   audit_seal() outside a transaction block (audit-sealer-postgres.ts), and synchronous_commit=off
 *   for that call alone has the WAL writer flush it within a few hundred milliseconds.
 * Only a power cut in that window can drop a read's row (a crashed or killed server cannot: the row
 * is committed); writes always wait for the disk.
 */
export function auditRead(
  db: Kysely<Database>,
  actor: AuditActor,
  entity: string,
  entityId: number | null,
): Promise<void> {
  return readAuditBatchOf(db).add(auditEventOf(actor, 'read', entity, entityId));
}

/** One batch of read audits per database handle. */
const readAuditBatches = new WeakMap<Kysely<Database>, ReadAuditBatch<AuditEventFields>>();

function readAuditBatchOf(db: Kysely<Database>): ReadAuditBatch<AuditEventFields> {
  let batch = readAuditBatches.get(db);
  if (!batch) {
    batch = new ReadAuditBatch((events) =>
      isPostgres(db)
        ? auditSealerOf(db).sealReads(events)
        : db.transaction().execute((trx) => appendAuditEvents(trx, events, { relaxedCommit: true })),
    );
    readAuditBatches.set(db, batch);
  }
  return batch;
}

/**
 * A "denied" audit row for a refused call (ASVS V16): who tried what, from where. Written in a
 * transaction of its own; a failure to write it must not turn the 403 into a 500.
 */
export async function auditDenied(
  db: Kysely<Database>,
  actor: AuditActor,
  entity: string,
  entityId: number | null,
): Promise<void> {
  try {
    await db.transaction().execute((trx) => writeAudit(trx, actor, 'denied', entity, entityId, 'denied'));
  } catch (error) {
    console.error('could not write the audit row of a refused request:', error);
  }
}

export type { AuditEventFields } from './audit-fields.js';

// Every audited write inserts one row (compiledOnce: built once, not per request); batches of read
// audits insert several, in a statement built for their number.
const insertOneAuditRow = compiledOnce((db: Kysely<Database>, slot) =>
  db.insertInto('audit_event').values({
    id: slot('id'),
    occurred_at: slot('occurred_at'),
    user_id: slot('user_id'),
    user_role: slot('user_role'),
    action: slot('action'),
    entity: slot('entity'),
    entity_id: slot('entity_id'),
    outcome: slot('outcome'),
    address: slot('address'),
    prev_hmac: slot('prev_hmac'),
    hmac: slot('hmac'),
  }),
);

/**
 * The one way rows enter audit_event: sealed into the chain as writeAudit describes. For writers that
 * are not a request's actor: the demo seed (backdated occurred_at) and command-line tools. A row
 * inserted any other way is reported by `pnpm verify-audit` as not sealed.
 */
export async function appendAuditEvent(trx: Transaction<Database>, event: AuditEventFields): Promise<void> {
  await appendAuditEvents(trx, [event]);
}

/**
 * Several rows, in order, chained one after the other, in one insert.
 * `relaxedCommit`: the transaction holds read audits only and is answered before its rows are on
 * disk (auditRead says why): on SQLite it is answered at its COMMIT, not after the sync (the server's
 * read batches); on PostgreSQL, where the server's reads go through the sealer instead, it commits with
 * synchronous_commit=off, set by the call that takes the chain's lock.
 */
export async function appendAuditEvents(
  trx: Transaction<Database>,
  events: AuditEventFields[],
  { relaxedCommit = false } = {},
): Promise<void> {
  if (events.length === 0) return;
  const key = auditKeyOf(trx);
  const sealAfter = (head: ChainHead) => sealedAuditRows(key, head, events);
  if (isPostgres(trx)) return appendInTransactionOnPostgres(trx, sealAfter, relaxedCommit);
  if (relaxedCommit) await answerAtCommit(trx);
  const rows = sealAfter(await chainHeadOnSqlite(trx));
  const [only] = rows;
  if (rows.length === 1 && only) await insertOneAuditRow(trx, only);
  else await trx.insertInto('audit_event').values(rows).execute();
}

/**
 * The rows with the next ids after the head, each chained to the one before. Sealed once the head is
 * known: on PostgreSQL the head this server saw last, which another writer may have moved since (the
 * rows are then refused and sealed again, with a new time), so occurred_at ascends with the chain on
 * one clock.
 */
export function sealedAuditRows(key: string, head: ChainHead, events: AuditEventFields[]) {
  const now = new Date().toISOString();
  let prev = head.hmac;
  return events.map((event, i) => {
    const row = { id: head.lastId + 1 + i, ...storedAuditFields(event, now) };
    const hmac = auditRowHmac(key, prev, row);
    const sealed = { ...row, prev_hmac: prev, hmac };
    prev = hmac;
    return sealed;
  });
}

/** Every audited write on SQLite runs this (compiledOnce: built once, not per request). */
const lastAuditRow = compiledOnce((db: Kysely<Database>) =>
  db.selectFrom('audit_event').select(['id', 'hmac']).orderBy('id', 'desc').limit(ONE_ROW),
);

/**
 * The head on SQLite, read in the writer's transaction (writeAudit says why no other writer can move
 * it). Unsealed rows (written around writeAudit) are skipped and reported by the verifier.
 */
async function chainHeadOnSqlite(trx: Transaction<Database>): Promise<ChainHead> {
  const [last] = await lastAuditRow(trx, {});
  if (!last) return { lastId: 0, hmac: CHAIN_GENESIS };
  if (last.hmac !== null) return { lastId: last.id, hmac: last.hmac };
  // The last row is unsealed (written before the chain, or around writeAudit): chain to the last sealed one.
  const sealed = await trx
    .selectFrom('audit_event')
    .select('hmac')
    .where('hmac', 'is not', null)
    .orderBy('id', 'desc')
    .limit(ONE_ROW)
    .executeTakeFirst();
  return { lastId: last.id, hmac: sealed?.hmac ?? CHAIN_GENESIS };
}
