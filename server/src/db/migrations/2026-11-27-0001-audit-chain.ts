import type { Kysely } from 'kysely';

// Frozen once shipped: add a new migration instead of editing this one. Typed Kysely<any> on purpose
// (see the initial migration). Dialect-neutral: plain ALTER TABLE and CREATE INDEX, one column per
// ALTER because SQLite adds one at a time.
//
// The audit chain (server/src/audit/audit-chain.ts): every audit row written from now on carries
// hmac = HMAC-SHA256(key, prev_hmac + the row's fields) and the prev_hmac it was chained to. Both are
// nullable: rows written before this migration have none (the verifier counts them as written before
// the chain began) and a row cannot be sealed here, because the key is not the migration's to know
// and audit rows are never updated.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_event').addColumn('prev_hmac', 'text').execute();
  await db.schema.alterTable('audit_event').addColumn('hmac', 'text').execute();
  // Two rows can never follow the same row: if concurrent writers ever chained to the same
  // predecessor (a bug, or a transaction at the wrong isolation level), the second insert fails
  // loudly instead of forking the chain. NULLs (unsealed rows) do not collide on either database.
  await db.schema.createIndex('audit_event_prev_hmac').on('audit_event').column('prev_hmac').unique().execute();
  // audit.list filters by user and pages newest first.
  await db.schema.createIndex('audit_event_user').on('audit_event').columns(['user_id', 'id']).execute();
}
