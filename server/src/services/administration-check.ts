import {
  type AdministrationContent,
  type AdministrationContext,
  type AdministrationWarning,
  type MedicationOrder,
  checkDoseAgainstOrder,
  checkAdministration,
  dayOfStay,
  givenOnDate,
  plannedOn,
} from '@detox/shared';
import type { DoseCheckRecord } from './dose-check-reads.js';
import { unitDate } from './local-day.js';

type Proposed = Pick<AdministrationContent, 'drug' | 'doseMg' | 'route' | 'givenAt' | 'status'>;

/**
 * Runs the shared safety rules on what the stay has (its active doses, the latest COWS and vital
 * signs before the dose, the unit protocol and any taper plan: readDoseCheckRecord, read inside the
 * caller's transaction, so the check and the write see the same record).
 */
export function checkProposedAdministration(
  stay: DoseCheckRecord,
  proposed: Proposed,
  order?: MedicationOrder,
): { warnings: AdministrationWarning[]; protocolVersion: number } {
  const { admission, doses, timeZone, protocol } = stay;
  const givenAt = new Date(proposed.givenAt).toISOString();
  const { scores, latestCows, latestVitals } = stay.scores;

  // The plan in force on the dose's calendar date (a plan starts on the date chosen, taper-schedule.ts);
  // the day is named by the day of stay, with its date.
  const plans = stay.plans.get(proposed.drug) ?? [];
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
      substances: stay.substances,
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
