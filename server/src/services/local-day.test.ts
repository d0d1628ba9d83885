import { dayOfStay } from '@detox/shared';
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { localDayBounds, localDayNumber, localDayOfStay, unitDate } from './local-day.js';

const NEW_YORK = 'America/New_York';

describe('localDayOfStay', () => {
  it('agrees with shared dayOfStay every 20 minutes across both DST changes and zones', () => {
    for (const [zone, admitted, from] of [
      [NEW_YORK, '2026-03-06T23:30:00-05:00', '2026-03-06T20:00:00Z'],
      [NEW_YORK, '2026-10-30T12:00:00-04:00', '2026-10-30T12:00:00Z'],
      ['Australia/Sydney', '2026-04-03T23:59:00+11:00', '2026-04-03T00:00:00Z'],
    ] as const) {
      for (let ms = Date.parse(from); ms < Date.parse(from) + 4 * 86_400_000; ms += 20 * 60_000) {
        const at = new Date(ms).toISOString();
        expect(localDayOfStay(admitted, at, zone), `${zone} ${at}`).toBe(dayOfStay(admitted, at, zone));
      }
    }
  });

  it('changes day at local midnight, not UTC midnight', () => {
    expect(localDayOfStay('2026-03-07T23:30:00-05:00', '2026-03-07T23:59:00-05:00', NEW_YORK)).toBe(1);
    expect(localDayOfStay('2026-03-07T23:30:00-05:00', '2026-03-08T00:10:00-05:00', NEW_YORK)).toBe(2);
    expect(localDayNumber('2026-03-08T04:59:00Z', NEW_YORK)).toBe(localDayNumber('2026-03-07T12:00:00Z', NEW_YORK));
  });

  it('gives 0 before admission', () => {
    expect(localDayOfStay('2026-03-07T12:00:00Z', '2026-03-07T11:59:00Z', NEW_YORK)).toBe(0);
  });
});

// Zones on both sides of UTC, with their DST changes in 2026, and one without DST at +05:45.
const ZONES = [NEW_YORK, 'Europe/London', 'Australia/Sydney', 'Asia/Kathmandu', 'UTC'] as const;

describe('unitDate', () => {
  it("gives luxon's local date every 10 minutes across the year's DST changes, from ISO text and from a Date", () => {
    for (const zone of ZONES) {
      for (const from of [
        '2026-03-07T00:00:00Z',
        '2026-03-28T00:00:00Z',
        '2026-04-04T00:00:00Z',
        '2026-10-31T00:00:00Z',
      ]) {
        for (let ms = Date.parse(from); ms < Date.parse(from) + 3 * 86_400_000; ms += 10 * 60_000) {
          const at = new Date(ms);
          const expected = DateTime.fromJSDate(at, { zone }).toISODate();
          expect(unitDate(at, zone), `${zone} ${at.toISOString()}`).toBe(expected);
          expect(unitDate(at.toISOString(), zone), `${zone} ${at.toISOString()}`).toBe(expected);
        }
      }
    }
  });

  it("reads a written offset as that instant, and a time without one on the unit's clock, as luxon does", () => {
    expect(unitDate('2026-12-04T23:30:00-05:00', 'UTC')).toBe('2026-12-05');
    expect(unitDate('2026-12-04T23:30:00+0100', NEW_YORK)).toBe('2026-12-04');
    expect(unitDate('2026-12-04T23:30:00', 'Australia/Sydney')).toBe('2026-12-04');
    expect(unitDate('2026-12-04', NEW_YORK)).toBe('2026-12-04');
  });

  it('gives an empty date for something that is not an instant, or a zone no one knows', () => {
    expect(unitDate('not a date', NEW_YORK)).toBe('');
    expect(unitDate('2026-13-40T00:00:00Z', NEW_YORK)).toBe('');
    expect(unitDate(new Date(Number.NaN), NEW_YORK)).toBe('');
    expect(unitDate('2026-12-04T10:00:00Z', 'Nowhere/Atlantis')).toBe('');
  });
});

describe('localDayBounds', () => {
  it("is luxon's start of the date and of the next one, so DST days are 23 and 25 hours long", () => {
    for (const zone of ZONES) {
      for (const date of [
        '2026-03-08',
        '2026-03-29',
        '2026-04-05',
        '2026-10-04',
        '2026-10-25',
        '2026-11-01',
        '2026-12-04',
      ]) {
        const start = DateTime.fromISO(date, { zone }).startOf('day');
        expect(localDayBounds(date, zone), `${zone} ${date}`).toEqual([
          start.toMillis(),
          start.plus({ days: 1 }).toMillis(),
        ]);
        // Asked again, the same answer (kept).
        expect(localDayBounds(date, zone)).toEqual(localDayBounds(date, zone));
      }
    }
    const [start, end] = localDayBounds('2026-03-08', NEW_YORK);
    expect((end - start) / 3_600_000).toBe(23);
    const [autumnStart, autumnEnd] = localDayBounds('2026-11-01', NEW_YORK);
    expect((autumnEnd - autumnStart) / 3_600_000).toBe(25);
  });
});
