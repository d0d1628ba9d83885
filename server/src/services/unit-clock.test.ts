import { describe, expect, it } from 'vitest';
import { unitClock } from './unit-clock.js';

describe('unitClock: the board’s clock span, kept per zone while it holds', () => {
  it('answers from the kept span inside it, and finds the next one once the offset has changed', () => {
    const winter = unitClock('America/Chicago', new Date('2026-12-02T12:00:00Z'));
    expect(winter).toEqual({
      offsetMinutes: -360,
      since: '2026-11-01T07:00:00.000Z',
      until: '2027-03-14T08:00:00.000Z',
    });
    // An hour later, the same span (kept, not searched again).
    expect(unitClock('America/Chicago', new Date('2026-12-02T13:00:00Z'))).toBe(winter);
    // At the change (exclusive end), the summer span.
    const summer = unitClock('America/Chicago', new Date('2027-03-14T08:00:00Z'));
    expect(summer.offsetMinutes).toBe(-300);
    expect(summer.since).toBe('2027-03-14T08:00:00.000Z');
    // One minute before the change is still winter, searched again (the kept span is summer's now).
    expect(unitClock('America/Chicago', new Date('2027-03-14T07:59:00Z')).offsetMinutes).toBe(-360);
  });

  it('searches again after a day even inside the span (a zone’s rules can change by law)', () => {
    const first = unitClock('Asia/Kolkata', new Date('2026-12-02T12:00:00Z'));
    expect(unitClock('Asia/Kolkata', new Date('2026-12-03T11:59:00Z'))).toBe(first);
    const dayLater = unitClock('Asia/Kolkata', new Date('2026-12-03T12:00:00Z'));
    expect(dayLater).not.toBe(first);
    expect(dayLater.offsetMinutes).toBe(330);
  });
});
