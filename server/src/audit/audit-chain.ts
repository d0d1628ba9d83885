import { createHmac } from 'node:crypto';

/**
 * The audit chain (issue 6, item 5). Each audit_event row carries
 *
 *   hmac = HMAC-SHA256(key, "audit-chain-v1\n" + prev_hmac + "\n" + JSON([id, occurred_at, user_id,
 *          user_role, action, entity, entity_id, outcome, address]))
 *
 * where prev_hmac is the hmac of the row before it in id order ("" for the first sealed row) and is
 * stored on the row too, so a verifier can tell an edited row (its own hmac does not match) from a
 * missing or foreign one (its link does not match the row before). The id is sealed, so moving a
 * row's contents to another id is detected; the JSON array keeps field boundaries unambiguous
 * (no "ab"+"c" = "a"+"bc"). Changing anything here breaks every existing chain: add a v2 instead.
 */

/** prev_hmac of the first sealed row. */
export const CHAIN_GENESIS = '';

const DOMAIN = 'audit-chain-v1';

/** The sealed fields of one audit row, as stored. */
export interface SealedFields {
  id: number;
  occurred_at: string;
  user_id: number | null;
  user_role: string | null;
  action: string;
  entity: string;
  entity_id: number | null;
  outcome: string;
  address: string | null;
}

/** The canonical text of a row's sealed fields: a JSON array in a fixed order (a pending row's id is text). */
export function canonicalAuditRow(row: SealedFields | PendingFields): string {
  return JSON.stringify([
    row.id,
    row.occurred_at,
    row.user_id,
    row.user_role,
    row.action,
    row.entity,
    row.entity_id,
    row.outcome,
    row.address,
  ]);
}

/** The hmac of a row that follows a row whose hmac is `prevHmac`, as lowercase hex. */
export function auditRowHmac(key: string, prevHmac: string, row: SealedFields): string {
  return createHmac('sha256', key)
    .update(`${DOMAIN}\n${prevHmac}\n${canonicalAuditRow(row)}`)
    .digest('hex');
}

const PENDING_DOMAIN = 'audit-pending-v1';

/** The fields of an audit row waiting to be sealed (audit_pending), as stored. */
export type PendingFields = Omit<SealedFields, 'id'> & { id: string };

/**
 * The tag of a row waiting in audit_pending for its place in the chain (PostgreSQL): HMAC-SHA256 over
 * its random id and its fields, in another domain than the chain's. The sealer seals only rows whose
 * tag matches, so a row put into audit_pending by anyone without the key never enters the chain;
 * `pnpm verify-audit` names it.
 */
export function pendingAuditTag(key: string, row: PendingFields): string {
  return createHmac('sha256', key)
    .update(`${PENDING_DOMAIN}\n${canonicalAuditRow(row)}`)
    .digest('hex');
}

/** Whether a waiting row's tag is the one this key gives its id and fields (the sealer and verify-audit ask). */
export function carriesPendingAuditTag(key: string, row: PendingFields & { tag: string }): boolean {
  const { tag, ...fields } = row;
  return pendingAuditTag(key, fields) === tag;
}
