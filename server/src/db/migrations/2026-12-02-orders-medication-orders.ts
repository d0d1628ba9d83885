import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen once shipped: add a new migration instead of editing this one. Typed Kysely<any> on purpose
// (see the initial migration). Dialect-neutral.
//
// Medication orders (issue 9). Orders are clinical records: append-only like the rest. A
// countersignature and a discontinuation are facts of their own, written once each (who, when, and
// for a discontinuation why); the order row itself never changes. Order sets are stored per unit
// with the protocol version they were written for. Every new administration names its order.

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const idType = pg ? 'serial' : 'integer';
  const id = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());

  await db.schema
    .createTable('order_set')
    .addColumn('id', idType, id)
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('unit.id'))
    .addColumn('protocol_version', 'integer', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('orders', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('order_set_unit_code_version', ['unit_id', 'code', 'protocol_version'])
    .execute();

  await db.schema
    .createTable('medication_order')
    .addColumn('id', idType, id)
    .addColumn('admission_id', 'integer', (c) => c.notNull().references('admission.id'))
    .addColumn('drug', 'text', (c) => c.notNull())
    .addColumn('dose_mg', 'double precision', (c) => c.notNull())
    .addColumn('dose_max_mg', 'double precision')
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('scheduled', 'prn', 'once')`))
    .addColumn('every_hours', 'double precision')
    .addColumn('times_of_day', 'text')
    .addColumn('indication', 'text')
    .addColumn('trigger_instrument', 'text')
    .addColumn('trigger_min_total', 'integer')
    .addColumn('min_interval_minutes', 'integer')
    .addColumn('max_per_24h_mg', 'double precision')
    .addColumn('hold', 'text')
    .addColumn('start_at', 'text', (c) => c.notNull())
    .addColumn('end_at', 'text')
    .addColumn('note', 'text')
    // The physician whose order it is; for a verbal order, the nurse who entered it is entered_by.
    .addColumn('ordered_by', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('entered_by', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('written', 'verbal', 'telephone')`))
    .addColumn('read_back', 'integer', (c) => c.notNull())
    .addColumn('order_set_id', 'integer', (c) => c.references('order_set.id'))
    .addColumn('protocol_version', 'integer')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('medication_order_admission')
    .on('medication_order')
    .columns(['admission_id', 'id'])
    .execute();
  // Physicians' list of verbal orders to countersign.
  await db.schema
    .createIndex('medication_order_ordered_by')
    .on('medication_order')
    .columns(['ordered_by', 'channel'])
    .execute();

  await db.schema
    .createTable('order_countersignature')
    .addColumn('id', idType, id)
    .addColumn('order_id', 'integer', (c) => c.notNull().references('medication_order.id').unique())
    .addColumn('signed_by', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('signed_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('order_discontinuation')
    .addColumn('id', idType, id)
    .addColumn('order_id', 'integer', (c) => c.notNull().references('medication_order.id').unique())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('discontinued_by', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('discontinued_at', 'text', (c) => c.notNull())
    .execute();

  // Doses charted before orders existed keep a null order; every new one names its order (the service refuses otherwise).
  await db.schema
    .alterTable('medication_administration')
    .addColumn('order_id', 'integer', (c) => c.references('medication_order.id'))
    .execute();
  await db.schema.createIndex('administration_order').on('medication_administration').columns(['order_id']).execute();

  for (const table of ['order_set', 'medication_order', 'order_countersignature', 'order_discontinuation']) {
    if (pg) {
      // refuse_change() was created by the initial migration.
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
