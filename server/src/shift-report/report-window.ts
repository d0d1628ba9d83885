import { type Shift, shiftAt, shiftStartingAt } from '@detox/shared';
import { Refusal } from '../services/errors.js';
import type { UnitView } from '../services/units.js';
import type { ReportWindow } from './shift-report-types.js';

/**
 * The shift a report covers, from the unit's own zone and shift pattern (shared/src/shifts: DST
 * nights are 11 or 13 hours). Without a start, the shift in progress. A time that is not a shift
 * start is refused, naming the starts either side of it, rather than rounded to a shift the nurse
 * did not ask for; so is a shift that has not started.
 */
export function reportWindow(
  unit: UnitView,
  shiftStart: string | undefined,
  now: Date,
): ReportWindow & { following: Shift } {
  const zone = unit.timeZone;
  const starts = unit.shiftStarts;
  let shift: Shift;
  if (shiftStart === undefined) {
    shift = shiftAt(now.toISOString(), zone, starts);
  } else {
    try {
      shift = shiftStartingAt(shiftStart, zone, starts);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      const around = shiftAt(shiftStart, zone, starts);
      throw new Refusal(
        'BAD_REQUEST',
        `${shiftStart} is not the start of a shift on ${unit.name} (shifts start at ${starts.join(' and ')}, ${zone} time); ` +
          `the nearest shift starts are ${around.shiftStart} and ${around.shiftEnd}`,
        'shiftStart',
      );
    }
    if (Date.parse(shift.shiftStart) > now.getTime()) {
      const current = shiftAt(now.toISOString(), zone, starts);
      throw new Refusal(
        'BAD_REQUEST',
        `The shift starting ${shift.shiftStart} has not started yet; the shift in progress started at ${current.shiftStart}`,
        'shiftStart',
      );
    }
  }
  const endMs = Date.parse(shift.shiftEnd);
  // The shifts either side are the ones holding the instant before this start and this end.
  const next = shiftAt(shift.shiftEnd, zone, starts);
  const previous = shiftAt(new Date(Date.parse(shift.shiftStart) - 1).toISOString(), zone, starts);
  return {
    shiftStart: shift.shiftStart,
    shiftEnd: shift.shiftEnd,
    label: shift.label,
    inProgress: now.getTime() < endMs,
    dataUntil: new Date(Math.min(now.getTime(), endMs)).toISOString(),
    previousShiftStart: previous.shiftStart,
    nextShiftStart: Date.parse(next.shiftStart) <= now.getTime() ? next.shiftStart : null,
    following: next,
  };
}
