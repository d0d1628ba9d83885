import { describe, expect, it } from 'vitest';
import {
  TAPER_START_MAX_DAYS_AHEAD,
  addDays,
  daysBetween,
  givenOnDate,
  planDayDate,
  planInForce,
  plannedDates,
  plannedOn,
  stayDayLabel,
  stayDayOfDate,
  taperStartProblem,
} from './taper-schedule.js';

describe('taper plan dates', () => {
  it('counts calendar days, across a month end and a DST change', () => {
    expect(daysBetween('2026-11-30', '2026-12-02')).toBe(2);
    expect(daysBetween('2026-03-07', '2026-03-09')).toBe(2); // US spring forward on 8 March
    expect(daysBetween('2026-12-02', '2026-12-01')).toBe(-1);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('puts plan day N on start + N - 1', () => {
    expect(planDayDate('2026-12-02', 1)).toBe('2026-12-02');
    expect(planDayDate('2026-12-02', 3)).toBe('2026-12-04');
  });

  it('names a date by its day of stay, day 1 being the date of admission', () => {
    expect(stayDayOfDate('2026-11-30', '2026-11-30')).toBe(1);
    expect(stayDayOfDate('2026-11-30', '2026-12-02')).toBe(3);
    expect(stayDayOfDate('2026-11-30', '2026-11-29')).toBe(0);
    expect(stayDayLabel('2026-11-30', '2026-12-02')).toBe('Stay day 3 (Wed 2 Dec)');
  });

  it('refuses a bad date in words', () => {
    expect(() => daysBetween('2026-13-01', '2026-12-01')).toThrow(/is not a date/);
  });

  it('knows which days exist: 29 February only in a leap year, no 31 November', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(() => daysBetween('2026-02-29', '2026-03-01')).toThrow(/is not a date/);
    expect(() => addDays('2026-11-31', 1)).toThrow(/is not a date/);
    expect(() => daysBetween('2026-12-1', '2026-12-02')).toThrow(/is not a date/);
    expect(addDays('2026-11-08', -1)).toBe('2026-11-07'); // US fall back on 1 November: still whole days
  });
});

describe('taper plan start rule', () => {
  const today = '2026-12-02';
  it('accepts today', () => {
    expect(taperStartProblem('2026-12-02', today)).toBeNull();
  });
  it('refuses yesterday, one day before today, saying why and what to do', () => {
    expect(taperStartProblem('2026-12-01', today)).toMatch(
      /cannot start on 2026-12-01: that day is already past \(today is 2026-12-02.*start it today or later/,
    );
  });
  it('accepts tomorrow', () => {
    expect(taperStartProblem('2026-12-03', today)).toBeNull();
  });
  it(`accepts exactly ${TAPER_START_MAX_DAYS_AHEAD} days ahead and refuses one more`, () => {
    expect(taperStartProblem(addDays(today, TAPER_START_MAX_DAYS_AHEAD), today)).toBeNull();
    expect(taperStartProblem(addDays(today, TAPER_START_MAX_DAYS_AHEAD + 1), today)).toMatch(
      /at most 30 days ahead \(by 2027-01-01\)/,
    );
  });
  it('refuses a date that does not exist', () => {
    expect(taperStartProblem('2026-02-30', today)).toMatch(/must be a date/);
  });
});

describe('the plan in force on a date', () => {
  const first = {
    id: 1,
    startDate: '2026-11-30',
    days: [16, 12, 8, 4, 2].map((totalMg, i) => ({ day: i + 1, totalMg })),
  };
  // Changed on 2 Dec, from 3 Dec: a slower taper.
  const changed = { id: 2, startDate: '2026-12-03', days: [10, 8, 6].map((totalMg, i) => ({ day: i + 1, totalMg })) };

  it('is nothing before the first plan starts', () => {
    expect(planInForce([first, changed], '2026-11-29')).toBeNull();
    expect(plannedOn([first, changed], '2026-11-29')).toBeNull();
  });

  it('is the earlier plan on the days before the change starts (what was planned then stays planned)', () => {
    expect(plannedOn([first, changed], '2026-12-02')).toEqual({ planId: 1, planDay: 3, totalMg: 8 });
  });

  it('is the newer plan from its start on, by its own day numbers', () => {
    expect(plannedOn([first, changed], '2026-12-03')).toEqual({ planId: 2, planDay: 1, totalMg: 10 });
    expect(plannedOn([changed, first], '2026-12-05')).toEqual({ planId: 2, planDay: 3, totalMg: 6 });
  });

  it('plans nothing after the newer plan ends, even where the older plan had days', () => {
    expect(plannedOn([first, changed], '2026-12-06')).toBeNull();
  });

  it('lists every planned date once, with the total in force', () => {
    expect(plannedDates([first, changed]).map((d) => [d.date, d.planned.totalMg, d.planned.planId])).toEqual([
      ['2026-11-30', 16, 1],
      ['2026-12-01', 12, 1],
      ['2026-12-02', 8, 1],
      ['2026-12-03', 10, 2],
      ['2026-12-04', 8, 2],
      ['2026-12-05', 6, 2],
    ]);
  });
});

describe('given on a date', () => {
  const doses = [
    { drug: 'buprenorphine', doseMg: 4, status: 'given', localDate: '2026-12-02' },
    { drug: 'buprenorphine', doseMg: 4, status: 'held', localDate: '2026-12-02' },
    { drug: 'buprenorphine', doseMg: 2, status: 'given', localDate: '2026-12-03' },
    { drug: 'clonidine', doseMg: 0.1, status: 'given', localDate: '2026-12-02' },
    { drug: 'clonidine', doseMg: 0.2, status: 'given', localDate: '2026-12-02' },
  ];
  it('counts only given doses of the plan’s drug on that date', () => {
    expect(givenOnDate(doses, 'buprenorphine', '2026-12-02')).toBe(4);
    expect(givenOnDate(doses, 'buprenorphine', '2026-12-03')).toBe(2);
    expect(givenOnDate(doses, 'buprenorphine', '2026-12-04')).toBe(0);
  });
  it('adds tenths of a milligram exactly', () => {
    expect(givenOnDate(doses, 'clonidine', '2026-12-02')).toBe(0.3);
  });
});
