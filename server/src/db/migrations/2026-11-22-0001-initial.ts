import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one. Typed Kysely<any> on purpose, so
// it does not change meaning when the application's types do. Dialect-neutral: one set for SQLite
// and PostgreSQL.

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  // Auto-increment keys are the one thing the two dialects spell differently.
  const idType = pg ? 'serial' : 'integer';
  const id = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());

  await db.schema
    .createTable('unit')
    .addColumn('id', idType, id)
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('shift_starts', 'text', (c) => c.notNull())
    .addColumn('assessment_interval_minutes', 'integer', (c) => c.notNull())
    .addColumn('prn_reassess_minutes', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('bed')
    .addColumn('id', idType, id)
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('unit.id'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addUniqueConstraint('bed_unit_label', ['unit_id', 'label'])
    .execute();

  await db.schema
    .createTable('app_user')
    .addColumn('id', idType, id)
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('nurse', 'physician', 'admin')`))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('session')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .execute();

  // Failed and successful logins, so throttling holds across server instances and restarts.
  await db.schema
    .createTable('login_attempt')
    .addColumn('id', idType, id)
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('succeeded', 'integer', (c) => c.notNull())
    .addColumn('attempted_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('login_attempt_username')
    .on('login_attempt')
    .columns(['username', 'attempted_at'])
    .execute();
  await db.schema
    .createIndex('login_attempt_address')
    .on('login_attempt')
    .columns(['address', 'attempted_at'])
    .execute();

  await db.schema
    .createTable('patient')
    .addColumn('id', idType, id)
    .addColumn('mrn', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('birth_date', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('admission')
    .addColumn('id', idType, id)
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('unit.id'))
    .addColumn('bed', 'text', (c) => c.notNull())
    .addColumn('patient_id', 'integer', (c) => c.notNull().references('patient.id'))
    .addColumn('substance', 'text', (c) => c.notNull())
    .addColumn('opioid_kind', 'text', (c) => c.notNull().check(sql`opioid_kind in ('short', 'long')`))
    .addColumn('last_use_at', 'text', (c) => c.notNull())
    .addColumn('admitted_at', 'text', (c) => c.notNull())
    .addColumn('discharged_at', 'text')
    .addColumn('recorded_by', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('admission_unit_open').on('admission').columns(['unit_id', 'discharged_at']).execute();

  await db.schema
    .createTable('assessment')
    .addColumn('id', idType, id)
    .addColumn('admission_id', 'integer', (c) => c.notNull().references('admission.id'))
    .addColumn('instrument', 'text', (c) => c.notNull())
    .addColumn('taken_at', 'text', (c) => c.notNull())
    .addColumn('items', 'text', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('heart_rate', 'integer')
    .addColumn('systolic', 'integer')
    .addColumn('diastolic', 'integer')
    .addColumn('temperature_c', 'double precision')
    .addColumn('respiratory_rate', 'integer')
    .addColumn('spo2', 'integer')
    .addColumn('note', 'text')
    .addColumn('supersedes_id', 'integer', (c) => c.references('assessment.id').unique())
    .addColumn('recorded_by', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('assessment_admission_taken')
    .on('assessment')
    .columns(['admission_id', 'taken_at'])
    .execute();

  await db.schema
    .createTable('medication_administration')
    .addColumn('id', idType, id)
    .addColumn('admission_id', 'integer', (c) => c.notNull().references('admission.id'))
    .addColumn('drug', 'text', (c) => c.notNull())
    .addColumn('dose_mg', 'double precision', (c) => c.notNull())
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('given_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('given', 'held', 'refused')`))
    .addColumn('prn', 'integer', (c) => c.notNull())
    .addColumn('indication', 'text')
    .addColumn('hold_reason', 'text')
    .addColumn('assessment_id', 'integer', (c) => c.references('assessment.id'))
    .addColumn('override_reason', 'text')
    .addColumn('override_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('warnings', 'text', (c) => c.notNull())
    .addColumn('protocol_version', 'integer')
    .addColumn('supersedes_id', 'integer', (c) => c.references('medication_administration.id').unique())
    .addColumn('recorded_by', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('administration_admission_given')
    .on('medication_administration')
    .columns(['admission_id', 'given_at'])
    .execute();

  // The unit protocol (dose limits, hold parameters, induction gate), versioned: a change is a new
  // row, and each administration records the version it was checked against.
  await db.schema
    .createTable('unit_protocol')
    .addColumn('id', idType, id)
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('unit.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('protocol', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('unit_protocol_version', ['unit_id', 'version'])
    .execute();

  // Alerts raised on an admission (precipitated withdrawal); a physician's acknowledgement closes one.
  await db.schema
    .createTable('alert')
    .addColumn('id', idType, id)
    .addColumn('admission_id', 'integer', (c) => c.notNull().references('admission.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('assessment_id', 'integer', (c) => c.references('assessment.id'))
    .addColumn('raised_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('alert_admission').on('alert').columns(['admission_id']).execute();
  await db.schema
    .createTable('alert_acknowledgement')
    .addColumn('id', idType, id)
    .addColumn('alert_id', 'integer', (c) => c.notNull().references('alert.id').unique())
    .addColumn('note', 'text')
    .addColumn('acknowledged_by', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('acknowledged_at', 'text', (c) => c.notNull())
    .execute();

  // A physician's planned daily totals for one drug; a new plan is a new row, the newest is in force.
  await db.schema
    .createTable('taper_plan')
    .addColumn('id', idType, id)
    .addColumn('admission_id', 'integer', (c) => c.notNull().references('admission.id'))
    .addColumn('drug', 'text', (c) => c.notNull())
    .addColumn('days', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('taper_plan_admission')
    .on('taper_plan')
    .columns(['admission_id', 'drug', 'id'])
    .execute();

  await db.schema
    .createTable('record_correction')
    .addColumn('id', idType, id)
    .addColumn('record_type', 'text', (c) => c.notNull().check(sql`record_type in ('assessment', 'administration')`))
    .addColumn('record_id', 'integer', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull().check(sql`action in ('replaced', 'entered-in-error')`))
    .addColumn('replacement_id', 'integer')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('corrected_by', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('corrected_at', 'text', (c) => c.notNull())
    // A record is corrected once; a second correction must correct the replacement.
    .addUniqueConstraint('record_correction_once', ['record_type', 'record_id'])
    .execute();

  await db.schema
    .createTable('audit_event')
    .addColumn('id', idType, id)
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer')
    .addColumn('user_role', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'integer')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('address', 'text')
    .execute();
  await db.schema.createIndex('audit_event_entity').on('audit_event').columns(['entity', 'entity_id']).execute();

  // Clinical records and the audit trail are append-only: the database itself refuses changes.
  for (const table of [
    'assessment',
    'medication_administration',
    'taper_plan',
    'unit_protocol',
    'alert',
    'alert_acknowledgement',
    'record_correction',
    'audit_event',
  ]) {
    if (pg) {
      await sql
        .raw(
          `create or replace function refuse_change() returns trigger language plpgsql as $$
           begin raise exception '% rows are append-only', tg_table_name; end $$`,
        )
        .execute(db);
      await sql
        .raw(
          `create trigger ${table}_append_only before update or delete on ${table} for each row execute function refuse_change()`,
        )
        .execute(db);
    } else {
      await sql
        .raw(
          `create trigger ${table}_no_update before update on ${table} begin select raise(abort, '${table} rows are append-only'); end`,
        )
        .execute(db);
      await sql
        .raw(
          `create trigger ${table}_no_delete before delete on ${table} begin select raise(abort, '${table} rows are append-only'); end`,
        )
        .execute(db);
    }
  }
}
