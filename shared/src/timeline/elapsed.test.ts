import { describe, expect, it } from 'vitest';
import { dayOfStay, hoursSince, withdrawalDay } from './elapsed.js';

describe('hoursSince', () => {
  it('counts elapsed hours between instants given in different offsets', () => {
    expect(hoursSince('2026-01-10T08:00:00-05:00', '2026-01-10T15:30:00Z')).toBe(2.5);
  });

  it('counts real hours across a DST change (19:00 to 07:00 on the spring-forward night is 11 h)', () => {
    expect(hoursSince('2026-03-07T19:00:00-05:00', '2026-03-08T07:00:00-04:00')).toBe(11);
    expect(hoursSince('2026-10-31T19:00:00-04:00', '2026-11-01T07:00:00-05:00')).toBe(13);
  });

  it('is negative when last use is recorded after the time asked about', () => {
    expect(hoursSince('2026-01-10T12:00:00Z', '2026-01-10T11:45:00Z')).toBe(-0.25);
  });

  it('refuses a time without an offset, which would be read in the server’s zone', () => {
    expect(() => hoursSince('2026-01-10T08:00:00', '2026-01-10T15:30:00Z')).toThrow(
      /last use time must be an ISO-8601 time with an offset/,
    );
    expect(() => hoursSince('2026-01-10T08:00:00Z', 'yesterday')).toThrow(RangeError);
  });
});

describe('dayOfStay', () => {
  const zone = 'America/New_York';

  it('is day 1 on the date of admission and day 2 after local midnight', () => {
    const admitted = '2026-01-10T23:30:00-05:00';
    expect(dayOfStay(admitted, '2026-01-10T23:59:59-05:00', zone)).toBe(1);
    expect(dayOfStay(admitted, '2026-01-11T00:10:00-05:00', zone)).toBe(2);
  });

  it('uses the unit’s calendar, not UTC’s (05:00Z is still the previous evening in New York)', () => {
    expect(dayOfStay('2026-01-10T08:00:00-05:00', '2026-01-11T03:00:00Z', zone)).toBe(1);
  });

  it('counts one day per calendar day across both DST changes', () => {
    expect(dayOfStay('2026-03-07T12:00:00-05:00', '2026-03-09T00:30:00-04:00', zone)).toBe(3);
    expect(dayOfStay('2026-10-31T12:00:00-04:00', '2026-11-02T00:30:00-05:00', zone)).toBe(3);
  });

  it('gives 0 for a time before admission', () => {
    expect(dayOfStay('2026-01-10T08:00:00-05:00', '2026-01-10T07:59:00-05:00', zone)).toBe(0);
    expect(dayOfStay('2026-01-10T08:00:00-05:00', '2026-01-01T07:59:00-05:00', zone)).toBe(0);
  });

  it('refuses an unknown time zone', () => {
    expect(() => dayOfStay('2026-01-10T08:00:00-05:00', '2026-01-11T08:00:00-05:00', 'Mars/Olympus')).toThrow(
      /unknown time zone/,
    );
  });
});

describe('withdrawalDay', () => {
  it.each([
    [0, 1],
    [23.99, 1],
    [24, 2],
    [71.99, 3],
    [72, 4],
    [-0.01, 0],
  ])('at %s h since last use is day %s', (hours, day) => {
    expect(withdrawalDay(hours)).toBe(day);
  });

  it('refuses a non-finite number of hours', () => {
    expect(() => withdrawalDay(Number.NaN)).toThrow(RangeError);
  });
});
