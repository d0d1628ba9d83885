import { FUTURE_TOLERANCE_MS } from '@detox/shared';
import { DateTime } from 'luxon';

/**
 * Why the medication form cannot be saved yet, in words (issue 15 item 9: Save greyed out with no
 * reason). Each is what to do, shown beside the Save button.
 */

export interface DoseDraft {
  hasOrder: boolean;
  dose: string;
  timeProblem: string | null;
  status: 'given' | 'held' | 'refused';
  holdReason: string;
  correcting: boolean;
  correctionReason: string;
  hardStop: boolean;
  needsOverride: boolean;
  overrideReason: string;
}

/** The dose as typed, or a message saying what is wrong with it. */
export function doseProblem(dose: string): string | null {
  if (dose.trim() === '') return 'enter the dose in mg';
  const mg = Number(dose);
  if (!Number.isFinite(mg) || mg <= 0) return 'the dose must be a number of mg above 0';
  return null;
}

/**
 * A charting time as typed in the unit's zone: empty, not a time, or in the future (beyond the
 * clock-drift tolerance the server allows) is said at once, while typing, not only on Save.
 */
export function givenAtProblem(value: string, zone: string, nowMs: number): string | null {
  if (value === '') return 'enter the time it was given';
  const at = DateTime.fromISO(value, { zone });
  // The clock is typed (24 h, as on the COWS form); the day is chosen from a list.
  if (!at.isValid) return 'enter the time given as HH:MM on the 24 h clock, such as 08:48';
  if (at.toMillis() > nowMs + FUTURE_TOLERANCE_MS) {
    return `this time is in the future (it is now ${DateTime.fromMillis(nowMs, { zone }).toFormat('HH:mm')}); chart the time the dose was given or held`;
  }
  return null;
}

export function saveBlockers(d: DoseDraft): string[] {
  const blockers: string[] = [];
  if (!d.hasOrder) blockers.push('choose the order this dose is charted against');
  const dose = doseProblem(d.dose);
  if (dose) blockers.push(dose);
  if (d.timeProblem) blockers.push(d.timeProblem);
  if (d.status !== 'given' && d.holdReason.trim() === '') blockers.push(`say why it was ${d.status}`);
  if (d.correcting && d.correctionReason.trim().length < 3) blockers.push('say why this record is corrected');
  if (d.hardStop) blockers.push('this dose cannot be given: see the check at the dose');
  else if (d.needsOverride && d.overrideReason.trim().length < 3)
    blockers.push('give an override reason for the protocol check');
  return blockers;
}
