import type { SetTemperatureUnitInput, TemperatureScale } from '@detox/shared';
import { type Kysely, sql } from 'kysely';
import type { Actor } from './actor.js';
import { compiledOnce } from '../db/compiled-once.js';
import type { Database } from '../db/database.js';
import { readJsonColumn } from '../db/json-column.js';
import { storedTimesOfDay } from '../db/stored-json.js';
import { writeAudit } from './audit.js';
import { notFound } from './errors.js';
import { visibleUnitIds } from './unit-scope.js';

export interface UnitView {
  id: number;
  name: string;
  timeZone: string;
  shiftStarts: string[];
  assessmentIntervalMinutes: number;
  prnReassessMinutes: number;
  /** The scale the unit enters and reads temperatures in; stored readings are °C. */
  temperatureUnit: TemperatureScale;
  beds: string[];
}

type UnitRow = Pick<
  Database['unit'],
  'name' | 'time_zone' | 'shift_starts' | 'assessment_interval_minutes' | 'prn_reassess_minutes'
> & {
  id: number;
  temperature_unit: TemperatureScale;
};

const UNIT_COLUMNS = [
  'id',
  'name',
  'time_zone',
  'shift_starts',
  'assessment_interval_minutes',
  'prn_reassess_minutes',
  'temperature_unit',
] as const;

function present(u: UnitRow, beds: string[]): UnitView {
  return {
    id: u.id,
    name: u.name,
    timeZone: u.time_zone,
    shiftStarts: readJsonColumn(storedTimesOfDay, u.shift_starts, { table: 'unit', column: 'shift_starts', id: u.id }),
    assessmentIntervalMinutes: u.assessment_interval_minutes,
    prnReassessMinutes: u.prn_reassess_minutes,
    temperatureUnit: u.temperature_unit,
    beds,
  };
}

// Charting reads it to write the unit's local time or date (compiledOnce: built once, not per entry).
const timeZoneOfUnit = compiledOnce((db: Kysely<Database>, slot) =>
  db.selectFrom('unit').select('time_zone').where('id', '=', slot('unitId')),
);

/** The unit's IANA time zone. */
export async function unitTimeZoneOf(db: Kysely<Database>, unitId: number): Promise<string> {
  const [unit] = await timeZoneOfUnit(db, { unitId });
  if (!unit) throw notFound('Unit', unitId);
  return unit.time_zone;
}

export async function listUnits(db: Kysely<Database>): Promise<UnitView[]> {
  const units = await db.selectFrom('unit').select(UNIT_COLUMNS).orderBy('name').execute();
  const beds = await db
    .selectFrom('bed')
    .select(['unit_id', 'label'])
    .orderBy('unit_id')
    .orderBy('sort_order')
    .execute();
  return units.map((u) =>
    present(
      u,
      beds.filter((b) => b.unit_id === u.id).map((b) => b.label),
    ),
  );
}

/**
 * The units a user works on (assigned, or reached by a live emergency grant). An admin sees every
 * unit, to assign people to them; unit names and beds are not patient data.
 */
export async function unitsVisibleTo(db: Kysely<Database>, user: Pick<Actor, 'id' | 'role'>): Promise<UnitView[]> {
  const units = await listUnits(db);
  if (user.role === 'admin') return units;
  const visible = await visibleUnitIds(db, user);
  return units.filter((u) => visible.has(u.id));
}

/** Joins a unit's bed labels in one value (no label holds this control character). */
const BED_SEPARATOR = '\u001f';

/**
 * A unit's columns with its beds in ward order, joined into one value by the same string_agg on
 * PostgreSQL and SQLite (3.44 and later): one row, where a row per bed cost more than the rest of
 * the lookup. Also for a lookup of `unit` that reads more alongside (the board's, census.ts).
 */
export const UNIT_WITH_BEDS_COLUMNS = [
  ...UNIT_COLUMNS,
  sql<
    string | null
  >`(select string_agg(bed.label, ${BED_SEPARATOR} order by bed.sort_order) from bed where bed.unit_id = unit.id)`.as(
    'beds',
  ),
] as const;

/** A row read with UNIT_WITH_BEDS_COLUMNS, as the API shows a unit. */
export function unitViewOf(row: UnitRow & { beds: string | null }): UnitView {
  return present(row, row.beds === null ? [] : row.beds.split(BED_SEPARATOR));
}

/** Every unit lookup by id runs this (compiledOnce: built once, not per request). */
const unitWithBeds = compiledOnce((db: Kysely<Database>, slot) =>
  db.selectFrom('unit').select(UNIT_WITH_BEDS_COLUMNS).where('id', '=', slot('unitId')),
);

/** One unit with its beds; every board and report starts here, so it reads only that unit. */
export async function getUnit(db: Kysely<Database>, unitId: number): Promise<UnitView> {
  const [unit] = await unitWithBeds(db, { unitId });
  if (!unit) throw notFound('Unit', unitId);
  return unitViewOf(unit);
}

/** A unit setting, not a clinical record: changed in place, with who and when in the audit trail. */
export async function setTemperatureUnit(
  db: Kysely<Database>,
  actor: Actor,
  input: SetTemperatureUnitInput,
): Promise<UnitView> {
  await getUnit(db, input.unitId);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('unit')
      .set({ temperature_unit: input.temperatureUnit })
      .where('id', '=', input.unitId)
      .execute();
    await writeAudit(trx, actor, 'update', 'unit-temperature-unit', input.unitId);
  });
  return getUnit(db, input.unitId);
}
