import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen once shipped: add a new migration instead of editing this one. Typed Kysely<any> on purpose
// (see the initial migration).
//
// Issue 16: on PostgreSQL an audited transaction took the chain's lock and then read the chain's head
// in two round trips, because a statement sees only what was committed before it started, and the head
// must be read after the lock. A volatile PL/pgSQL function takes a new snapshot for each statement it
// runs, so audit_chain_next() does both in one call:
// - takes the chain's advisory lock (418581342580, "audit" in ASCII hex: AUDIT_CHAIN_LOCK in
//   services/audit.ts), held to commit or rollback;
// - for a transaction of read audits alone (relaxed_commit), sets synchronous_commit off for it;
// - returns the first of row_count new ids (the sequence's next value, or past the table's last id)
//   and moves the sequence past the ids the rows take;
// - returns the hmac of the last sealed row, which the first new row chains to (null: none yet).
// SQLite needs nothing: its writers never interleave (services/audit.ts, writeAudit).

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`
    create function audit_chain_next(row_count integer, relaxed_commit boolean)
    returns table (first_id integer, prev_hmac text)
    language plpgsql volatile
    as $$
    begin
      if relaxed_commit then
        perform set_config('synchronous_commit', 'off', true);
      end if;
      perform pg_advisory_xact_lock(418581342580);
      first_id := greatest(nextval(pg_get_serial_sequence('audit_event', 'id')),
                           coalesce((select max(e.id) from audit_event e), 0) + 1);
      perform setval(pg_get_serial_sequence('audit_event', 'id'), first_id + row_count - 1);
      prev_hmac := (select e.hmac from audit_event e where e.hmac is not null order by e.id desc limit 1);
      return next;
    end;
    $$`.execute(db);
}
