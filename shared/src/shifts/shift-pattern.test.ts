import { describe, expect, it } from 'vitest';
import { parseShiftPattern } from './shift-pattern.js';

describe('parseShiftPattern', () => {
  it('accepts 12-hour and 8-hour patterns and sorts the starts', () => {
    expect(parseShiftPattern('America/New_York', ['19:00', '07:00'])).toEqual([
      { hour: 7, minute: 0 },
      { hour: 19, minute: 0 },
    ]);
    expect(parseShiftPattern('Europe/London', ['23:00', '07:00', '15:00']).map((s) => s.hour)).toEqual([7, 15, 23]);
  });

  it('refuses a zone that is not an IANA name', () => {
    expect(() => parseShiftPattern('Mars/Olympus', ['07:00'])).toThrow(/unknown time zone "Mars\/Olympus"/);
    expect(() => parseShiftPattern('', ['07:00'])).toThrow(/unknown time zone/);
  });

  it.each(['7:00', '24:00', '07:60', '07:00:00', ' 07:00', ''])('refuses the start time "%s"', (start) => {
    expect(() => parseShiftPattern('America/New_York', [start])).toThrow(/must be a 24-hour time/);
  });

  it('refuses an empty pattern and a repeated start', () => {
    expect(() => parseShiftPattern('America/New_York', [])).toThrow(/at least one shift start/);
    expect(() => parseShiftPattern('America/New_York', ['07:00', '19:00', '07:00'])).toThrow(
      /different from each other/,
    );
  });
});
