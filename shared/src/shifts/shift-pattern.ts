import { IANAZone } from 'luxon';

/** One configured shift start, as local wall-clock time in the unit's zone. */
export interface ShiftStartTime {
  readonly hour: number;
  readonly minute: number;
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * Checks a unit's shift pattern: an IANA time zone (a fixed offset such as "-05:00" would ignore
 * DST, and the unit's shifts follow the wall clock: architecture.md) and one or more "HH:mm" start
 * times. Patterns vary by unit, 07:00/19:00 and 07:00/15:00/23:00 being the common ones
 * (docs/clinical.md §9.1), so any number of starts is accepted, in any order; they come back sorted.
 */
export function parseShiftPattern(zone: string, starts: readonly string[]): ShiftStartTime[] {
  // IANAZone.create caches per name; isValidZone would build a new Intl formatter on every call.
  if (!IANAZone.create(zone).isValid) {
    throw new RangeError(`unknown time zone "${zone}"; use an IANA name such as America/New_York`);
  }
  if (starts.length === 0) {
    throw new RangeError('a unit needs at least one shift start time, such as "07:00"');
  }
  const parsed = starts.map((text) => {
    const match = HH_MM.exec(text);
    if (!match) throw new RangeError(`shift start "${text}" must be a 24-hour time such as "07:00" or "19:00"`);
    return { hour: Number(match[1]), minute: Number(match[2]) };
  });
  const minutes = parsed.map((s) => s.hour * 60 + s.minute);
  if (new Set(minutes).size !== minutes.length) {
    throw new RangeError(`shift start times must be different from each other (got ${starts.join(', ')})`);
  }
  return parsed.sort((a, b) => a.hour * 60 + a.minute - (b.hour * 60 + b.minute));
}
