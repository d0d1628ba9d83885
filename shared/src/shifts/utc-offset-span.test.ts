import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { utcOffsetSpan } from './utc-offset-span.js';

describe('utcOffsetSpan: a unit clock’s offset and how long it holds', () => {
  it('gives New York’s winter offset from the November change to the March change', () => {
    // US: clocks go back at 02:00 EDT on 1 Nov 2026 (06:00Z) and forward at 02:00 EST on 14 Mar 2027 (07:00Z).
    expect(utcOffsetSpan('America/New_York', new Date('2026-12-02T13:48:00Z'))).toEqual({
      offsetMinutes: -300,
      since: '2026-11-01T06:00:00.000Z',
      until: '2027-03-14T07:00:00.000Z',
    });
  });

  it('is exact to the minute at the change: one minute before, at, and one after', () => {
    expect(utcOffsetSpan('America/New_York', new Date('2026-11-01T05:59:00Z')).offsetMinutes).toBe(-240);
    expect(utcOffsetSpan('America/New_York', new Date('2026-11-01T05:59:00Z')).until).toBe('2026-11-01T06:00:00.000Z');
    expect(utcOffsetSpan('America/New_York', new Date('2026-11-01T06:00:00Z')).offsetMinutes).toBe(-300);
    expect(utcOffsetSpan('America/New_York', new Date('2026-11-01T06:00:00Z')).since).toBe('2026-11-01T06:00:00.000Z');
    expect(utcOffsetSpan('America/New_York', new Date('2026-11-01T06:01:00Z')).since).toBe('2026-11-01T06:00:00.000Z');
  });

  it('spans the whole search horizon for a zone without daylight saving time', () => {
    expect(utcOffsetSpan('Asia/Ho_Chi_Minh', new Date('2026-12-02T13:48:30Z'))).toEqual({
      offsetMinutes: 420,
      // 400 days each way from the minute asked about.
      since: '2025-10-28T13:48:00.000Z',
      until: '2028-01-06T13:48:00.000Z',
    });
  });

  it('handles a half-hour change (Lord Howe Island) and a southern-hemisphere summer', () => {
    const lordHowe = utcOffsetSpan('Australia/Lord_Howe', new Date('2026-12-02T00:00:00Z'));
    expect(lordHowe.offsetMinutes).toBe(660);
    const adelaide = utcOffsetSpan('Australia/Adelaide', new Date('2026-12-02T00:00:00Z'));
    expect(adelaide.offsetMinutes).toBe(630);
    for (const span of [lordHowe, adelaide]) {
      for (const bound of [span.since, span.until]) {
        const ms = Date.parse(bound);
        expect(Number.isNaN(ms)).toBe(false);
      }
    }
  });

  it('agrees with luxon’s offset everywhere inside the span and differs just outside it', () => {
    const zone = 'Europe/London';
    const span = utcOffsetSpan(zone, new Date('2026-07-15T12:00:00Z'));
    const since = Date.parse(span.since);
    const until = Date.parse(span.until);
    for (let ms = since; ms < until; ms += 7 * 3_600_000)
      expect(DateTime.fromMillis(ms, { zone }).offset).toBe(span.offsetMinutes);
    expect(DateTime.fromMillis(since - 60_000, { zone }).offset).not.toBe(span.offsetMinutes);
    expect(DateTime.fromMillis(until, { zone }).offset).not.toBe(span.offsetMinutes);
  });

  it('refuses an unknown zone in words', () => {
    expect(() => utcOffsetSpan('Mars/Olympus', new Date())).toThrow('Unknown time zone "Mars/Olympus"');
  });
});
