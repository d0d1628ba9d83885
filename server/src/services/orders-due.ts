import {
  type ChartedDose,
  type DrugId,
  type LatestVitals,
  type MedicationOrder,
  type OrdersDue,
  type OrdersDueInput,
  type ScoreReading,
  type TaperPlanDay,
  type UnitProtocol,
  type UsedSubstance,
  givenOnDate,
  ordersDue,
  plannedOn,
} from '@detox/shared';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import type { Actor } from './actor.js';
import { substancesOf } from './admission-substances.js';
import { auditRead } from './audit.js';
import { notFound } from './errors.js';
import { chartedDoses, orderFacts, scoresForDoseRules } from './order-records.js';
import { unitClockAndProtocol } from './protocol.js';
import { localDayOfStay, unitDate } from './local-day.js';
import { type StoredTaperPlan, currentTaperPlans } from './taper-plans.js';

type Reader = Kysely<Database> | Transaction<Database>;

/**
 * What an admission's orders allow at an instant: scheduled doses due and overdue, PRNs eligible
 * and not, with reasons (shared/src/orders/orders-due.ts does the judging). The census board and
 * reports call this directly; orders.due wraps it with the read audit. A handful of indexed
 * queries per admission, whatever the length of the stay.
 */
export async function dueForAdmission(db: Reader, admissionId: number, at: Date = new Date()): Promise<OrdersDue> {
  return ordersDue(await dueInputFor(db, admissionId, at));
}

/** What the shared rules judge an admission's orders on, read in a handful of indexed queries. */
export async function dueInputFor(db: Reader, admissionId: number, at: Date): Promise<OrdersDueInput> {
  const admission = await db.selectFrom('admission').selectAll().where('id', '=', admissionId).executeTakeFirst();
  if (!admission) throw notFound('Admission', admissionId);
  const atIso = at.toISOString();
  const [{ timeZone, protocol }, facts, doses, { scores, latestVitals }, plans, substances] = await Promise.all([
    unitClockAndProtocol(db, admission.unit_id),
    orderFacts(db, { admissionId }),
    chartedDoses(db, admissionId),
    scoresForDoseRules(db, admissionId, atIso),
    currentTaperPlans(db as Kysely<Database>, admissionId),
    substancesOf(db, [admission]),
  ]);
  return dueInputOf(
    {
      admission,
      timeZone,
      protocol: protocol.protocol,
      orders: facts.map((f) => f.order),
      doses,
      scores,
      latestVitals,
      plans,
      substances: substances.get(admission.id) ?? [],
    },
    at,
  );
}

/**
 * What one admission's orders are judged on, however it was read: orders.due reads one admission,
 * the census board every admission of a unit at once (census-orders-due.ts). Both pass through
 * here, so the board's summary and orders.due judge the same facts the same way.
 */
export interface AdmissionDueFacts {
  admission: { id: number; admitted_at: string; last_use_at: string; weight_kg: number | null };
  timeZone: string;
  protocol: UnitProtocol;
  /** Every order of the admission. */
  orders: readonly MedicationOrder[];
  /** The admission's active doses, every status, oldest first. */
  doses: readonly ChartedDose[];
  /** Active scores at or before the instant, newest first. */
  scores: readonly ScoreReading[];
  /** The newest active score with vital signs at or before the instant. */
  latestVitals: LatestVitals | undefined;
  /** The admission's taper plans by drug, oldest first. */
  plans: ReadonlyMap<DrugId, readonly StoredTaperPlan[]>;
  substances: UsedSubstance[];
}

export function dueInputOf(facts: AdmissionDueFacts, at: Date): OrdersDueInput {
  const atIso = at.toISOString();
  const atMs = at.getTime();
  const { admission, timeZone } = facts;
  // Doses charted after the instant asked about did not exist then.
  const doses = facts.doses.filter((d) => Date.parse(d.givenAt) <= atMs);

  // The taper plan in force on this calendar date for each drug, as the dose check uses it (administration-check.ts).
  const taperPlanDays: Partial<Record<DrugId, TaperPlanDay>> = {};
  if (facts.plans.size > 0) {
    const day = localDayOfStay(admission.admitted_at, atIso, timeZone);
    const date = unitDate(atIso, timeZone);
    // givenOnDate counts given doses of the plan's drug on today's date: only those need a calendar
    // date, and only one of the last two days can fall on today (the rest are dated "" and not counted).
    const recentMs = atMs - 2 * 86_400_000;
    const dated = doses.map((d) => ({
      ...d,
      localDate:
        d.status === 'given' && facts.plans.has(d.drug) && Date.parse(d.givenAt) >= recentMs
          ? unitDate(d.givenAt, timeZone)
          : '',
    }));
    for (const [drug, versions] of facts.plans) {
      const planned = plannedOn(versions, date);
      if (!planned) continue;
      taperPlanDays[drug] = { day, date, plannedMg: planned.totalMg, givenMg: givenOnDate(dated, drug, date) };
    }
  }

  return {
    at: atIso,
    timeZone,
    protocol: facts.protocol,
    admission: {
      substances: facts.substances,
      lastUseAt: admission.last_use_at,
      weightKg: admission.weight_kg,
    },
    orders: facts.orders,
    doses,
    scores: facts.scores,
    latestVitals: facts.latestVitals,
    taperPlanDays,
  };
}

/** orders.due */
export async function ordersDueForActor(
  db: Kysely<Database>,
  actor: Actor,
  admissionId: number,
  at?: string,
): Promise<OrdersDue> {
  const result = await dueForAdmission(db, admissionId, at ? new Date(at) : new Date());
  await auditRead(db, actor, 'orders-due', admissionId);
  return result;
}
