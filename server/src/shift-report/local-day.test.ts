import { dayOfStay } from '@detox/shared';
import { describe, expect, it } from 'vitest';
import { localDayNumber, localDayOfStay } from './local-day.js';

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
