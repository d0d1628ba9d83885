import { type Kysely, PostgresAdapter, sql } from 'kysely';
import { DateTime } from 'luxon';

// Frozen once shipped: add a new migration instead of editing this one. Typed Kysely<any> on purpose
// (see the initial migration).
//
// Issue 15, item 8: a taper plan starts on the date the physician chooses (its day 1), no longer on
// the date of admission.
// - taper_plan.start_date: the plan's first date on the unit's calendar (YYYY-MM-DD). Plans written
//   before this migration meant "day 1 = the date of admission", so they get exactly that date: what
//   each plan planned on which date does not change. This fills a new column of append-only rows (the
//   rows' content is untouched), so the no-update trigger is lifted for that one statement per row
//   and put back in the same transaction.
// - taper_plan.supersedes_id and change_reason: a changed plan names the plan it replaces and why
//   (who and when are the row's recorded_by and recorded_at).

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('taper_plan').addColumn('start_date', 'text').execute();
  await db.schema
    .alterTable('taper_plan')
    .addColumn('supersedes_id', 'integer', (c) => c.references('taper_plan.id'))
    .execute();
  await db.schema.alterTable('taper_plan').addColumn('change_reason', 'text').execute();

  const rows: { id: number; admitted_at: string; time_zone: string }[] = await db
    .selectFrom('taper_plan')
    .innerJoin('admission', 'admission.id', 'taper_plan.admission_id')
    .innerJoin('unit', 'unit.id', 'admission.unit_id')
    .select(['taper_plan.id', 'admission.admitted_at', 'unit.time_zone'])
    .execute();
  if (rows.length === 0) return;
  const pg = isPostgres(db);
  if (pg) {
    await sql`alter table taper_plan disable trigger taper_plan_append_only`.execute(db);
  } else {
    await sql`drop trigger taper_plan_no_update`.execute(db);
  }
  for (const row of rows) {
    const start = DateTime.fromISO(row.admitted_at, { zone: row.time_zone }).toISODate();
    await db.updateTable('taper_plan').set({ start_date: start }).where('id', '=', row.id).execute();
  }
  if (pg) {
    await sql`alter table taper_plan enable trigger taper_plan_append_only`.execute(db);
  } else {
    await sql`create trigger taper_plan_no_update before update on taper_plan begin select raise(abort, 'taper_plan rows are append-only'); end`.execute(
      db,
    );
  }
}
