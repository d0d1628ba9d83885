/**
 * Instants on the unit's clock, without luxon: the census board formats a few dozen times on its
 * first paint, and luxon (a DateTime per call, and the browser's time-zone and locale data loaded on
 * first use) was most of the board's blocking time on a phone. Two ways, the same text:
 * - a zone whose UTC offset span the server sent (census.board's unit.clock, learnUnitClock): an
 *   instant inside the span is put on the clock by adding minutes, no Intl at all. The first Intl
 *   formatter of a page costs a phone hundreds of milliseconds (loading ICU's data);
 * - otherwise one Intl.DateTimeFormat per zone, made on first use and reused.
 * The month names are English, like the rest of the interface (luxon wrote them from the same
 * English table on English devices).
 */

/** The zone's UTC offset over [since, until): census.board's unit.clock (shared utcOffsetSpan). */
export interface UnitClockSpan {
  offsetMinutes: number;
  since: string;
  until: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const spans = new Map<string, { offsetMs: number; sinceMs: number; untilMs: number }>();
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Remembers a zone's offset span as the server gave it (census.board's unit.clock), for formatUnitTime. */
export function learnUnitClock(zone: string, span: UnitClockSpan): void {
  spans.set(zone, {
    offsetMs: span.offsetMinutes * 60_000,
    sinceMs: Date.parse(span.since),
    untilMs: Date.parse(span.until),
  });
}

const twoDigits = (n: number) => (n < 10 ? `0${n}` : String(n));

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      day: '2-digit',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      // h23, not hour12: false, which some engines render as "24:05" after midnight.
      hourCycle: 'h23',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** "02 Dec 08:48": an instant on the unit's clock, whatever the device's time zone. */
export function formatUnitTime(iso: string, zone: string): string {
  const instant = Date.parse(iso);
  // Times cross the wire as ISO-8601 with an offset (architecture.md); anything else is said, not thrown.
  if (Number.isNaN(instant)) return 'Invalid DateTime';
  const span = spans.get(zone);
  if (span && span.sinceMs <= instant && instant < span.untilMs) {
    // The wall clock as if it were UTC: read back with the UTC getters, which need no zone data.
    const wall = new Date(instant + span.offsetMs);
    return `${twoDigits(wall.getUTCDate())} ${MONTHS[wall.getUTCMonth()]} ${twoDigits(wall.getUTCHours())}:${twoDigits(wall.getUTCMinutes())}`;
  }
  let day = '';
  let month = '';
  let hour = '';
  let minute = '';
  for (const part of formatterFor(zone).formatToParts(instant)) {
    if (part.type === 'day') day = part.value;
    else if (part.type === 'month') month = part.value;
    else if (part.type === 'hour') hour = part.value;
    else if (part.type === 'minute') minute = part.value;
  }
  return `${day} ${month} ${hour}:${minute}`;
}

export function hoursSince(iso: string, now = Date.now()): number {
  return (now - Date.parse(iso)) / 3_600_000;
}

export function formatHours(hours: number): string {
  if (hours < 48) return `${Math.floor(hours)} h`;
  const days = Math.floor(hours / 24);
  return `${days} d ${Math.floor(hours - days * 24)} h`;
}
