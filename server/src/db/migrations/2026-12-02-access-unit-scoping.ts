import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen once shipped: add a new migration instead of editing this one. Typed Kysely<any> on purpose
// (see the initial migration).
//
// Access hardening (issue 11):
// - user_unit: the units a user may see and chart on. Every existing user is assigned to every existing
//   unit, so an upgraded installation keeps working exactly as before until an admin narrows it.
// - emergency_access: "break-the-glass" grants (who, which unit, which admission, why, until when).
// - unit.discharged_visible_hours: how long a discharged stay stays readable without such a grant.
// - login_attempt.throttled: an attempt refused by the throttle (it does not count as a guess).
// - login_clearance: an admin cleared the failed logins of a username (counting restarts there).
// - protocol_change: a protocol change that loosens a hard limit waits for a second physician.

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const idType = pg ? 'serial' : 'integer';
  const id = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());

  await db.schema
    .createTable('user_unit')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('unit.id'))
    .addPrimaryKeyConstraint('user_unit_pk', ['user_id', 'unit_id'])
    .execute();
  await sql`insert into user_unit (user_id, unit_id) select app_user.id, unit.id from app_user cross join unit`.execute(
    db,
  );

  await db.schema
    .createTable('emergency_access')
    .addColumn('id', idType, id)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('unit.id'))
    .addColumn('admission_id', 'integer', (c) => c.references('admission.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('granted_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('emergency_access_user')
    .on('emergency_access')
    .columns(['user_id', 'unit_id', 'expires_at'])
    .execute();

  await db.schema
    .alterTable('unit')
    .addColumn('discharged_visible_hours', 'integer', (c) => c.notNull().defaultTo(72))
    .execute();

  await db.schema
    .alterTable('login_attempt')
    .addColumn('throttled', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('login_attempt_username_address')
    .on('login_attempt')
    .columns(['username', 'address', 'attempted_at'])
    .execute();
  await db.schema
    .createTable('login_clearance')
    .addColumn('id', idType, id)
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('cleared_by', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('cleared_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('login_clearance_username')
    .on('login_clearance')
    .columns(['username', 'cleared_at'])
    .execute();

  await db.schema
    .createTable('protocol_change')
    .addColumn('id', idType, id)
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('unit.id'))
    .addColumn('base_version', 'integer', (c) => c.notNull())
    .addColumn('protocol', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('loosened', 'text', (c) => c.notNull())
    .addColumn('proposed_by', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('proposed_at', 'text', (c) => c.notNull())
    .addColumn('approved_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('approved_at', 'text')
    .addColumn('applied_version', 'integer')
    .execute();
}
