import { type Kysely, sql } from 'kysely';
import { compiledOnce } from '../db/compiled-once.js';
import type { Database } from '../db/database.js';

/** Where the chain stands: the table's last id, and the hmac of its last sealed row ('' before the first). */
export interface ChainHead {
  lastId: number;
  hmac: string;
}

/** A row as audit_append() and audit_seal() insert it, of which they read the id and the hmac. */
export interface SealedRow {
  id: number;
  hmac: string;
}

/**
 * Seals a caller's rows after a given head, in id order, with the columns audit_append() reads from
 * each (services/audit.ts, sealedAuditRows).
 */
export type SealAfter = (head: ChainHead) => readonly SealedRow[];

/**
 * audit_append() (migration 2026-12-05-audit-append) in one round trip: takes the chain's lock, and
 * inserts the rows only if the head is still the one they were sealed against (compiledOnce: prepared
 * once per connection).
 */
const auditAppend = compiledOnce((db: Kysely<Database>, slot) => ({
  compile: () =>
    sql<{ appended: boolean; last_id: number; last_hmac: string }>`
      select appended, last_id, last_hmac
      from audit_append(${slot('lastId')}::int, ${slot('prevHmac')}::text, ${slot('rows')}::jsonb, ${slot('relaxed')}::boolean)`.compile(
      db,
    ),
}));

/**
 * The head each database handle last saw, kept per dialect adapter (a handle and its transactions
 * share one). A guess only: audit_append() checks it under the lock, and a wrong one costs a second
 * call, never a forked chain.
 */
const lastSeenHeads = new WeakMap<object, ChainHead>();

/** No table has it: a writer's first append or seal is refused and learns the real head. */
export const UNKNOWN_HEAD: ChainHead = { lastId: -1, hmac: '' };

/**
 * One call of audit_append() with the rows sealed against `given`, or else the last head this handle
 * saw. Returns whether they were inserted and the head the database had: after a refusal, the head to
 * seal against. Called in a transaction, the chain's lock is then held to its end, so that head cannot
 * move; called outside one (a read's audit rows), the call commits on its own and releases the lock.
 */
export async function tryAppendOnPostgres(
  db: Kysely<Database>,
  sealAfter: SealAfter,
  relaxedCommit: boolean,
  given?: ChainHead,
): Promise<{ appended: boolean; head: ChainHead }> {
  const adapter = db.getExecutor().adapter;
  const head = given ?? lastSeenHeads.get(adapter) ?? UNKNOWN_HEAD;
  const rows = sealAfter(head);
  const last = rows.at(-1);
  // The next append from this server is sealed after these rows, not after the head before them:
  // sent after this one, it takes the chain's lock after it as a rule, and would otherwise be refused
  // for a head this server was itself about to move: on the hospital bench on PostgreSQL, one call in
  // nine was refused so, one in forty-five since. If these rows are refused, the answer below puts the
  // real head back.
  if (last) lastSeenHeads.set(adapter, { lastId: last.id, hmac: last.hmac });
  const [result] = await auditAppend(db, {
    lastId: head.lastId,
    prevHmac: head.hmac,
    rows: JSON.stringify(rows),
    relaxed: relaxedCommit,
  });
  if (!result) throw new Error('audit chain: PostgreSQL returned no row from audit_append()');
  const found = { lastId: result.last_id, hmac: result.last_hmac };
  // Answers from several connections arrive in any order: an append moves the guess forward only.
  // A refusal reports the committed head, older or not, and is taken as it is.
  if (!result.appended || found.lastId > (lastSeenHeads.get(adapter)?.lastId ?? -1)) lastSeenHeads.set(adapter, found);
  return { appended: result.appended, head: found };
}

/**
 * Appends inside the caller's transaction: one round trip when this handle's last seen head is still
 * the chain's head, two when another writer moved it (the first call took the lock and says where the
 * head is now; the rows are sealed again after it).
 */
export async function appendInTransactionOnPostgres(
  trx: Kysely<Database>,
  sealAfter: SealAfter,
  relaxedCommit: boolean,
): Promise<void> {
  const first = await tryAppendOnPostgres(trx, sealAfter, relaxedCommit);
  if (first.appended) return;
  const second = await tryAppendOnPostgres(trx, sealAfter, relaxedCommit, first.head);
  if (!second.appended) throw new Error('audit chain: the head moved while this transaction held the chain lock');
}
