import { DateTime } from 'luxon';

export interface SavedAssessment {
  id: number;
  instrument: string;
  total: number;
  /** The band's name as the scale gives it ("Mild"). */
  bandLabel: string;
  takenAt: string;
  corrected: boolean;
}

/** "08:48" on the day it is, "01 Dec 08:48" on another day: the clock the unit reads. */
export function clockText(iso: string, zone: string, now: number): string {
  const at = DateTime.fromISO(iso, { zone });
  const today = DateTime.fromMillis(now, { zone });
  return at.hasSame(today, 'day') ? at.toFormat('HH:mm') : at.toFormat('dd LLL HH:mm');
}

/**
 * The confirmation read out after a save, so the nurse knows it went in without looking for the row:
 * "COWS 7 mild saved 08:48, next due 12:48 (every 4 h)". `next` is the board's own next-assessment
 * time for the patient and why it falls then (null while it is not known yet).
 */
export function saveConfirmation(
  saved: SavedAssessment,
  next: { at: string; why: string } | null,
  zone: string,
  now: number,
): string {
  const what = `${saved.instrument} ${saved.total} ${saved.bandLabel.toLowerCase()}`;
  const verb = saved.corrected ? 'correction saved' : 'saved';
  const due = next ? `, next due ${clockText(next.at, zone, now)} (${next.why})` : '';
  return `${what} ${verb} ${clockText(saved.takenAt, zone, now)}${due}`;
}
