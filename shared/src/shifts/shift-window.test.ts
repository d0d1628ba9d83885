import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { nextShift, previousShift, type Shift, shiftAt, shiftStartingAt } from './shift-window.js';

const NEW_YORK = 'America/New_York';
const TWELVE_HOUR = ['07:00', '19:00'];
const EIGHT_HOUR = ['07:00', '15:00', '23:00'];

const hours = (shift: Shift) => (Date.parse(shift.shiftEnd) - Date.parse(shift.shiftStart)) / 3_600_000;

describe('shiftAt, 12-hour pattern in America/New_York', () => {
  it('gives an ordinary night shift with the unit’s offset and a local label', () => {
    expect(shiftAt('2026-01-15T23:00:00-05:00', NEW_YORK, TWELVE_HOUR)).toEqual({
      shiftStart: '2026-01-15T19:00:00-05:00',
      shiftEnd: '2026-01-16T07:00:00-05:00',
      label: '2026-01-15 19:00–07:00',
    });
  });

  it('makes the night shift 11 hours when clocks spring forward (2026-03-07 → 03-08)', () => {
    const shift = shiftAt('2026-03-08T03:30:00-04:00', NEW_YORK, TWELVE_HOUR);
    expect(shift).toEqual({
      shiftStart: '2026-03-07T19:00:00-05:00',
      shiftEnd: '2026-03-08T07:00:00-04:00',
      label: '2026-03-07 19:00–07:00',
    });
    expect(hours(shift)).toBe(11);
  });

  it('makes the night shift 13 hours when clocks fall back (2026-10-31 → 11-01), the repeated hour included', () => {
    const shift = shiftAt('2026-11-01T01:30:00-04:00', NEW_YORK, TWELVE_HOUR);
    expect(shift).toEqual({
      shiftStart: '2026-10-31T19:00:00-04:00',
      shiftEnd: '2026-11-01T07:00:00-05:00',
      label: '2026-10-31 19:00–07:00',
    });
    expect(hours(shift)).toBe(13);
    expect(shiftAt('2026-11-01T01:30:00-05:00', NEW_YORK, TWELVE_HOUR)).toEqual(shift);
  });

  it('keeps the day shifts either side of a DST change at 12 hours', () => {
    expect(hours(shiftAt('2026-03-08T12:00:00-04:00', NEW_YORK, TWELVE_HOUR))).toBe(12);
    expect(hours(shiftAt('2026-11-01T12:00:00-05:00', NEW_YORK, TWELVE_HOUR))).toBe(12);
  });

  it('puts an instant exactly at a shift start in the shift that starts then', () => {
    expect(shiftAt('2026-03-08T07:00:00-04:00', NEW_YORK, TWELVE_HOUR).shiftStart).toBe('2026-03-08T07:00:00-04:00');
    expect(shiftAt('2026-03-08T06:59:59.999-04:00', NEW_YORK, TWELVE_HOUR).shiftStart).toBe(
      '2026-03-07T19:00:00-05:00',
    );
  });

  it('reads an instant given in UTC in the unit’s zone', () => {
    expect(shiftAt('2026-03-08T11:00:00Z', NEW_YORK, TWELVE_HOUR).label).toBe('2026-03-08 07:00–19:00');
    expect(shiftAt('2026-03-08T10:59:00Z', NEW_YORK, TWELVE_HOUR).label).toBe('2026-03-07 19:00–07:00');
  });

  it('moves a start that falls in the spring-forward gap to the end of the gap (02:30 → 03:30)', () => {
    const shift = shiftAt('2026-03-08T04:00:00-04:00', NEW_YORK, ['02:30', '14:30']);
    expect(shift.shiftStart).toBe('2026-03-08T03:30:00-04:00');
    expect(hours(shift)).toBe(11);
  });
});

describe('shiftAt, 8-hour pattern', () => {
  it('splits an ordinary day into 07:00–15:00, 15:00–23:00 and 23:00–07:00', () => {
    expect(shiftAt('2026-01-15T14:59:59-05:00', NEW_YORK, EIGHT_HOUR).label).toBe('2026-01-15 07:00–15:00');
    expect(shiftAt('2026-01-15T15:00:00-05:00', NEW_YORK, EIGHT_HOUR).label).toBe('2026-01-15 15:00–23:00');
    expect(shiftAt('2026-01-16T02:00:00-05:00', NEW_YORK, EIGHT_HOUR).label).toBe('2026-01-15 23:00–07:00');
  });

  it('makes the night shift 7 hours in spring and 9 hours in autumn', () => {
    expect(hours(shiftAt('2026-03-08T05:00:00-04:00', NEW_YORK, EIGHT_HOUR))).toBe(7);
    expect(hours(shiftAt('2026-11-01T05:00:00-05:00', NEW_YORK, EIGHT_HOUR))).toBe(9);
  });

  it('gives the same shifts whatever order the starts are configured in', () => {
    const at = '2026-03-08T05:00:00-04:00';
    expect(shiftAt(at, NEW_YORK, ['23:00', '07:00', '15:00'])).toEqual(shiftAt(at, NEW_YORK, EIGHT_HOUR));
  });
});

describe('shiftAt in other zones', () => {
  it('Europe/London: 11-hour night on 2026-03-28/29, 13-hour night on 2026-10-24/25', () => {
    const spring = shiftAt('2026-03-29T03:00:00+01:00', 'Europe/London', TWELVE_HOUR);
    expect(spring.label).toBe('2026-03-28 19:00–07:00');
    expect(Date.parse(spring.shiftStart)).toBe(Date.parse('2026-03-28T19:00:00Z'));
    expect(spring.shiftEnd).toBe('2026-03-29T07:00:00+01:00');
    expect(hours(spring)).toBe(11);
    const autumn = shiftAt('2026-10-25T01:30:00Z', 'Europe/London', TWELVE_HOUR);
    expect(autumn.shiftStart).toBe('2026-10-24T19:00:00+01:00');
    expect(Date.parse(autumn.shiftEnd)).toBe(Date.parse('2026-10-25T07:00:00Z'));
    expect(hours(autumn)).toBe(13);
  });

  it('Australia/Sydney: 13-hour night as DST ends 2026-04-05, 11-hour night as it starts 2026-10-04', () => {
    const april = shiftAt('2026-04-05T02:30:00+10:00', 'Australia/Sydney', TWELVE_HOUR);
    expect(april).toEqual({
      shiftStart: '2026-04-04T19:00:00+11:00',
      shiftEnd: '2026-04-05T07:00:00+10:00',
      label: '2026-04-04 19:00–07:00',
    });
    expect(hours(april)).toBe(13);
    const october = shiftAt('2026-10-04T06:00:00+11:00', 'Australia/Sydney', TWELVE_HOUR);
    expect(october).toEqual({
      shiftStart: '2026-10-03T19:00:00+10:00',
      shiftEnd: '2026-10-04T07:00:00+11:00',
      label: '2026-10-03 19:00–07:00',
    });
    expect(hours(october)).toBe(11);
  });
});

describe('shiftStartingAt', () => {
  it('returns the shift that starts at the instant, whatever offset it is written in', () => {
    const expected = shiftAt('2026-03-07T19:00:00-05:00', NEW_YORK, TWELVE_HOUR);
    expect(shiftStartingAt('2026-03-07T19:00:00-05:00', NEW_YORK, TWELVE_HOUR)).toEqual(expected);
    expect(shiftStartingAt('2026-03-08T00:00:00Z', NEW_YORK, TWELVE_HOUR)).toEqual(expected);
  });

  it('refuses a time that is not a shift start, saying which shift it falls in', () => {
    expect(() => shiftStartingAt('2026-03-07T19:30:00-05:00', NEW_YORK, TWELVE_HOUR)).toThrow(
      '2026-03-07T19:30:00-05:00 is not the start of a shift on this unit (shifts start at 07:00, 19:00 America/New_York); it falls in the shift 2026-03-07 19:00–07:00, which started at 2026-03-07T19:00:00-05:00',
    );
  });

  it('refuses 07:00 written with the winter offset on the morning clocks went forward (it is 08:00 there)', () => {
    expect(() => shiftStartingAt('2026-03-08T07:00:00-05:00', NEW_YORK, TWELVE_HOUR)).toThrow(
      /not the start of a shift/,
    );
  });

  it('refuses a time without an offset, an unknown zone and a bad start time', () => {
    expect(() => shiftStartingAt('2026-03-07T19:00:00', NEW_YORK, TWELVE_HOUR)).toThrow(
      /shift start must be an ISO-8601 time with an offset/,
    );
    expect(() => shiftStartingAt('2026-03-07T19:00:00-05:00', 'Nowhere/Here', TWELVE_HOUR)).toThrow(
      /unknown time zone/,
    );
    expect(() => shiftStartingAt('2026-03-07T19:00:00-05:00', NEW_YORK, ['7pm'])).toThrow(/24-hour time/);
  });
});

describe('previousShift and nextShift', () => {
  it('step across the spring-forward night', () => {
    const day = shiftStartingAt('2026-03-07T07:00:00-05:00', NEW_YORK, TWELVE_HOUR);
    const night = nextShift(day, NEW_YORK, TWELVE_HOUR);
    expect(night.shiftStart).toBe('2026-03-07T19:00:00-05:00');
    const morning = nextShift(night, NEW_YORK, TWELVE_HOUR);
    expect(morning).toEqual({
      shiftStart: '2026-03-08T07:00:00-04:00',
      shiftEnd: '2026-03-08T19:00:00-04:00',
      label: '2026-03-08 07:00–19:00',
    });
    expect(previousShift(morning, NEW_YORK, TWELVE_HOUR)).toEqual(night);
    expect(previousShift(night, NEW_YORK, TWELVE_HOUR)).toEqual(day);
  });

  it('step back over the fall-back night to the 13-hour shift', () => {
    const previous = previousShift({ shiftStart: '2026-11-01T07:00:00-05:00' }, NEW_YORK, TWELVE_HOUR);
    expect(previous.shiftStart).toBe('2026-10-31T19:00:00-04:00');
    expect(hours(previous)).toBe(13);
  });

  it('refuse a shift whose start is not a start on this unit', () => {
    expect(() => nextShift({ shiftStart: '2026-03-07T08:00:00-05:00' }, NEW_YORK, TWELVE_HOUR)).toThrow(
      /not the start of a shift/,
    );
    expect(() => previousShift({ shiftStart: '2026-03-07T15:00:00-05:00' }, NEW_YORK, TWELVE_HOUR)).toThrow(
      /not the start of a shift/,
    );
  });

  it.each([
    [NEW_YORK, TWELVE_HOUR, [11, 12, 13]],
    [NEW_YORK, EIGHT_HOUR, [7, 8, 9]],
    ['Australia/Sydney', TWELVE_HOUR, [11, 12, 13]],
    ['Europe/London', EIGHT_HOUR, [7, 8, 9]],
  ] as const)(
    'walk a whole year in %s (%j) without gaps, each shift starting at a configured local time',
    (zone, starts, [short, usual, long]) => {
      let shift = shiftAt('2026-01-01T12:00:00Z', zone, starts);
      const lengths: number[] = [];
      const walked: Shift[] = [];
      while (Date.parse(shift.shiftStart) < Date.parse('2027-01-01T00:00:00Z')) {
        const next = nextShift(shift, zone, starts);
        expect(next.shiftStart).toBe(shift.shiftEnd);
        expect(starts).toContain(DateTime.fromISO(next.shiftStart, { zone }).toFormat('HH:mm'));
        lengths.push(hours(shift));
        walked.push(shift);
        shift = next;
      }
      // One shorter and one longer shift a year: the two DST changes.
      expect(lengths.filter((h) => h === short)).toHaveLength(1);
      expect(lengths.filter((h) => h === long)).toHaveLength(1);
      expect(lengths.filter((h) => h === usual)).toHaveLength(lengths.length - 2);
      // previousShift steps back over each DST change to the very shift walked forward from.
      for (const [i, h] of lengths.entries()) {
        const later = walked[i + 1];
        if (h !== usual && later) expect(previousShift(later, zone, starts)).toEqual(walked[i]);
      }
    },
    30_000,
  ); // a year of shifts, each built through luxon's zone look-ups: room for a busy CI machine
});
