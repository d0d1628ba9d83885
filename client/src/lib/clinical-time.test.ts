import { describe, expect, it } from 'vitest';
import { dayChoices, joinLocalValue, parseClockTime, splitLocalValue } from './clinical-time.js';

describe('parseClockTime', () => {
  it.each([
    ['08:48', '08:48'],
    ['8:48', '08:48'],
    ['0848', '08:48'],
    ['848', '08:48'],
    ['00:00', '00:00'],
    ['23:59', '23:59'],
    [' 7:05 ', '07:05'],
  ])('%s → %s', (typed, clock) => {
    expect(parseClockTime(typed)).toBe(clock);
  });

  it.each(['24:00', '23:60', '8', '8:5', '08:48 AM', '', 'ab:cd'])('%s is not a time of day', (typed) => {
    expect(parseClockTime(typed)).toBeNull();
  });
});

describe('dayChoices', () => {
  const now = Date.parse('2026-12-02T14:00:00Z');

  it('offers today and the six days before, newest first, in the unit’s zone', () => {
    const days = dayChoices(now, 'America/New_York');
    expect(days).toHaveLength(7);
    expect(days[0]).toEqual({ value: '2026-12-02', label: 'Wed 02 Dec (today)' });
    expect(days[1]).toEqual({ value: '2026-12-01', label: 'Tue 01 Dec (yesterday)' });
    expect(days[6]?.value).toBe('2026-11-26');
  });

  it('keeps an older day a correction was charted on', () => {
    const days = dayChoices(now, 'America/New_York', 6, '2026-11-20T10:00:00-05:00');
    expect(days.at(-1)?.value).toBe('2026-11-20');
    expect(dayChoices(now, 'America/New_York', 6, '2026-12-01T10:00:00-05:00')).toHaveLength(7);
  });

  it('uses the unit’s date, not UTC’s: 23:30 in New York is already tomorrow in UTC', () => {
    expect(dayChoices(Date.parse('2026-12-03T04:30:00Z'), 'America/New_York')[0]?.value).toBe('2026-12-02');
  });
});

describe('splitLocalValue and joinLocalValue', () => {
  it('split and join a yyyy-mm-ddTHH:mm value, normalising the typed clock', () => {
    expect(splitLocalValue('2026-12-02T08:48')).toEqual({ day: '2026-12-02', time: '08:48' });
    expect(joinLocalValue('2026-12-02', '848')).toBe('2026-12-02T08:48');
    expect(joinLocalValue('2026-12-02', '25:00')).toBe('2026-12-02T25:00');
  });
});
