import {
  type DrugId,
  type OrdersDue,
  type OrdersDueInput,
  type TaperPlanDay,
  dayOfStay,
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
import { chartedDoses, orderFacts, scoresBefore } from './order-records.js';
import { currentProtocol } from './protocol.js';
import { currentTaperPlans, unitDate } from './taper-plans.js';
import { notCorrected } from './not-corrected.js';

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
  const unit = await db
    .selectFrom('unit')
    .select('time_zone')
    .where('id', '=', admission.unit_id)
    .executeTakeFirstOrThrow();
  const [protocol, facts, doses, scores, plans, substances] = await Promise.all([
    currentProtocol(db, admission.unit_id),
    orderFacts(db, { admissionId }),
    chartedDoses(db, admissionId),
    scoresBefore(db, admissionId, atIso),
    currentTaperPlans(db as Kysely<Database>, admissionId),
    substancesOf(db, [admission]),
  ]);
  const vitals = await db
    .selectFrom('assessment as a')
    .select(['a.taken_at', 'a.heart_rate', 'a.systolic', 'a.diastolic'])
    .where('a.admission_id', '=', admissionId)
    .where('a.taken_at', '<=', atIso)
    .where((eb) => eb.or([eb('a.heart_rate', 'is not', null), eb('a.systolic', 'is not', null)]))
    .where(notCorrected('assessment', 'a.id'))
    .orderBy('a.taken_at', 'desc')
    .limit(1)
    .executeTakeFirst();

  // The taper plan in force on this calendar date for each drug, as the dose check uses it (administration-check.ts).
  const day = dayOfStay(admission.admitted_at, atIso, unit.time_zone);
  const date = unitDate(atIso, unit.time_zone);
  const taperPlanDays: Partial<Record<DrugId, TaperPlanDay>> = {};
  const dated = doses
    .filter((d) => Date.parse(d.givenAt) <= at.getTime())
    .map((d) => ({ ...d, localDate: unitDate(d.givenAt, unit.time_zone) }));
  for (const [drug, versions] of plans) {
    const planned = plannedOn(versions, date);
    if (!planned) continue;
    taperPlanDays[drug] = { day, date, plannedMg: planned.totalMg, givenMg: givenOnDate(dated, drug, date) };
  }

  return {
    at: atIso,
    timeZone: unit.time_zone,
    protocol: protocol.protocol,
    admission: {
      substances: substances.get(admission.id) ?? [],
      lastUseAt: admission.last_use_at,
      weightKg: admission.weight_kg,
    },
    orders: facts.map((f) => f.order),
    // Doses charted after the instant asked about did not exist then.
    doses: doses.filter((d) => Date.parse(d.givenAt) <= at.getTime()),
    scores,
    latestVitals: vitals
      ? {
          takenAt: vitals.taken_at,
          heartRate: vitals.heart_rate,
          systolic: vitals.systolic,
          diastolic: vitals.diastolic,
        }
      : undefined,
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
