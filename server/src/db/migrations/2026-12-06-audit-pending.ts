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
// - sets synchronous_commit off for its own transaction: what it seals is either already on disk in
//   audit_pending (a power cut that loses the seal leaves them there, to be sealed again) or a read's
//   row, which never waited for the disk (services/audit.ts, auditRead);
// - takes the chain's advisory lock (418581342580, AUDIT_CHAIN_LOCK), held to the end of the call
//   only: it is called outside a transaction block, so no disk sync is ever waited for under it;
// - reads the head as audit_append() does, and if it is the one the rows were sealed against, deletes
//   the pending rows it seals (all of them, or it raises and changes nothing) and inserts the sealed
//   rows; otherwise it changes nothing and answers with the head, for the sealer to seal against.
// The head read and the insert are audit_append()'s, written out as the version measured on the
// hospital bench has them (a version calling audit_append() measured no better).
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
      id_sequence regclass := pg_get_serial_sequence('audit_event', 'id')::regclass;
      row_count integer := jsonb_array_length(new_rows);
      wanted integer := coalesce(array_length(pending_ids, 1), 0);
      taken integer;
    begin
      perform set_config('synchronous_commit', 'off', true);
      perform pg_advisory_xact_lock(418581342580);
      last_id := coalesce((select max(e.id) from audit_event e), 0);
      last_hmac := coalesce((select e.hmac from audit_event e where e.hmac is not null order by e.id desc limit 1), '');
      appended := last_id = expected_last_id and last_hmac = expected_prev_hmac;
      if appended then
        delete from audit_pending p where p.id = any(pending_ids);
        get diagnostics taken = row_count;
        -- Cannot happen while every sealer takes the lock (a seal moves the head): a guard, not a path.
        if taken <> wanted then
          raise exception 'audit_seal: % of the % pending audit rows were sealed already', wanted - taken, wanted;
        end if;
        insert into audit_event (id, occurred_at, user_id, user_role, action, entity, entity_id, outcome,
                                 address, prev_hmac, hmac)
          select r.id, r.occurred_at, r.user_id, r.user_role, r.action, r.entity, r.entity_id, r.outcome,
                 r.address, r.prev_hmac, r.hmac
          from jsonb_to_recordset(new_rows) as r(id integer, occurred_at text, user_id integer,
                                                 user_role text, action text, entity text,
                                                 entity_id integer, outcome text, address text,
                                                 prev_hmac text, hmac text)
          order by r.id;
        last_id := last_id + row_count;
        last_hmac := new_rows -> (row_count - 1) ->> 'hmac';
        if last_id > coalesce(pg_sequence_last_value(id_sequence), 0) then
          perform setval(id_sequence, last_id);
        end if;
      end if;
      return next;
    end;
    $$`.execute(db);
}
