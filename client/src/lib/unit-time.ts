import { DateTime } from 'luxon';

/** Clinical times are shown in the unit's own time zone, whatever the device's setting. */
export function formatUnitTime(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { zone }).toFormat('dd LLL HH:mm');
}

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

export function hoursSince(iso: string, now = Date.now()): number {
  return (now - Date.parse(iso)) / 3_600_000;
}

export function formatHours(hours: number): string {
  if (hours < 48) return `${Math.floor(hours)} h`;
  const days = Math.floor(hours / 24);
  return `${days} d ${Math.floor(hours - days * 24)} h`;
}
