import { type RawBuilder, type SqlBool, sql } from 'kysely';

/**
 * The one rule for "this record still stands": a clinical record that a correction has superseded
 * or marked entered-in-error stays in its table (nothing is deleted) but no longer counts in totals,
 * limits, schedules or charts. Usable in a Kysely `.where(notCorrected('assessment', 'a.id'))` and
 * inside raw SQL (`and ${notCorrected('assessment', 'a.id')}`).
 *
 * The record type is a literal, not a parameter: one of two words fixed in the code, and PostgreSQL
 * plans a kept statement once (a generic plan) only when its estimate is as good as one planned for
 * the values at hand; a parameter hid which of the two it was.
 */
export function notCorrected(recordType: 'assessment' | 'administration', idColumn: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`not exists (select 1 from record_correction correction where correction.record_type = ${sql.lit(recordType)} and correction.record_id = ${sql.ref(idColumn)})`;
}
