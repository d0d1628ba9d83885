import { describe, expect, it } from 'vitest';
import type { TimelineData } from '../../lib/api-types.js';
import { MIN_FIT_SPAN_HOURS, clockTicks, formatSinceLastUse, hourDomain, hoursOf, windowsAhead } from './chart-axis.js';

const EXPECTED = { onsetHours: [8, 24], peakHours: [24, 72], resolutionHours: [72, 240] } as unknown as NonNullable<TimelineData['expected']>;
const NOW = { hours: 6, label: 'Now' } as const;

function records(hours: number[]): Pick<TimelineData, 'assessments' | 'medications' | 'vitals' | 'expected'> {
  return {
    assessments: hours.map((h) => ({ hoursSinceLastUse: h })) as TimelineData['assessments'],
    medications: [],
    vitals: [],
    expected: EXPECTED,
  };
}

describe('hourDomain', () => {
  it('fits a patient 6 h in to the records and now, not to the end of the expected peak', () => {
    expect(hourDomain(records([2, 4]), NOW, 'fit')).toEqual({ from: 0, to: 7 });
    // Course: to the end of the peak (72 h) and a 6 h margin.
    expect(hourDomain(records([2, 4]), NOW, 'course')).toEqual({ from: 0, to: 78 });
  });

  it('spans at least the minimum when there is almost nothing to show', () => {
    expect(hourDomain(records([]), { hours: 1, label: 'Now' }, 'fit').to).toBeGreaterThanOrEqual(MIN_FIT_SPAN_HOURS);
  });

  it('starts on a whole 6 h before last use when a record precedes it', () => {
    expect(hourDomain(records([-0.4, 3]), NOW, 'fit').from).toBe(-6);
    expect(hourDomain(records([-6, 3]), NOW, 'fit').from).toBe(-6);
    expect(hourDomain(records([-6.1, 3]), NOW, 'fit').from).toBe(-12);
  });

  it('takes in a record later than now (a discharge drawn to its end)', () => {
    expect(hourDomain(records([100]), { hours: 90, label: 'Discharged' }, 'fit').to).toBe(105);
  });

  it('works with no expected course (a substance without one)', () => {
    expect(hourDomain({ ...records([3]), expected: null }, NOW, 'course')).toEqual({ from: 0, to: 12 });
    expect(hourDomain({ ...records([3]), expected: null }, NOW, 'fit')).toEqual({ from: 0, to: 7 });
  });
});

describe('windowsAhead', () => {
  it('names the windows that start at or after the end of the axis, with the hours until them', () => {
    expect(windowsAhead(EXPECTED, { from: 0, to: 8 }, NOW)).toEqual([
      { label: 'Expected onset', from: 8, to: 24, inHours: 2 },
      { label: 'Expected peak', from: 24, to: 72, inHours: 18 },
    ]);
    expect(windowsAhead(EXPECTED, { from: 0, to: 9 }, NOW).map((w) => w.label)).toEqual(['Expected peak']);
    expect(windowsAhead(EXPECTED, { from: 0, to: 80 }, NOW)).toEqual([]);
    expect(windowsAhead(null, { from: 0, to: 8 }, NOW)).toEqual([]);
  });
});

describe('clockTicks', () => {
  const lastUse = '2026-12-02T04:41:00-05:00';

  it('puts ticks on whole local hours with the date under the first and at midnight', () => {
    const ticks = clockTicks({ from: 0, to: 8 }, lastUse, 'America/New_York', 12);
    expect(ticks.map((t) => t.time)).toEqual(['05:00', '06:00', '07:00', '08:00', '09:00', '10:00', '11:00', '12:00']);
    expect(ticks[0]).toEqual({ h: 19 / 60, time: '05:00', date: 'Wed 02 Dec' });
    expect(ticks.slice(1).every((t) => t.date === null)).toBe(true);
  });

  it('widens the step to keep to the number of ticks asked for', () => {
    expect(clockTicks({ from: 0, to: 8 }, lastUse, 'America/New_York', 4).map((t) => t.time)).toEqual(['06:00', '08:00', '10:00', '12:00']);
    const week = clockTicks({ from: 0, to: 168 }, lastUse, 'America/New_York', 16);
    expect(week.every((t) => t.time === '00:00' || t.time === '12:00')).toBe(true);
    // Wed 12:00 (the first tick) and the seven midnights that follow, through the next Wednesday.
    expect(week.filter((t) => t.date !== null)).toHaveLength(8);
  });

  it('stays on the local clock across the autumn daylight-saving change', () => {
    // 1 Nov 2026, 02:00 EDT → 01:00 EST: 6-hour steps still land on 00:00, 06:00, 12:00, 18:00.
    const ticks = clockTicks({ from: 0, to: 48 }, '2026-10-31T20:00:00-04:00', 'America/New_York', 8);
    expect(new Set(ticks.map((t) => t.time))).toEqual(new Set(['00:00', '06:00', '12:00', '18:00']));
    // Sunday 00:00 EDT is 4 h after last use; 06:00 EST comes 7 real hours later.
    const sunday = ticks.filter((t) => t.h >= 4 && t.h < 29).map((t) => t.h);
    expect((sunday[1] ?? 0) - (sunday[0] ?? 0)).toBe(7);
  });
});

describe('hoursOf and formatSinceLastUse', () => {
  it('measures hours from last use, negative before it', () => {
    expect(hoursOf('2026-12-02T00:00:00Z', '2026-12-02T06:30:00Z')).toBe(6.5);
    expect(hoursOf('2026-12-02T00:00:00Z', '2026-12-01T23:00:00Z')).toBe(-1);
  });

  it('says the day of withdrawal, and "before" for a record before last use', () => {
    expect(formatSinceLastUse(23.96)).toBe('24.0 h since last use · day 1');
    expect(formatSinceLastUse(24)).toBe('24.0 h since last use · day 2');
    expect(formatSinceLastUse(-0.5)).toBe('0.5 h before the recorded last use');
  });
});
