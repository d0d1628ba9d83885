import { formatDoseMg } from '@detox/shared';

/**
 * Times in reports are read on the unit, so they are shown in the unit's zone (architecture.md).
 * A report formats hundreds of times, so the zone's UTC offset is looked up once per quarter hour
 * (every offset in use is a whole number of quarter hours, so it cannot change inside an aligned
 * 15-minute block) with a cached Intl formatter, and the rest is arithmetic. report-format.test.ts
 * checks the result against luxon across DST changes in several zones.
 */
const QUARTER_HOUR = 15 * 60_000;
const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's offset from UTC at an instant, in minutes (New York in winter: -300). */
export function offsetMinutes(ms: number, zone: string): number {
  const block = Math.floor(ms / QUARTER_HOUR) * QUARTER_HOUR;
  const key = `${zone}|${block}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const p = Object.fromEntries(
      formatter(zone)
        .formatToParts(new Date(block))
        .map((x) => [x.type, Number(x.value)]),
    );
    const wall = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0);
    offset = Math.round((wall - block) / 60_000);
    if (offsets.size > 50_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/** The wall clock in the zone as a Date whose UTC fields read as local time. */
function wallClock(iso: string, zone: string): { wall: Date; offset: number } {
  const ms = Date.parse(iso);
  const offset = offsetMinutes(ms, zone);
  return { wall: new Date(ms + offset * 60_000), offset };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** "08 Mar 04:20" in the unit's zone. */
export function unitClock(iso: string, zone: string): string {
  const { wall } = wallClock(iso, zone);
  return `${two(wall.getUTCDate())} ${MONTHS[wall.getUTCMonth()]} ${two(wall.getUTCHours())}:${two(wall.getUTCMinutes())}`;
}

/** "04:20" alone, for rows under a heading that already gives the shift's dates. */
export function unitHourMinute(iso: string, zone: string): string {
  const { wall } = wallClock(iso, zone);
  return `${two(wall.getUTCHours())}:${two(wall.getUTCMinutes())}`;
}

/** ISO-8601 with the unit's offset at that instant ("2026-03-08T03:10:00-04:00"): unambiguous in a spreadsheet and to a script. */
export function unitIso(iso: string, zone: string): string {
  const { wall, offset } = wallClock(iso, zone);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${wall.toISOString().slice(0, 19)}${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}

export function doseText(doseMg: number): string {
  return formatDoseMg(doseMg);
}

export function minutesText(minutes: number): string {
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
