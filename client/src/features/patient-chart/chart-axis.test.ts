import { describe, expect, it } from 'vitest';
import type { TimelineData } from '../../lib/api-types.js';
import {
  DATE_LABEL_GAP_PX,
  MIN_FIT_SPAN_HOURS,
  TIME_LABEL_GAP_PX,
  axisTicks,
  clockTicks,
  formatSinceLastUse,
  hourDomain,
  hoursOf,
  maxTicksForPlot,
  stayDayText,
  thinDateLabels,
  windowsAhead,
} from './chart-axis.js';

const EXPECTED = { onsetHours: [8, 24], peakHours: [24, 72], resolutionHours: [72, 240] } as unknown as NonNullable<
  TimelineData['expected']
>;
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

  it('draws the whole taper plan in course mode, but fits to the records by default', () => {
    const withPlan = { ...records([2, 4]), taper: [{ toHours: 30 }, { toHours: 100 }] };
    expect(hourDomain(withPlan, NOW, 'course')).toEqual({ from: 0, to: 106 });
    expect(hourDomain(withPlan, NOW, 'fit')).toEqual({ from: 0, to: 7 });
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
    expect(clockTicks({ from: 0, to: 8 }, lastUse, 'America/New_York', 4).map((t) => t.time)).toEqual([
      '06:00',
      '08:00',
      '10:00',
      '12:00',
    ]);
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

  it('says hours since last use without a day number (days are named by day of stay), and "before" for a record before last use', () => {
    expect(formatSinceLastUse(23.96)).toBe('24.0 h since last use');
    expect(formatSinceLastUse(-0.5)).toBe('0.5 h before the recorded last use');
  });

  it('names the day of an instant by day of stay on the unit’s calendar', () => {
    // Admitted 23:30 on 30 November in New York: 00:10 on 1 December is stay day 2 (05:10 UTC).
    expect(stayDayText('2026-11-30T23:30:00-05:00', '2026-12-01T05:10:00Z', 'America/New_York')).toBe(
      'Stay day 2 (Tue 1 Dec)',
    );
    expect(stayDayText('2026-11-30T23:30:00-05:00', '2026-12-01T04:50:00Z', 'America/New_York')).toBe(
      'Stay day 1 (Mon 30 Nov)',
    );
  });
});

describe('axis labels that never collide', () => {
  const lastUse = '2026-11-27T04:41:00-05:00';
  const zone = 'America/New_York';
  const pxPerHourOf = (domain: { from: number; to: number }, width: number) => width / (domain.to - domain.from);
  /** Every pair of neighbouring labels of each kind is at least its gap apart. */
  function assertNoCollision(
    ticks: readonly { h: number; date: string | null }[],
    domain: { from: number; to: number },
    width: number,
  ) {
    const px = pxPerHourOf(domain, width);
    for (let i = 1; i < ticks.length; i++)
      expect(((ticks[i]?.h ?? 0) - (ticks[i - 1]?.h ?? 0)) * px).toBeGreaterThanOrEqual(TIME_LABEL_GAP_PX - 1e-6);
    const dated = ticks.filter((t) => t.date !== null);
    for (let i = 1; i < dated.length; i++)
      expect(((dated[i]?.h ?? 0) - (dated[i - 1]?.h ?? 0)) * px).toBeGreaterThanOrEqual(DATE_LABEL_GAP_PX);
  }

  it('fits as many times as the width allows, at least two', () => {
    expect(maxTicksForPlot(TIME_LABEL_GAP_PX * 5)).toBe(5);
    expect(maxTicksForPlot(40)).toBe(2);
    // 8 h on a 176 px plot: 2-hourly ticks are 44 px apart (exactly enough); hourly would be 22 px.
    const domain = { from: 0, to: 8 };
    expect(
      clockTicks(domain, '2026-12-02T04:41:00-05:00', 'America/New_York', maxTicksForPlot(176)).map((t) => t.time),
    ).toEqual(['06:00', '08:00', '10:00', '12:00']);
    expect(
      clockTicks(domain, '2026-12-02T04:41:00-05:00', 'America/New_York', maxTicksForPlot(175)).map((t) => t.time),
    ).toEqual(['06:00', '09:00', '12:00']);
  });

  it('on a phone (a 150 px plot) five days keep their times and dates apart', () => {
    const domain = { from: 0, to: 126 };
    const ticks = axisTicks(domain, lastUse, zone, 150);
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    expect(ticks.filter((t) => t.date !== null).length).toBeGreaterThanOrEqual(1);
    assertNoCollision(ticks, domain, 150);
  });

  it('ten days drawn 150 px wide step by whole days apart (every 3rd midnight)', () => {
    const domain = { from: 0, to: 240 };
    const ticks = axisTicks(domain, lastUse, zone, 150);
    expect(ticks.every((t) => t.time === '00:00')).toBe(true);
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    assertNoCollision(ticks, domain, 150);
  });

  it('the date of the first tick gives way to the midnight just after it, which marks the new day', () => {
    // Last use 21:41: ticks at 22:00 (Fri 27 Nov) and 00:00 (Sat 28 Nov), 2 h apart.
    const domain = { from: 0, to: 8 };
    const narrow = thinDateLabels(clockTicks(domain, '2026-11-27T21:41:00-05:00', zone, 4), domain, 200);
    expect(narrow.map((t) => [t.time, t.date])).toEqual([
      ['22:00', null],
      ['00:00', 'Sat 28 Nov'],
      ['02:00', null],
      ['04:00', null],
    ]);
    // Wide enough, both dates stay.
    const wide = thinDateLabels(clockTicks(domain, '2026-11-27T21:41:00-05:00', zone, 4), domain, 1000);
    expect(wide.filter((t) => t.date !== null).map((t) => t.time)).toEqual(['22:00', '00:00']);
  });

  it('keeps the earlier of two midnights too close together and drops the later date', () => {
    const ticks = [
      { h: 2, time: '00:00', date: 'Sat 28 Nov' },
      { h: 26, time: '00:00', date: 'Sun 29 Nov' },
      { h: 50, time: '00:00', date: 'Mon 30 Nov' },
    ];
    // 24 h = 60 px: the second date would touch the first; the third is 120 px from the first.
    expect(thinDateLabels(ticks, { from: 0, to: 60 }, 150).map((t) => t.date)).toEqual([
      'Sat 28 Nov',
      null,
      'Mon 30 Nov',
    ]);
  });

  it('a 1440 px desktop keeps hourly-ish ticks and every midnight date on a two-day stay', () => {
    const domain = { from: 0, to: 48 };
    const ticks = axisTicks(domain, lastUse, zone, 1100);
    expect(ticks.filter((t) => t.time === '00:00').every((t) => t.date !== null)).toBe(true);
    assertNoCollision(ticks, domain, 1100);
  });
});
