import { formatDoseMg } from '@detox/shared';
import { DateTime } from 'luxon';

/**
 * Times in reports are read on the unit, so they are shown in the unit's zone (architecture.md).
 * A report formats hundreds of times: one cached Intl formatter per zone and pattern, not luxon's
 * per-call zone arithmetic.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function parts(iso: string, zone: string): Record<string, string> {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: zone, day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(zone, f);
  }
  return Object.fromEntries(f.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
}

/** "08 Mar 04:20" in the unit's zone. */
export function unitClock(iso: string, zone: string): string {
  const p = parts(iso, zone);
  return `${p.day} ${p.month} ${p.hour}:${p.minute}`;
}

/** "04:20" alone, for rows under a heading that already gives the shift's dates. */
export function unitHourMinute(iso: string, zone: string): string {
  const p = parts(iso, zone);
  return `${p.hour}:${p.minute}`;
}

/** ISO-8601 with the unit's offset at that instant: unambiguous in a spreadsheet and to a script. */
export function unitIso(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { zone }).toISO({ suppressMilliseconds: true }) ?? iso;
}

export function doseText(doseMg: number): string {
  return formatDoseMg(doseMg);
}

export function minutesText(minutes: number): string {
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
