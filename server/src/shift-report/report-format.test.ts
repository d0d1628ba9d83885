import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { unitClock, unitHourMinute, unitIso } from './report-format.js';

describe('report time formats in the unit’s zone', () => {
  it('writes ISO-8601 with the offset in force at that instant, as luxon does, across DST and zones', () => {
    for (const zone of [
      'America/New_York',
      'Europe/London',
      'Australia/Sydney',
      'Asia/Kolkata',
      'Asia/Kathmandu',
      'Pacific/Chatham',
    ]) {
      // Around both 2026 changes in New York (Mar 8, Nov 1), London (Mar 29, Oct 25) and Sydney (Apr 5, Oct 4).
      for (const [from, to] of [
        ['2026-03-07T00:00:00Z', '2026-03-10T00:00:00Z'],
        ['2026-03-28T00:00:00Z', '2026-04-06T00:00:00Z'],
        ['2026-10-03T00:00:00Z', '2026-11-02T00:00:00Z'],
      ] as const) {
        for (let ms = Date.parse(from); ms < Date.parse(to); ms += 37 * 60_000 + 13_000) {
          const iso = new Date(ms).toISOString();
          const local = DateTime.fromISO(iso, { zone });
          expect(unitIso(iso, zone), `${zone} ${iso}`).toBe(local.toISO({ suppressMilliseconds: true }));
          expect(unitClock(iso, zone), `${zone} ${iso}`).toBe(local.toFormat('dd LLL HH:mm'));
        }
      }
    }
  });

  it('writes the wall clock of the unit', () => {
    expect(unitIso('2026-03-08T07:10:00.000Z', 'America/New_York')).toBe('2026-03-08T03:10:00-04:00');
    expect(unitIso('2026-11-01T05:30:00.000Z', 'America/New_York')).toBe('2026-11-01T01:30:00-04:00');
    expect(unitIso('2026-11-01T06:30:00.000Z', 'America/New_York')).toBe('2026-11-01T01:30:00-05:00');
    expect(unitIso('2026-03-08T07:10:00.000Z', 'UTC')).toBe('2026-03-08T07:10:00+00:00');
    expect(unitClock('2026-03-08T07:10:00.000Z', 'America/New_York')).toBe('08 Mar 03:10');
    expect(unitHourMinute('2026-03-08T04:59:00.000Z', 'America/New_York')).toBe('23:59');
  });
});
