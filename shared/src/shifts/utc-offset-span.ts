import { IANAZone } from 'luxon';

/**
 * A unit's clock as a plain number: the zone's UTC offset at an instant, and the span of time it
 * holds for (from the last offset change before, until the next one after). Inside that span an
 * instant is put on the unit's clock by adding minutes, with no time-zone database: the census
 * board's client does so (client/src/lib/unit-clock.ts) instead of building Intl formatters on a
 * phone's first paint. Where no change lies within the search horizon (a zone without daylight
 * saving time), the span ends at the horizon: the offset is only known to hold that far.
 */
export interface UtcOffsetSpan {
  offsetMinutes: number;
  /** The instant the offset took effect, or the horizon (OFFSET_SEARCH_DAYS before) if it held all that time. */
  since: string;
  /** The instant it next changes (exclusive), or the horizon after if it holds all that time. */
  until: string;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** How far to look for a change each way: more than a year, so a zone with daylight saving time always shows one. */
export const OFFSET_SEARCH_DAYS = 400;

/** The first instant (to the minute) after `fromMs` where the offset differs from the one at `fromMs`, given one by `toMs`. */
function changeBetween(zone: IANAZone, fromMs: number, toMs: number): number {
  const before = zone.offset(fromMs);
  let lo = fromMs;
  let hi = toMs;
  // Offsets change on whole minutes: halve down to one minute.
  while (hi - lo > MINUTE_MS) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE_MS) * MINUTE_MS;
    if (zone.offset(mid) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

export function utcOffsetSpan(timeZone: string, at: Date): UtcOffsetSpan {
  const zone = IANAZone.create(timeZone);
  if (!zone.isValid) throw new RangeError(`Unknown time zone "${timeZone}"`);
  const atMs = Math.floor(at.getTime() / MINUTE_MS) * MINUTE_MS;
  const offsetMinutes = zone.offset(atMs);
  // Day by day each way to the first day with another offset (changes are months apart), then to the minute.
  let since = atMs - OFFSET_SEARCH_DAYS * DAY_MS;
  for (let day = 1; day <= OFFSET_SEARCH_DAYS; day++) {
    const probe = atMs - day * DAY_MS;
    if (zone.offset(probe) !== offsetMinutes) {
      since = changeBetween(zone, probe, probe + DAY_MS);
      break;
    }
  }
  let until = atMs + OFFSET_SEARCH_DAYS * DAY_MS;
  for (let day = 1; day <= OFFSET_SEARCH_DAYS; day++) {
    const probe = atMs + day * DAY_MS;
    if (zone.offset(probe) !== offsetMinutes) {
      until = changeBetween(zone, probe - DAY_MS, probe);
      break;
    }
  }
  return { offsetMinutes, since: new Date(since).toISOString(), until: new Date(until).toISOString() };
}
