import { DateTime } from 'luxon';

// Clinical times are shown in the unit's own time zone, whatever the device's setting. The short form
// and the hours live in unit-clock.ts (no luxon), so the board's first paint does not wait for luxon.
export { formatHours, formatUnitTime, hoursSince } from './unit-clock.js';

export function formatUnitTimeLong(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { zone }).toFormat('ccc dd LLL yyyy, HH:mm ZZZZ');
}

/** The value of a datetime-local input for an instant, in the unit's zone. */
export function toLocalInputValue(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { zone }).toFormat("yyyy-LL-dd'T'HH:mm");
}

/** A datetime-local value typed on the unit, as an ISO instant with its offset; null if not a time. */
export function fromLocalInputValue(value: string, zone: string): string | null {
  const dt = DateTime.fromISO(value, { zone });
  return dt.isValid ? dt.toISO({ suppressMilliseconds: true }) : null;
}
