import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { CHAIN_GENESIS, auditRowHmac, carriesPendingAuditTag } from './audit-chain.js';

export interface AuditChainReport {
  ok: boolean;
  /** Rows checked, sealed and unsealed. */
  rows: number;
  /** The first row that breaks the chain. */
  firstBadId?: number;
  /** A row waiting in audit_pending that the server did not write (its tag does not match). */
  badWaitingId?: string;
  /** What is wrong with it and what to do, in words. */
  problem?: string;
  /** Rows before the first sealed row: written before the chain existed, so not covered by it. */
  unsealedRows: number;
  /**
   * The last sealed row. Deleting rows from the end of the chain leaves a shorter chain that still
   * verifies: record this id and hmac somewhere the database's users cannot write (a ticket, a log
   * shipped off the host) and compare later runs against it.
   */
  head?: { id: number; hmac: string };
  /**
   * Rows in audit_pending (PostgreSQL), each with the server's tag: written with their writes and not
   * yet moved into the chain, because the server stopped first. A running server seals them within
   * seconds, and a starting one at once.
   */
  waitingRows: number;
}

/** Rows read per query: memory stays flat however long the trail is. */
export const VERIFY_PAGE_SIZE = 10_000;

/**
 * Walks the audit trail in id order, a page at a time, and checks every sealed row's hmac and its
 * link to the row before. Detects an edited row (its hmac no longer matches), a deleted row (the next
 * row's link points at a row that is not there), rows whose contents were swapped or moved (the id is
 * sealed) and a forged row (no one without the key can make its hmac). Stops at the first bad row.
 */
export async function verifyAuditChain(
  db: Kysely<Database>,
  key: string,
  options: { pageSize?: number } = {},
): Promise<AuditChainReport> {
  const pageSize = options.pageSize ?? VERIFY_PAGE_SIZE;
  let rows = 0;
  let unsealedRows = 0;
  /** The hmac the next sealed row must link to; null until the first sealed row. */
  let expectedPrev: string | null = null;
  let head: AuditChainReport['head'];
  let afterId = 0;
  const bad = (id: number, problem: string): AuditChainReport => ({
    ok: false,
    rows,
    firstBadId: id,
    problem,
    unsealedRows,
    waitingRows: 0,
    ...(head ? { head } : {}),
  });

  for (;;) {
    const page = await db
      .selectFrom('audit_event')
      .select([
        'id',
        'occurred_at',
        'user_id',
        'user_role',
        'action',
        'entity',
        'entity_id',
        'outcome',
        'address',
        'prev_hmac',
        'hmac',
      ])
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(pageSize)
      .execute();
    for (const row of page) {
      rows += 1;
      afterId = row.id;
      if (row.hmac === null || row.prev_hmac === null) {
        if (expectedPrev === null && row.hmac === null && row.prev_hmac === null) {
          unsealedRows += 1;
          continue;
        }
        return bad(
          row.id,
          `audit row ${row.id} is not sealed (no hmac or no link) although sealed rows come before it: it was inserted into the database directly, not through the server, or its seal was removed. Find out who wrote it (address ${row.address ?? 'none'}, ${row.occurred_at}); the rows after it still verify against the chain`,
        );
      }
      const first = expectedPrev === null;
      const linkTo = expectedPrev ?? CHAIN_GENESIS;
      if (auditRowHmac(key, row.prev_hmac, row) !== row.hmac) {
        return bad(
          row.id,
          first
            ? `audit row ${row.id}, the first sealed row, does not match its hmac: either the key is not the one the server sealed with (check AUDIT_HMAC_KEY), or the row was edited, moved from another id or forged. Restore the trail from a backup and investigate who had write access to the database`
            : `audit row ${row.id} does not match its hmac: one of its fields was edited, its contents were moved from another row, or it was forged without the key. Restore the trail from a backup and investigate who had write access to the database`,
        );
      }
      if (row.prev_hmac !== linkTo) {
        return bad(
          row.id,
          first
            ? `audit row ${row.id} is the first sealed row but links to a row that is not there: sealed rows before it were deleted or had their seal removed. Restore the trail from a backup`
            : `audit row ${row.id} does not link to the sealed row before it (id ${head?.id}): a row between them was deleted, or rows were inserted or reordered. Restore the trail from a backup`,
        );
      }
      expectedPrev = row.hmac;
      head = { id: row.id, hmac: row.hmac };
    }
    if (page.length < pageSize) break;
  }
  const waiting = await waitingAuditRows(db, key);
  if (waiting.untagged) {
    const row = waiting.untagged;
    return {
      ok: false,
      rows,
      badWaitingId: row.id,
      problem: `the row ${row.id} waiting in audit_pending (${row.action} ${row.entity} ${row.entity_id ?? ''}, ${row.occurred_at}, address ${row.address ?? 'none'}) does not match its tag: it was edited, or put there by someone without the key, and the server will not seal it. Find out who had write access to the database; the chain itself verifies`,
      unsealedRows,
      waitingRows: waiting.count,
      ...(head ? { head } : {}),
    };
  }
  return { ok: true, rows, unsealedRows, waitingRows: waiting.count, ...(head ? { head } : {}) };
}

/** The rows waiting in audit_pending (none on a database from before it), and the first without the server's tag. */
async function waitingAuditRows(db: Kysely<Database>, key: string) {
  const tables = await db.introspection.getTables();
  if (!tables.some((t) => t.name === 'audit_pending')) return { count: 0, untagged: undefined };
  const waiting = await db.selectFrom('audit_pending').selectAll().orderBy('seq').execute();
  const untagged = waiting.find(({ seq: _seq, ...row }) => !carriesPendingAuditTag(key, row));
  return { count: waiting.length, untagged };
}
