import {
  type AdministrationContent,
  type AdministrationContext,
  type AdministrationWarning,
  type ChartedDose,
  type MedicationOrder,
  checkDoseAgainstOrder,
  type PriorAdministration,
  checkAdministration,
  dayOfStay,
  givenOnDate,
  plannedOn,
} from '@detox/shared';
import type { Kysely, Transaction } from 'kysely';
import { compiledOnce } from '../db/compiled-once.js';
import type { AdmissionRow, Database } from '../db/database.js';
import { substancesOf } from './admission-substances.js';
import { scoresForDoseRules } from './order-records.js';
import { newestProtocolVersion, protocolOfVersion } from './protocol.js';
import { unitDate } from './local-day.js';
import { currentTaperPlans } from './taper-plans.js';

type Proposed = Pick<AdministrationContent, 'drug' | 'doseMg' | 'route' | 'givenAt' | 'status'>;

// Every dose check runs it (compiledOnce: built once, not per request): the unit's clock and the
// number of its protocol in force, in one round trip.
const unitClockAndProtocol = compiledOnce((db: Kysely<Database>, slot) =>
  db
    .selectFrom('unit')
    .select(['time_zone', newestProtocolVersion('unit.id').as('version')])
    .where('id', '=', slot('unitId')),
);

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
  const [unit] = await unitClockAndProtocol(trx, { unitId: admission.unit_id });
  if (!unit) throw new Error(`Unit ${admission.unit_id} of admission ${admission.id} vanished while it was read`);
  const protocol = await protocolOfVersion(trx, admission.unit_id, unit.version);
  const givenAt = new Date(proposed.givenAt).toISOString();
  const prior: readonly PriorAdministration[] = doses;
  const { scores, latestCows, latestVitals } = await scoresForDoseRules(trx, admission.id, givenAt);

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
    latestAssessment: latestCows && { instrument: 'COWS', ...latestCows },
    latestVitals,
    protocol: protocol.protocol,
    timeZone: unit.time_zone,
    taperPlanDay: plannedDay
      ? { day, date: doseDate, plannedMg: plannedDay.totalMg, givenMg: givenThatDay }
      : undefined,
  };
  // A dose against an order meets the order's limits too, the stricter winning (shared/src/orders/order-check.ts).
  const warnings = order ? checkDoseAgainstOrder(context, order, scores) : checkAdministration(context);
  return { warnings, protocolVersion: protocol.version };
}
