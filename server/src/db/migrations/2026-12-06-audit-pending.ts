import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen once shipped: add a new migration instead of editing this one. Typed Kysely<any> on purpose
// (see the initial migration).
//
// Issue 16: on PostgreSQL every audited write held the audit chain's lock from audit_append() through
// its COMMIT, disk sync included, so writes took turns one sync at a time, and every read's audit row
// waited behind them (on the hospital bench: p99 250 ms for every kind of request). Now a clinical
// write's audit rows go into audit_pending with its transaction (no lock: they are on disk when the
// write is), and a sealer (services/audit-sealer-postgres.ts) moves them into the chain after the
// COMMIT, with the reads' rows, in one call of audit_seal(), which:
// - appends them through audit_append() with relaxed_commit: synchronous_commit off for its own
//   transaction (what it seals is either already on disk in audit_pending, where a power cut that
//   loses the seal leaves it to be sealed again, or a read's row, which never waited for the disk),
//   under the chain's advisory lock (AUDIT_CHAIN_LOCK), held to the end of the call only: it is called
//   outside a transaction block, so no disk sync is ever waited for under it;
// - if they went in (the head was the one they were sealed against), deletes the pending rows it
//   sealed, all of them or it raises and changes nothing; otherwise it changes nothing and answers
//   with the head, for the sealer to seal against.
// audit_append() and audit_chain_next() stay (tools, the demo seed, a server of the previous version
// during a rolling upgrade): all three take the same lock and read the head under it, so their rows
// chain together.
// SQLite gets the table too, so that the schema is the same on both, but never uses it: its writers
// never interleave, and its chain costs one read by primary key (services/audit.ts, writeAudit).

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('audit_pending')
    // A random UUID, covered by the tag: two waiting rows cannot share one tag.
    .addColumn('id', 'text', (c) => c.primaryKey())
    // The order rows were written in: a write's rows go into the chain in its order.
    .addColumn('seq', pg ? 'serial' : 'integer', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer')
    .addColumn('user_role', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'integer')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('address', 'text')
    // HMAC over the id and the fields (audit/audit-chain.ts, pendingAuditTag): the sealer seals
    // nothing the server did not write.
    .addColumn('tag', 'text', (c) => c.notNull())
    .execute();
  if (!pg) return;
  await sql`
    create function audit_seal(expected_last_id integer, expected_prev_hmac text, new_rows jsonb,
                               pending_ids text[])
    returns table (appended boolean, last_id integer, last_hmac text)
    language plpgsql volatile
    as $$
    declare
      wanted integer := coalesce(array_length(pending_ids, 1), 0);
      taken integer;
    begin
      -- The append itself is audit_append()'s, relaxed: the same lock, head and insert for both.
      select a.appended, a.last_id, a.last_hmac into appended, last_id, last_hmac
        from audit_append(expected_last_id, expected_prev_hmac, new_rows, true) a;
      if appended then
        delete from audit_pending p where p.id = any(pending_ids);
        get diagnostics taken = row_count;
        -- Cannot happen while every sealer takes the lock (a seal moves the head): a guard, not a path.
        -- Raised, it undoes the append above too.
        if taken <> wanted then
          raise exception 'audit_seal: % of the % pending audit rows were sealed already', wanted - taken, wanted;
        end if;
      end if;
      return next;
    end;
    $$`.execute(db);
}
