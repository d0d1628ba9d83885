import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { notFound } from './errors.js';

export interface UnitView {
  id: number;
  name: string;
  timeZone: string;
  shiftStarts: string[];
  assessmentIntervalMinutes: number;
  prnReassessMinutes: number;
  beds: string[];
}

export async function listUnits(db: Kysely<Database>): Promise<UnitView[]> {
  const units = await db
    .selectFrom('unit')
    .select(['id', 'name', 'time_zone', 'shift_starts', 'assessment_interval_minutes', 'prn_reassess_minutes'])
    .orderBy('name')
    .execute();
  const beds = await db.selectFrom('bed').select(['unit_id', 'label']).orderBy('unit_id').orderBy('sort_order').execute();
  return units.map((u) => ({
    id: u.id,
    name: u.name,
    timeZone: u.time_zone,
    shiftStarts: JSON.parse(u.shift_starts) as string[],
    assessmentIntervalMinutes: u.assessment_interval_minutes,
    prnReassessMinutes: u.prn_reassess_minutes,
    beds: beds.filter((b) => b.unit_id === u.id).map((b) => b.label),
  }));
}

export async function getUnit(db: Kysely<Database>, unitId: number): Promise<UnitView> {
  const unit = (await listUnits(db)).find((u) => u.id === unitId);
  if (!unit) throw notFound('Unit', unitId);
  return unit;
}
