import { type Kysely, sql } from 'kysely';

// Frozen once shipped: add a new migration instead of editing this one. Typed Kysely<any> on purpose
// (see the initial migration).
//
// Each unit charts temperature in its own scale (a US unit in °F); readings stay stored in °C, so
// only entry and display change. Existing units keep °C.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('unit')
    .addColumn('temperature_unit', 'text', (c) => c.notNull().defaultTo('C').check(sql`temperature_unit in ('C', 'F')`))
    .execute();
}
