import { parseInstant } from './instant.js';
import { stayDayOfDate } from '../medications/taper-schedule.js';

const MS_PER_HOUR = 3_600_000;

/**
 * Hours from last use to `atIso`, as a fraction. Elapsed time is absolute, so a DST change in between
 * does not add or remove an hour (unlike subtracting wall-clock times). Negative when last use is
 * after `atIso`; withdrawalPhase treats that as before onset.
 */
export function hoursSince(lastUseIso: string, atIso: string): number {
  const lastUse = parseInstant(lastUseIso, 'last use time');
  const at = parseInstant(atIso, 'time');
  return (at.toMillis() - lastUse.toMillis()) / MS_PER_HOUR;
}

/**
 * Day of stay by the unit's calendar: day 1 is the date of admission in the unit's time zone, and
 * the day changes at local midnight, as hospital days are counted on the ward. So a patient admitted
 * at 23:30 is on day 2 at 00:10. Times before admission give 0 (not a day of the stay).
 */
export function dayOfStay(admittedAtIso: string, atIso: string, zone: string): number {
  const admitted = parseInstant(admittedAtIso, 'admission time').setZone(zone);
  if (!admitted.isValid) throw new RangeError(`unknown time zone "${zone}"; use an IANA name such as America/New_York`);
  const at = parseInstant(atIso, 'time').setZone(zone);
  if (at.toMillis() < admitted.toMillis()) return 0;
  // The local dates, counted by the one day-of-stay rule (a 23- or 25-hour DST day is still one day).
  return stayDayOfDate(admitted.toISODate() ?? '', at.toISODate() ?? '');
}

/**
 * Day of withdrawal counted in 24-hour blocks from last use (day 1 is hours 0 to <24), matching the
 * hour-based expected course (docs/clinical.md §5, §9.3 "current day of withdrawal"). Negative hours,
 * a last use recorded after the time asked about, give 0.
 */
export function withdrawalDay(hoursSinceLastUse: number): number {
  if (!Number.isFinite(hoursSinceLastUse)) {
    throw new RangeError(`hours since last use must be a finite number (got ${hoursSinceLastUse})`);
  }
  return hoursSinceLastUse < 0 ? 0 : Math.floor(hoursSinceLastUse / 24) + 1;
}
