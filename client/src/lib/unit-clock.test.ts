import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { formatUnitTime, learnUnitClock } from './unit-clock.js';

describe('the unit clock (the board’s times, without luxon)', () => {
  it('shows an instant on the unit’s clock, whatever the device', () => {
    expect(formatUnitTime('2026-12-02T13:48:00Z', 'America/New_York')).toBe('02 Dec 08:48');
    expect(formatUnitTime('2026-12-02T13:48:00Z', 'Asia/Ho_Chi_Minh')).toBe('02 Dec 20:48');
  });

  it('writes midnight as 00, not 24, and the minute before it as 23:59', () => {
    expect(formatUnitTime('2026-12-02T05:00:00Z', 'America/New_York')).toBe('02 Dec 00:00');
    expect(formatUnitTime('2026-12-02T04:59:00Z', 'America/New_York')).toBe('01 Dec 23:59');
    expect(formatUnitTime('2026-12-02T05:01:00Z', 'America/New_York')).toBe('02 Dec 00:01');
  });

  it('follows the daylight-saving change of the unit’s zone', () => {
    // New York springs forward at 02:00 local on 8 March 2026: 06:59Z is 01:59 EST, 07:00Z is 03:00 EDT.
    expect(formatUnitTime('2026-03-08T06:59:00Z', 'America/New_York')).toBe('08 Mar 01:59');
    expect(formatUnitTime('2026-03-08T07:00:00Z', 'America/New_York')).toBe('08 Mar 03:00');
  });

  it('reads instants written with an offset', () => {
    expect(formatUnitTime('2026-12-02T08:48:00-05:00', 'Europe/London')).toBe('02 Dec 13:48');
  });

  it('writes what luxon wrote ("dd LLL HH:mm") for every hour of a year, in several zones', () => {
    const start = Date.parse('2026-01-01T00:17:00Z');
    for (const zone of ['America/New_York', 'Europe/London', 'Australia/Adelaide', 'UTC', 'Asia/Kolkata']) {
      for (let h = 0; h < 365 * 24; h += 13) {
        const iso = new Date(start + h * 3_600_000).toISOString();
        expect(formatUnitTime(iso, zone)).toBe(DateTime.fromISO(iso, { zone }).toFormat('dd LLL HH:mm'));
      }
    }
  });

  it('says a malformed time rather than throwing', () => {
    expect(formatUnitTime('not a time', 'UTC')).toBe('Invalid DateTime');
  });
});

describe('the unit clock with the offset span the server sent', () => {
  // New York's winter: EST (-05:00) from 1 Nov 2026 06:00Z until 14 Mar 2027 07:00Z (shared utcOffsetSpan).
  const span = { offsetMinutes: -300, since: '2026-11-01T06:00:00.000Z', until: '2027-03-14T07:00:00.000Z' };

  it('writes the same text as the Intl formatter, inside the span and at its edges', () => {
    const zone = 'America/New_York';
    const instants = [
      '2026-11-01T06:00:00Z',
      '2026-11-01T05:59:00Z',
      '2026-12-02T04:59:00Z',
      '2026-12-02T05:00:00Z',
      '2026-12-31T23:59:00Z',
      '2027-01-01T05:00:00Z',
      '2027-03-14T06:59:00Z',
      '2027-03-14T07:00:00Z',
    ];
    const viaIntl = instants.map((iso) => formatUnitTime(iso, zone));
    learnUnitClock(zone, span);
    expect(instants.map((iso) => formatUnitTime(iso, zone))).toEqual(viaIntl);
    expect(formatUnitTime('2026-12-02T04:59:00Z', zone)).toBe('01 Dec 23:59');
    expect(formatUnitTime('2027-03-14T06:59:00Z', zone)).toBe('14 Mar 01:59');
    // Outside the span (after the March change) the Intl formatter answers: EDT.
    expect(formatUnitTime('2027-03-14T07:00:00Z', zone)).toBe('14 Mar 03:00');
  });

  it('uses a span that ends at the search horizon (a zone without daylight saving time)', () => {
    learnUnitClock('Asia/Ho_Chi_Minh', {
      offsetMinutes: 420,
      since: '2025-10-28T13:48:00.000Z',
      until: '2028-01-06T13:48:00.000Z',
    });
    expect(formatUnitTime('2026-12-02T13:48:00Z', 'Asia/Ho_Chi_Minh')).toBe('02 Dec 20:48');
  });
});
