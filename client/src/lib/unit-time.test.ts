import { describe, expect, it } from 'vitest';
import { formatHours, formatUnitTime, fromLocalInputValue, hoursSince, toLocalInputValue } from './unit-time.js';

const ZONE = 'America/New_York';

describe('unit time', () => {
  it('shows an instant on the unit’s clock, whatever the device', () => {
    expect(formatUnitTime('2026-12-02T13:48:00Z', ZONE)).toBe('02 Dec 08:48');
  });

  it('round-trips a local value through an instant with its offset, across the DST change', () => {
    expect(fromLocalInputValue('2026-12-02T08:48', ZONE)).toBe('2026-12-02T08:48:00-05:00');
    expect(fromLocalInputValue('2026-07-02T08:48', ZONE)).toBe('2026-07-02T08:48:00-04:00');
    expect(toLocalInputValue('2026-12-02T13:48:00Z', ZONE)).toBe('2026-12-02T08:48');
    expect(fromLocalInputValue('2026-12-02T', ZONE)).toBeNull();
    expect(fromLocalInputValue('', ZONE)).toBeNull();
  });

  it('counts hours since an instant', () => {
    expect(hoursSince('2026-12-02T00:00:00Z', Date.parse('2026-12-02T06:30:00Z'))).toBe(6.5);
  });

  it('writes hours as hours below 48 and as days and hours from 48', () => {
    expect(formatHours(47.9)).toBe('47 h');
    expect(formatHours(48)).toBe('2 d 0 h');
    expect(formatHours(49.5)).toBe('2 d 1 h');
  });
});
