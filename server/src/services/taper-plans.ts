import {
  type DrugId,
  type SetTaperPlanInput,
  type TaperPlanVersion,
  planInForce,
  taperStartProblem,
} from '@detox/shared';
import type { Kysely, Transaction } from 'kysely';
import { compiledOnce } from '../db/compiled-once.js';
import { idsInShape, runInShape } from '../db/id-list-shapes.js';
import type { Database } from '../db/database.js';
import { readJsonColumn } from '../db/json-column.js';
import { storedTaperDays } from '../db/stored-json.js';
import type { Actor } from './actor.js';
import { clientRequest, writeOnce } from './client-requests.js';
import { admissionForCharting } from './admissions.js';
import { writeAudit } from './audit.js';
import { unitDate } from './local-day.js';
import { Refusal } from './errors.js';
import { unitTimeZoneOf } from './units.js';

export interface TaperPlanDay {
  day: number;
  totalMg: number;
}

/** One stored plan, as the readers use it: day N of the plan falls on startDate + N - 1. */
export interface StoredTaperPlan extends TaperPlanVersion {
  drug: DrugId;
  days: TaperPlanDay[];
  recordedAt: string;
  supersedesId: number | null;
  changeReason: string | null;
}

type Reader = Kysely<Database> | Transaction<Database>;

/**
 * Writes a drug's plan from its start date (default: today on the unit's clock). A day already past
 * is refused and nothing is written. The new row supersedes the plan in force on its start date
 * (naming it, with the reason given): the old row stays, and still says what was planned before.
 */
export async function setTaperPlan(
  db: Kysely<Database>,
  actor: Actor,
  input: SetTaperPlanInput,
  now = new Date(),
): Promise<{ id: number; unitId: number; startDate: string; supersedesId: number | null }> {
  return writeOnce(db, actor, clientRequest('taperPlans.set', input), async (trx) => {
    const admission = await admissionForCharting(trx, input.admissionId);
    const today = unitDate(now, await unitTimeZoneOf(trx, admission.unit_id));
    const startDate = input.startDate ?? today;
    const problem = taperStartProblem(startDate, today);
    if (problem) throw new Refusal('BAD_REQUEST', problem, 'startDate');
    const days = [...input.days].sort((a, b) => a.day - b.day);
    const earlier = (await taperPlansOf(trx, input.admissionId)).filter((p) => p.drug === input.drug);
    const replaced = planInForce(earlier, startDate);
    const row = await trx
      .insertInto('taper_plan')
      .values({
        admission_id: admission.id,
        drug: input.drug,
        days: JSON.stringify(days),
        start_date: startDate,
        supersedes_id: replaced?.id ?? null,
        change_reason: replaced ? (input.reason ?? null) : null,
        recorded_by: actor.id,
        recorded_at: now.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, actor, 'create', 'taper-plan', row.id);
    return { id: row.id, unitId: admission.unit_id, startDate, supersedesId: replaced?.id ?? null };
  });
}

/**
 * Every plan written for an admission, oldest first. A row without a start date (written before
 * plans had one, or by a raw fixture) starts on the admission's date: day 1 was the day of admission.
 */
export async function taperPlansOf(db: Reader, admissionId: number): Promise<StoredTaperPlan[]> {
  return (await storedPlanRows(db, [admissionId])).map(storedPlanFromRow);
}

/** Every plan of each admission grouped by drug (oldest first), for many admissions in one query (the census board). */
export async function taperPlansByAdmission(
  db: Reader,
  admissionIds: readonly number[],
): Promise<Map<number, Map<DrugId, StoredTaperPlan[]>>> {
  const result = new Map<number, Map<DrugId, StoredTaperPlan[]>>();
  if (admissionIds.length === 0) return result;
  for (const row of await storedPlanRows(db, admissionIds)) {
    const plan = storedPlanFromRow(row);
    const plans = result.get(row.admission_id) ?? new Map<DrugId, StoredTaperPlan[]>();
    plans.set(plan.drug, [...(plans.get(plan.drug) ?? []), plan]);
    result.set(row.admission_id, plans);
  }
  return result;
}

/** Plan rows with what a plan's start date defaults to (storedPlanFromRow). */
export function planRows(db: Reader) {
  return db
    .selectFrom('taper_plan')
    .innerJoin('admission', 'admission.id', 'taper_plan.admission_id')
    .innerJoin('unit', 'unit.id', 'admission.unit_id')
    .select([
      'taper_plan.id',
      'taper_plan.drug',
      'taper_plan.days',
      'taper_plan.start_date',
      'taper_plan.supersedes_id',
      'taper_plan.change_reason',
      'taper_plan.recorded_at',
      'taper_plan.admission_id',
      'admission.admitted_at',
      'unit.time_zone',
    ]);
}

// One stay's plans are read by every dose check, timeline and orders.due (compiledOnce: built once,
// not per request); the census board reads its unit's stays at once.
const plansOfOne = compiledOnce((db: Kysely<Database>, slot) =>
  planRows(db).where('taper_plan.admission_id', '=', slot('admissionId')).orderBy('taper_plan.id', 'asc'),
);

async function storedPlanRows(db: Reader, admissionIds: readonly number[]) {
  const [only] = admissionIds;
  if (admissionIds.length === 1 && only !== undefined) return plansOfOne(db, { admissionId: only });
  const ids = idsInShape(admissionIds);
  return runInShape(
    db,
    planRows(db).where('taper_plan.admission_id', 'in', ids).orderBy('taper_plan.id', 'asc').compile(),
    ids,
  );
}

/** A row of planRows. */
export type PlanRow = Awaited<ReturnType<typeof storedPlanRows>>[number];

export function storedPlanFromRow(r: PlanRow): StoredTaperPlan {
  return {
    id: r.id,
    drug: r.drug,
    days: readJsonColumn(storedTaperDays, r.days, { table: 'taper_plan', column: 'days', id: r.id }),
    startDate: r.start_date ?? unitDate(r.admitted_at, r.time_zone),
    recordedAt: r.recorded_at,
    supersedesId: r.supersedes_id,
    changeReason: r.change_reason,
  };
}

/** Every plan of an admission grouped by drug (oldest first): what planInForce and plannedOn read. */
export async function currentTaperPlans(db: Reader, admissionId: number): Promise<Map<DrugId, StoredTaperPlan[]>> {
  return plansByDrug(await taperPlansOf(db, admissionId));
}

/** One stay's plans (oldest first) grouped by drug, each drug's oldest first. */
export function plansByDrug(stayPlans: readonly StoredTaperPlan[]): Map<DrugId, StoredTaperPlan[]> {
  const plans = new Map<DrugId, StoredTaperPlan[]>();
  for (const p of stayPlans) plans.set(p.drug, [...(plans.get(p.drug) ?? []), p]);
  return plans;
}
