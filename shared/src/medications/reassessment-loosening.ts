import { DRUG_IDS, getDrug } from './catalogue.js';
import { SEVERITIES } from '../instruments/instrument.js';
import { type ReassessmentSchedule, type UnitProtocol, reassessmentScheduleOf } from './protocol.js';

/**
 * A change that lets a patient go longer unscored is loosening (issue 15, item 2), so it waits for a
 * second physician like a raised hard limit: a longer interval in the reassessment schedule, the
 * "more often" band moved up (fewer scores count as severe), or a drug's PRN reassessment later.
 * A version stored without a schedule is compared through its defaults.
 */
export function loosenedReassessment(current: UnitProtocol, proposed: UnitProtocol): string[] {
  const before = reassessmentScheduleOf(current);
  const after = reassessmentScheduleOf(proposed);
  const out: string[] = [];
  const longer = (key: keyof Omit<ReassessmentSchedule, 'frequentFromBand'>, what: string) => {
    if (after[key] > before[key]) out.push(`Reassessment: ${what} lengthened from ${before[key]} to ${after[key]} min`);
  };
  longer('routineMinutes', 'the routine interval');
  longer('frequentMinutes', 'the interval at the worse bands');
  longer('afterFirstBuprenorphineMinutes', 'the time after the first buprenorphine dose');
  longer('dangerAlertMinutes', 'the interval while a danger alert is open');
  if (SEVERITIES.indexOf(after.frequentFromBand) > SEVERITIES.indexOf(before.frequentFromBand)) {
    out.push(
      `Reassessment: scored more often only from ${after.frequentFromBand} (was from ${before.frequentFromBand})`,
    );
  }
  for (const drug of DRUG_IDS) {
    const was = current.drugs[drug]?.reassessAfterMinutes;
    const now = proposed.drugs[drug]?.reassessAfterMinutes;
    if (was !== undefined && now !== undefined && now > was) {
      out.push(`${getDrug(drug).name}: reassessment after a PRN dose lengthened from ${was} to ${now} min`);
    }
  }
  return out;
}
