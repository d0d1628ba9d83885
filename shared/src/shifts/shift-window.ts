import { DateTime } from 'luxon';
import { parseInstant } from '../timeline/instant.js';
import { parseShiftPattern, type ShiftStartTime } from './shift-pattern.js';

/** One shift on a unit: [shiftStart, shiftEnd), both ISO-8601 with the unit's offset at that instant. */
export interface Shift {
  readonly shiftStart: string;
  readonly shiftEnd: string;
  /** Local start date and times, e.g. "2026-03-07 19:00–07:00". */
  readonly label: string;
}

// Shift boundaries are wall-clock times in the unit's zone (architecture.md; docs/clinical.md §9.1 asks
// for DST to be handled), so every boundary is built by luxon from a local date and time, never by
// adding hours to an instant: the 19:00-07:00 night shift is 11 hours when clocks spring forward and
// 13 when they fall back. Where a start time does not exist that day (inside a spring-forward gap)
// luxon moves it forward by the gap; where it happens twice (fall-back) luxon takes the later one.

/** The configured starts on one local calendar date (given as a UTC date: date arithmetic only). */
function startsOn(date: DateTime, zone: string, starts: readonly ShiftStartTime[]): DateTime[] {
  const { year, month, day } = date;
  return starts.map(({ hour, minute }) => DateTime.fromObject({ year, month, day, hour, minute }, { zone }));
}

/**
 * The starts around the instant, in time order without duplicates (two starts can land on the same
 * instant inside a DST gap), including at least one at or before it and one after it. Built from the
 * instant's local date, widened a day at a time: one day each way is always enough in practice, and
 * luxon's zone lookups are the slow part, so the usual case builds only a handful.
 */
function startsAround(instant: DateTime, zone: string, starts: readonly ShiftStartTime[]): DateTime[] {
  const local = instant.setZone(zone);
  const today = DateTime.utc(local.year, local.month, local.day);
  const at = instant.toMillis();
  let candidates = startsOn(today, zone, starts);
  for (let days = 1; days <= 3 && !candidates.some((c) => c.toMillis() <= at); days++) {
    candidates = [...startsOn(today.minus({ days }), zone, starts), ...candidates];
  }
  for (let days = 1; days <= 3 && !candidates.some((c) => c.toMillis() > at); days++) {
    candidates = [...candidates, ...startsOn(today.plus({ days }), zone, starts)];
  }
  candidates.sort((a, b) => a.toMillis() - b.toMillis());
  return candidates.filter((c, i) => i === 0 || c.toMillis() !== candidates[i - 1]?.toMillis());
}

function toIso(dateTime: DateTime): string {
  const iso = dateTime.toISO({ suppressMilliseconds: true });
  if (iso === null) throw new RangeError(`invalid time: ${dateTime.invalidExplanation ?? 'unknown reason'}`);
  return iso;
}

/** The shift whose [start, end) holds the instant: a shift owns its start instant, not its end. */
function shiftContaining(instant: DateTime, zone: string, starts: readonly ShiftStartTime[]): Shift {
  const candidates = startsAround(instant, zone, starts);
  const index = candidates.findLastIndex((c) => c.toMillis() <= instant.toMillis());
  const start = candidates[index];
  const end = candidates[index + 1];
  if (start === undefined || end === undefined) throw new Error(`no shift found around ${toIso(instant)} in ${zone}`);
  return {
    shiftStart: toIso(start),
    shiftEnd: toIso(end),
    label: `${start.toFormat('yyyy-MM-dd HH:mm')}–${end.toFormat('HH:mm')}`,
  };
}

/** The shift on a unit (time zone and "HH:mm" start times) that holds the instant. */
export function shiftAt(instantIso: string, zone: string, starts: readonly string[]): Shift {
  const pattern = parseShiftPattern(zone, starts);
  return shiftContaining(parseInstant(instantIso, 'time'), zone, pattern);
}

/**
 * The shift that starts exactly at `shiftStartIso` (any offset: the instant is what counts). Reports
 * are requested by shift start, so a time that is not a start is refused rather than rounded to
 * the shift it falls in, which would quietly report a different shift from the one asked for.
 */
export function shiftStartingAt(shiftStartIso: string, zone: string, starts: readonly string[]): Shift {
  const pattern = parseShiftPattern(zone, starts);
  const instant = parseInstant(shiftStartIso, 'shift start');
  const shift = shiftContaining(instant, zone, pattern);
  if (DateTime.fromISO(shift.shiftStart).toMillis() !== instant.toMillis()) {
    throw new RangeError(
      `${shiftStartIso} is not the start of a shift on this unit (shifts start at ${starts.join(', ')} ${zone}); ` +
        `it falls in the shift ${shift.label}, which started at ${shift.shiftStart}`,
    );
  }
  return shift;
}

/** The shift before the one starting at `shift.shiftStart` (validated as a start). */
export function previousShift(shift: Pick<Shift, 'shiftStart'>, zone: string, starts: readonly string[]): Shift {
  const current = shiftStartingAt(shift.shiftStart, zone, starts);
  const pattern = parseShiftPattern(zone, starts);
  return shiftContaining(parseInstant(current.shiftStart, 'shift start').minus({ milliseconds: 1 }), zone, pattern);
}

/** The shift after the one starting at `shift.shiftStart` (validated as a start). */
export function nextShift(shift: Pick<Shift, 'shiftStart'>, zone: string, starts: readonly string[]): Shift {
  const current = shiftStartingAt(shift.shiftStart, zone, starts);
  const pattern = parseShiftPattern(zone, starts);
  return shiftContaining(parseInstant(current.shiftEnd, 'shift end'), zone, pattern);
}
