import {
  type AdministrationContent,
  type AdministrationContext,
  type AdministrationWarning,
  type ChartedDose,
  type MedicationOrder,
  checkDoseAgainstOrder,
  checkAdministration,
  dayOfStay,
  givenOnDate,
  plannedOn,
} from '@detox/shared';
import type { Transaction } from 'kysely';
import type { AdmissionRow, Database } from '../db/database.js';
import { substancesOf } from './admission-substances.js';
import { scoresForDoseRules } from './order-records.js';
import { unitClockAndProtocol } from './protocol.js';
import { unitDate } from './local-day.js';
import { currentTaperPlans } from './taper-plans.js';

type Proposed = Pick<AdministrationContent, 'drug' | 'doseMg' | 'route' | 'givenAt' | 'status'>;

/**
 * Gathers what the shared safety rules need (the admission's active doses, the latest COWS and vital
 * signs before the dose, the unit protocol and any taper plan) and runs them. Read inside the
 * caller's transaction, so the check and the write see the same record. `doses` are the stay's
 * active doses (chartedDoses), which the caller has read for the order already.
 */
export async function checkProposedAdministration(
  trx: Transaction<Database>,
  admission: AdmissionRow,
  proposed: Proposed,
  doses: readonly ChartedDose[],
  order?: MedicationOrder,
): Promise<{ warnings: AdministrationWarning[]; protocolVersion: number }> {
  const { timeZone, protocol } = await unitClockAndProtocol(trx, admission.unit_id);
  const givenAt = new Date(proposed.givenAt).toISOString();
  const { scores, latestCows, latestVitals } = await scoresForDoseRules(trx, admission.id, givenAt);

  // The plan in force on the dose's calendar date (a plan starts on the date chosen, taper-schedule.ts);
  // the day is named by the day of stay, with its date.
  const plans = (await currentTaperPlans(trx, admission.id)).get(proposed.drug) ?? [];
  const doseDate = unitDate(givenAt, timeZone);
  const plannedDay = plannedOn(plans, doseDate);
  const day = dayOfStay(admission.admitted_at, givenAt, timeZone);
  const givenThatDay = plannedDay
    ? givenOnDate(
        doses.map((d) => ({ ...d, localDate: unitDate(d.givenAt, timeZone) })),
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
    recentAdministrations: doses,
    latestAssessment: latestCows && { instrument: 'COWS', ...latestCows },
    latestVitals,
    protocol: protocol.protocol,
    timeZone: timeZone,
    taperPlanDay: plannedDay
      ? { day, date: doseDate, plannedMg: plannedDay.totalMg, givenMg: givenThatDay }
      : undefined,
  };
  // A dose against an order meets the order's limits too, the stricter winning (shared/src/orders/order-check.ts).
  const warnings = order ? checkDoseAgainstOrder(context, order, scores) : checkAdministration(context);
  return { warnings, protocolVersion: protocol.version };
}
