/**
 * Local calendar days in a unit's zone, fast: the report places every patient (and the downtime
 * snapshot every dose) on a day of stay, and luxon's zone arithmetic costs a quarter of a
 * millisecond per dayOfStay on a busy server, which a 40-bed report cannot afford. One cached
 * Intl formatter per zone gives the local date; days are counted between local dates, so a 23- or
 * 25-hour DST day is still one day. Same rule as shared's dayOfStay (timeline/elapsed.ts), which
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
  const block = Math.floor(Date.parse(iso) / QUARTER_HOUR);
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

/** Day of stay: 1 on the local date of admission, changing at local midnight; 0 before admission. */
export function localDayOfStay(admittedAtIso: string, atIso: string, zone: string): number {
  if (Date.parse(atIso) < Date.parse(admittedAtIso)) return 0;
  return localDayNumber(atIso, zone) - localDayNumber(admittedAtIso, zone) + 1;
}
