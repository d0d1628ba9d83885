import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen once shipped: add a new migration instead of editing this one. Typed Kysely<any> on purpose
// (see the initial migration).
//
// Issues 12 and 13: every clinical write may carry the client's own request id, so a retry (after a
// lost answer, a killed server, or an entry charted offline and replayed) lands once.
// - client_request: one row per request id, written in the same transaction as the write it stands
//   for, with who sent it, which procedure, a hash of the content and the first answer. Append-only.
// - medication_administration.given_offline: 1 for a dose charted while the tablet was offline and
//   recorded on arrival even though its safety check then failed (its warnings are kept as usual).

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('client_request')
    .addColumn('request_id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('procedure', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('answer', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  if (pg) {
    // refuse_change() comes from the initial migration.
    await sql`create trigger client_request_append_only before update or delete on client_request
      for each row execute function refuse_change()`.execute(db);
  } else {
    await sql`create trigger client_request_no_update before update on client_request
      begin select raise(abort, 'client_request rows are append-only'); end`.execute(db);
    await sql`create trigger client_request_no_delete before delete on client_request
      begin select raise(abort, 'client_request rows are append-only'); end`.execute(db);
  }
  await db.schema
    .alterTable('medication_administration')
    .addColumn('given_offline', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
