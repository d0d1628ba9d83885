import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen once shipped: add a new migration instead of editing this one. Typed Kysely<any> on purpose
// (see the initial migration).
//
// Issue 16: on PostgreSQL a read's audit row cost four round trips (begin, audit_chain_next, the
// insert, commit) and a write's two. The server now seals the rows against the chain head it last
// saw (services/audit-append-postgres.ts) and sends them in one call of audit_append(), which:
// - for read audits alone (relaxed_commit), sets synchronous_commit off for its transaction;
// - takes the chain's advisory lock (418581342580, "audit" in ASCII hex: AUDIT_CHAIN_LOCK in
//   services/audit.ts), held to commit or rollback: called outside a transaction block, that is the
//   end of the call;
// - reads the head after the lock (a volatile function takes a new snapshot for each statement, so
//   at READ COMMITTED it sees the previous holder's committed row): the table's last id, and the
//   hmac of its last sealed row ('' before the first);
// - inserts the rows (given in id order) only if that head is the one they were sealed against, and
//   moves the id sequence past them; otherwise inserts nothing.
// It returns whether it inserted and the head it found, which a caller whose rows were refused seals
// against again. audit_chain_next() stays for a server of the previous version during an upgrade;
// both take the same lock and give ids past the table's last, so their rows chain together.
// SQLite needs nothing: its writers never interleave (services/audit.ts, writeAudit).

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`
    create function audit_append(expected_last_id integer, expected_prev_hmac text, new_rows jsonb,
                                 relaxed_commit boolean)
    returns table (appended boolean, last_id integer, last_hmac text)
    language plpgsql volatile
    as $$
    declare
      id_sequence regclass := pg_get_serial_sequence('audit_event', 'id')::regclass;
      row_count integer := jsonb_array_length(new_rows);
    begin
      if relaxed_commit then
        perform set_config('synchronous_commit', 'off', true);
      end if;
      perform pg_advisory_xact_lock(418581342580);
      last_id := coalesce((select max(e.id) from audit_event e), 0);
      last_hmac := coalesce((select e.hmac from audit_event e where e.hmac is not null order by e.id desc limit 1), '');
      appended := last_id = expected_last_id and last_hmac = expected_prev_hmac;
      if appended then
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
        -- Rows inserted without an id (none are, but a tool might) then take the next one.
        if last_id > coalesce(pg_sequence_last_value(id_sequence), 0) then
          perform setval(id_sequence, last_id);
        end if;
      end if;
      return next;
    end;
    $$`.execute(db);
}
