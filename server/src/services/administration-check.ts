import {
  type AdministrationContent,
  type AdministrationContext,
  type AdministrationWarning,
  type MedicationOrder,
  checkDoseAgainstOrder,
  type PriorAdministration,
  checkAdministration,
  dayOfStay,
  givenOnDate,
  plannedOn,
} from '@detox/shared';
import type { Transaction } from 'kysely';
import type { AdmissionRow, Database } from '../db/database.js';
import { ONE_ROW } from '../db/literal-limit.js';
import { substancesOf } from './admission-substances.js';
import { scoresBefore } from './order-records.js';
import { currentProtocol } from './protocol.js';
import { unitDate } from './local-day.js';
import { currentTaperPlans } from './taper-plans.js';
import { notCorrected } from './not-corrected.js';

type Proposed = Pick<AdministrationContent, 'drug' | 'doseMg' | 'route' | 'givenAt' | 'status'>;

/**
 * Gathers what the shared safety rules need (the admission's active doses, the latest COWS and vital
 * signs before the dose, the unit protocol and any taper plan) and runs them. Read inside the
 * caller's transaction, so the check and the write see the same record.
 */
export async function checkProposedAdministration(
  trx: Transaction<Database>,
  admission: AdmissionRow,
  proposed: Proposed,
  options: { excludeAdministrationId?: number; order?: MedicationOrder } = {},
): Promise<{ warnings: AdministrationWarning[]; protocolVersion: number }> {
  const unit = await trx
    .selectFrom('unit')
    .select(['time_zone'])
    .where('id', '=', admission.unit_id)
    .executeTakeFirstOrThrow();
  const protocol = await currentProtocol(trx, admission.unit_id);
  const givenAt = new Date(proposed.givenAt).toISOString();

  let doses = trx
    .selectFrom('medication_administration as m')
    .select(['m.id', 'm.drug', 'm.dose_mg', 'm.given_at', 'm.status'])
    .where('m.admission_id', '=', admission.id)
    .where(notCorrected('administration', 'm.id'));
  if (options.excludeAdministrationId !== undefined) doses = doses.where('m.id', '!=', options.excludeAdministrationId);
  const prior: PriorAdministration[] = (await doses.execute()).map((d) => ({
    drug: d.drug as PriorAdministration['drug'],
    doseMg: Number(d.dose_mg),
    givenAt: d.given_at,
    status: d.status,
  }));

  const latestCows = await trx
    .selectFrom('assessment as a')
    .select(['a.total', 'a.taken_at'])
    .where('a.admission_id', '=', admission.id)
    .where('a.instrument', '=', 'COWS')
    .where('a.taken_at', '<=', givenAt)
    .where(notCorrected('assessment', 'a.id'))
    .orderBy('a.taken_at', 'desc')
    .limit(ONE_ROW)
    .executeTakeFirst();
  const latestVitals = await trx
    .selectFrom('assessment as a')
    .select(['a.taken_at', 'a.heart_rate', 'a.systolic', 'a.diastolic'])
    .where('a.admission_id', '=', admission.id)
    .where('a.taken_at', '<=', givenAt)
    .where((eb) => eb.or([eb('a.heart_rate', 'is not', null), eb('a.systolic', 'is not', null)]))
    .where(notCorrected('assessment', 'a.id'))
    .orderBy('a.taken_at', 'desc')
    .limit(ONE_ROW)
    .executeTakeFirst();

  // The plan in force on the dose's calendar date (a plan starts on the date chosen, taper-schedule.ts);
  // the day is named by the day of stay, with its date.
  const plans = (await currentTaperPlans(trx, admission.id)).get(proposed.drug) ?? [];
  const doseDate = unitDate(givenAt, unit.time_zone);
  const plannedDay = plannedOn(plans, doseDate);
  const day = dayOfStay(admission.admitted_at, givenAt, unit.time_zone);
  const givenThatDay = plannedDay
    ? givenOnDate(
        prior.map((d) => ({ ...d, localDate: unitDate(d.givenAt, unit.time_zone) })),
        proposed.drug,
        doseDate,
      )
    : 0;

  const context: AdministrationContext = {
    proposed: { ...proposed, givenAt },
    admission: {
      substances: (await substancesOf(trx, [admission])).get(admission.id) ?? [],
      lastUseAt: admission.last_use_at,
      weightKg: admission.weight_kg,
    },
    recentAdministrations: prior,
    latestAssessment: latestCows
      ? { instrument: 'COWS', total: latestCows.total, takenAt: latestCows.taken_at }
      : undefined,
    latestVitals: latestVitals
      ? {
          takenAt: latestVitals.taken_at,
          heartRate: latestVitals.heart_rate,
          systolic: latestVitals.systolic,
          diastolic: latestVitals.diastolic,
        }
      : undefined,
    protocol: protocol.protocol,
    timeZone: unit.time_zone,
    taperPlanDay: plannedDay
      ? { day, date: doseDate, plannedMg: plannedDay.totalMg, givenMg: givenThatDay }
      : undefined,
  };
  // A dose against an order meets the order's limits too, the stricter winning (shared/src/orders/order-check.ts).
  const warnings = options.order
    ? checkDoseAgainstOrder(context, options.order, await scoresBefore(trx, admission.id, givenAt))
    : checkAdministration(context);
  return { warnings, protocolVersion: protocol.version };
}
