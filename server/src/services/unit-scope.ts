import type { Role } from '@detox/shared';
import { type Kysely, sql } from 'kysely';
import { compiledOnce } from '../db/compiled-once.js';
import type { Database } from '../db/database.js';
import type { Actor } from './actor.js';
import { type AdmissionOnUnit, admissionOnUnit } from './admission-on-unit.js';

/**
 * Unit scoping (issue 11, item 3): a user sees and charts only the units they are assigned to
 * (user_unit), unless they hold a live break-the-glass grant for the unit (emergency_access). A stay
 * discharged longer ago than its unit's `discharged_visible_hours` is readable only through a grant.
 *
 * The rule is applied to a procedure's raw input by one tRPC middleware (trpc.ts, authedProcedure)
 * and by the download routes, so a procedure is scoped by the names of its input fields alone:
 * any field below whose value is a record id names the record's unit. A new kind of record joins by
 * adding one line here, e.g. orders: `orderId: { table: 'medication_order', via: 'admission' }`
 * (the table has an `admission_id` column), order sets: `setId: { table: 'order_set', via: 'unit' }`
 * (a `unit_id` column). Fields are found at any depth of the input, in objects and arrays.
 */
export type RecordScope = { table: 'unit' } | { table: 'admission' } | { table: string; via: 'admission' | 'unit' };

export const SCOPED_INPUT_FIELDS: Record<string, RecordScope> = {
  unitId: { table: 'unit' },
  admissionId: { table: 'admission' },
  assessmentId: { table: 'assessment', via: 'admission' },
  administrationId: { table: 'medication_administration', via: 'admission' },
  alertId: { table: 'alert', via: 'admission' },
  changeId: { table: 'protocol_change', via: 'unit' },
  orderId: { table: 'medication_order', via: 'admission' },
  setId: { table: 'order_set', via: 'unit' },
};

/** Where a named record lives: its unit, and its stay when it belongs to one. */
export interface RecordPlace {
  field: string;
  id: number;
  unitId: number;
  admissionId: number | null;
  dischargedAt: string | null;
  dischargedVisibleHours: number;
  /** The stay as read, when the field is an admission's id (handed on to the procedure: AdmissionsRead). */
  admission?: AdmissionOnUnit;
}

/** Every (field, id) pair of the input that names a scoped record; at most 50, deepest last. */
export function scopedIdsOf(input: unknown): { field: string; id: number }[] {
  const found: { field: string; id: number }[] = [];
  const walk = (value: unknown, depth: number) => {
    if (depth > 4 || value === null || typeof value !== 'object' || found.length >= 50) return;
    if (Array.isArray(value)) {
      for (const item of value) walk(item, depth + 1);
      return;
    }
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (key in SCOPED_INPUT_FIELDS && typeof v === 'number' && Number.isSafeInteger(v) && v > 0)
        found.push({ field: key, id: v });
      else if (key in SCOPED_INPUT_FIELDS && Array.isArray(v)) {
        for (const item of v)
          if (typeof item === 'number' && Number.isSafeInteger(item) && item > 0) found.push({ field: key, id: item });
      } else walk(v, depth + 1);
    }
  };
  walk(input, 0);
  return found;
}

/** The unit (and stay) of one record; null when the record does not exist (the procedure says 404). */
// Every scoped request runs these (compiledOnce: built once, not per request).
const unitPlace = compiledOnce((db: Kysely<Database>, slot) =>
  db.selectFrom('unit').select(['id', 'discharged_visible_hours']).where('id', '=', slot('unitId')),
);
/**
 * A record kept on a stay (an assessment, a dose, an order, an alert): its stay and unit in one
 * query, by table. The table names come from SCOPED_INPUT_FIELDS, never from input; every such
 * table has `id` and `admission_id`, which is all the query reads of it (typed as one of them).
 */
const placesThroughAdmission = new Map<string, ReturnType<typeof placeThroughAdmissionIn>>();
const placeThroughAdmissionIn = (table: string) =>
  compiledOnce((db: Kysely<Database>, slot) =>
    db
      .selectFrom(`${table} as x` as 'alert as x')
      .innerJoin('admission', 'admission.id', 'x.admission_id')
      .innerJoin('unit', 'unit.id', 'admission.unit_id')
      .select(['x.admission_id', 'admission.unit_id', 'admission.discharged_at', 'unit.discharged_visible_hours'])
      .where('x.id', '=', slot('id')),
  );
function placeThroughAdmission(table: string) {
  let query = placesThroughAdmission.get(table);
  if (!query) {
    query = placeThroughAdmissionIn(table);
    placesThroughAdmission.set(table, query);
  }
  return query;
}
const unitsOfUser = compiledOnce((db: Kysely<Database>, slot) =>
  db.selectFrom('user_unit').select('unit_id').where('user_id', '=', slot('userId')).orderBy('unit_id'),
);

export async function placeOf(db: Kysely<Database>, field: string, id: number): Promise<RecordPlace | null> {
  const scope = SCOPED_INPUT_FIELDS[field];
  if (!scope) return null;
  if (scope.table === 'unit') {
    const [unit] = await unitPlace(db, { unitId: id });
    return unit
      ? {
          field,
          id,
          unitId: unit.id,
          admissionId: null,
          dischargedAt: null,
          dischargedVisibleHours: unit.discharged_visible_hours,
        }
      : null;
  }
  if ('via' in scope && scope.via === 'admission') {
    const [row] = await placeThroughAdmission(scope.table)(db, { id });
    return row
      ? {
          field,
          id,
          unitId: row.unit_id,
          admissionId: row.admission_id,
          dischargedAt: row.discharged_at,
          dischargedVisibleHours: row.discharged_visible_hours,
        }
      : null;
  }
  if ('via' in scope && scope.via === 'unit') {
    const row = (
      await sql<{ unit_id: number }>`select unit_id from ${sql.table(scope.table)} where id = ${id}`.execute(db)
    ).rows[0];
    if (!row) return null;
    const unit = await db
      .selectFrom('unit')
      .select('discharged_visible_hours')
      .where('id', '=', row.unit_id)
      .executeTakeFirst();
    return {
      field,
      id,
      unitId: row.unit_id,
      admissionId: null,
      dischargedAt: null,
      dischargedVisibleHours: unit?.discharged_visible_hours ?? 72,
    };
  }
  const [admission] = await admissionOnUnit(db, { admissionId: id });
  if (!admission) return null;
  return {
    field,
    id,
    unitId: admission.unit_id,
    admissionId: id,
    dischargedAt: admission.discharged_at,
    dischargedVisibleHours: admission.discharged_visible_hours,
    admission,
  };
}

/** The units a user is assigned to: as read with the session when the caller has them, else read now. */
export async function assignedUnitIds(
  db: Kysely<Database>,
  user: { id: number; unitIds?: readonly number[] },
): Promise<readonly number[]> {
  if (user.unitIds) return user.unitIds;
  const rows = await unitsOfUser(db, { userId: user.id });
  return rows.map((r) => r.unit_id);
}

/** The units the user holds a live break-the-glass grant for. */
export async function emergencyUnitIds(db: Kysely<Database>, userId: number, now = new Date()): Promise<number[]> {
  const rows = await db
    .selectFrom('emergency_access')
    .select('unit_id')
    .distinct()
    .where('user_id', '=', userId)
    .where('granted_at', '<=', now.toISOString())
    .where('expires_at', '>', now.toISOString())
    .execute();
  return rows.map((r) => r.unit_id);
}

export interface ScopeDenial {
  place: RecordPlace;
  message: string;
}

const BREAK_GLASS_HINT = 'if this is an emergency, use "Emergency access" and give the reason (it is audited)';

/**
 * The first record of the input the actor may not reach, with the reason in words; null when all are
 * reachable. The stays it read go into `read`, when given, for the procedure to use as read.
 */
export async function scopeDenial(
  db: Kysely<Database>,
  actor: { id: number; role: Role; unitIds?: readonly number[] },
  input: unknown,
  now = new Date(),
  read?: Map<number, AdmissionOnUnit>,
): Promise<ScopeDenial | null> {
  const ids = scopedIdsOf(input);
  if (ids.length === 0) return null;
  const assigned = new Set(await assignedUnitIds(db, actor));
  let emergency: Set<number> | undefined;
  for (const { field, id } of ids) {
    // A unit the actor is assigned to is reachable whether or not it exists (a missing one is the
    // procedure's 404), so it is not read: the board names its unit on every read (issue 16).
    if (SCOPED_INPUT_FIELDS[field]?.table === 'unit' && assigned.has(id)) continue;
    const place = await placeOf(db, field, id);
    if (!place) continue;
    if (place.admission) read?.set(place.admission.id, place.admission);
    const reachable = assigned.has(place.unitId);
    const discharged =
      place.dischargedAt !== null &&
      Date.parse(place.dischargedAt) + place.dischargedVisibleHours * 3_600_000 <= now.getTime();
    if (reachable && !discharged) continue;
    emergency ??= new Set(await emergencyUnitIds(db, actor.id, now));
    if (emergency.has(place.unitId)) continue;
    const where = place.admissionId !== null ? 'the unit of this patient' : 'this unit';
    const message = !reachable
      ? `You are not assigned to ${where}; ask an admin to assign you, or ${BREAK_GLASS_HINT}`
      : `This patient was discharged more than ${place.dischargedVisibleHours} hours ago and is no longer on the unit's lists; ${BREAK_GLASS_HINT}`;
    return { place, message };
  }
  return null;
}

/** The actor's view of units for lists: assigned ones plus live grants. */
export async function visibleUnitIds(
  db: Kysely<Database>,
  actor: Pick<Actor, 'id' | 'unitIds'>,
  now = new Date(),
): Promise<Set<number>> {
  return new Set([...(await assignedUnitIds(db, actor)), ...(await emergencyUnitIds(db, actor.id, now))]);
}
