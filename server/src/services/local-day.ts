import { DateTime } from 'luxon';

/**
 * Local calendar days in a unit's zone, fast: the report places every patient (and the downtime
 * snapshot every dose) on a day of stay, the board's medication column every patient, the timeline
 * every planned taper day and every given dose on a date, and luxon's zone arithmetic costs a quarter
 * of a millisecond per dayOfStay on a busy server (a timeline build spent a ninth of its CPU there,
 * a board row a twentieth: issue 16). One cached Intl formatter per zone gives the local date; days
 * are counted between local dates, so a 23- or 25-hour DST day is still one day. Same rule as shared's dayOfStay (timeline/elapsed.ts) and as luxon's local date, which
 * local-day.test.ts checks it against across both DST changes.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(zone, f);
  }
  return f;
}

// Every UTC offset in use is a whole number of quarter hours, so the local date cannot change
// inside an aligned 15-minute block: one look-up per block and zone serves every instant in it.
const QUARTER_HOUR = 15 * 60_000;
const cache = new Map<string, number>();

/** The local calendar date of an instant as a day number (days since 1970-01-01 of that date). */
export function localDayNumber(iso: string, zone: string): number {
  return localDayNumberAt(Date.parse(iso), zone);
}

function localDayNumberAt(ms: number, zone: string): number {
  const block = Math.floor(ms / QUARTER_HOUR);
  const key = `${zone}|${block}`;
  let day = cache.get(key);
  if (day === undefined) {
    // en-CA formats as "2026-03-08".
    const [y, m, d] = formatter(zone)
      .format(new Date(block * QUARTER_HOUR))
      .split('-')
      .map(Number);
    day = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1) / 86_400_000;
    if (cache.size > 50_000) cache.clear();
    cache.set(key, day);
  }
  return day;
}

/** A day number (localDayNumber) as its date, YYYY-MM-DD. */
export function isoDateOfDay(dayNumber: number): string {
  return new Date(dayNumber * 86_400_000).toISOString().slice(0, 10);
}

/** Day of stay: 1 on the local date of admission, changing at local midnight; 0 before admission. */
export function localDayOfStay(admittedAtIso: string, atIso: string, zone: string): number {
  if (Date.parse(atIso) < Date.parse(admittedAtIso)) return 0;
  return localDayNumber(atIso, zone) - localDayNumber(admittedAtIso, zone) + 1;
}

// An instant written with its offset (Z or ±hh:mm) means the same instant to Date.parse everywhere;
// one without is a wall-clock time, which luxon reads in the unit's zone.
const WITH_OFFSET = /(?:[zZ]|[+-]\d{2}:?\d{2})$/;

/** The unit's calendar date (YYYY-MM-DD) at an instant; '' for something that is not one. */
export function unitDate(at: string | Date, zone: string): string {
  const ms = typeof at === 'string' ? (WITH_OFFSET.test(at) ? Date.parse(at) : Number.NaN) : at.getTime();
  if (!Number.isNaN(ms)) {
    try {
      return isoDateOfDay(localDayNumberAt(ms, zone));
    } catch {
      // A zone Intl does not know: luxon's answer below ('').
    }
  }
  const local = typeof at === 'string' ? DateTime.fromISO(at, { zone }) : DateTime.fromJSDate(at, { zone });
  return local.toISODate() ?? '';
}

const dayBounds = new Map<string, readonly [number, number]>();

/**
 * When a calendar date begins and ends on the unit's clock, in epoch milliseconds (a DST day is 23
 * or 25 hours long). The timeline asks for the same few dates of a zone on every build, so each is
 * worked out once, by luxon.
 */
export function localDayBounds(date: string, zone: string): readonly [number, number] {
  const key = `${zone}|${date}`;
  let bounds = dayBounds.get(key);
  if (!bounds) {
    const start = DateTime.fromISO(date, { zone }).startOf('day');
    bounds = [start.toMillis(), start.plus({ days: 1 }).toMillis()];
    if (dayBounds.size > 50_000) dayBounds.clear();
    dayBounds.set(key, bounds);
  }
  return bounds;
}
