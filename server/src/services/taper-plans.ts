import type { DrugId, SetTaperPlanInput } from '@detox/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { Actor } from './actor.js';
import { admissionForCharting } from './admissions.js';
import { writeAudit } from './audit.js';
import { nowInstant } from './time.js';

export interface TaperPlanDay {
  day: number;
  totalMg: number;
}

/** Sets a drug's plan for the stay: a new row that replaces the previous plan from now on. */
export async function setTaperPlan(db: Kysely<Database>, actor: Actor, input: SetTaperPlanInput): Promise<{ id: number; unitId: number }> {
  return db.transaction().execute(async (trx) => {
    const admission = await admissionForCharting(trx, input.admissionId);
    const days = [...input.days].sort((a, b) => a.day - b.day);
    const row = await trx
      .insertInto('taper_plan')
      .values({ admission_id: admission.id, drug: input.drug, days: JSON.stringify(days), recorded_by: actor.id, recorded_at: nowInstant() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, actor, 'create', 'taper-plan', row.id);
    return { id: row.id, unitId: admission.unit_id };
  });
}

/** The plan in force for each drug of an admission (the newest row per drug). */
export async function currentTaperPlans(db: Kysely<Database>, admissionId: number): Promise<Map<DrugId, TaperPlanDay[]>> {
  const rows = await db
    .selectFrom('taper_plan')
    .select(['drug', 'days', 'id'])
    .where('admission_id', '=', admissionId)
    .orderBy('id', 'asc')
    .execute();
  const plans = new Map<DrugId, TaperPlanDay[]>();
  for (const r of rows) plans.set(r.drug as DrugId, JSON.parse(r.days) as TaperPlanDay[]);
  return plans;
}
