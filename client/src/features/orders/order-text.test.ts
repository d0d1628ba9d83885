import { describe, expect, it } from 'vitest';
import { dosesWithinOrder, holdText, minutesText, orderTerms, orderTitle } from './order-text.js';

describe('order words', () => {
  it('titles an order as written on a MAR', () => {
    expect(orderTitle({ drug: 'clonidine', doseMg: 0.1, doseMaxMg: null, route: 'PO', kind: 'prn' })).toBe(
      'Clonidine 0.1 mg PO PRN',
    );
    expect(orderTitle({ drug: 'loperamide', doseMg: 2, doseMaxMg: 4, route: 'PO', kind: 'prn' })).toBe(
      'Loperamide 2–4 mg PO PRN',
    );
  });

  it('lists the terms of a PRN with a trigger, limits and holds', () => {
    expect(
      orderTerms({
        drug: 'clonidine',
        doseMg: 0.1,
        doseMaxMg: null,
        route: 'PO',
        kind: 'prn',
        trigger: { instrument: 'COWS', minTotal: 8 },
        minIntervalMinutes: 240,
        maxPer24hMg: 0.8,
        hold: { systolicBelowMmHg: 90, heartRateBelowBpm: 60 },
      }),
    ).toEqual(['when COWS ≥ 8', 'at most every 4 h', 'max 0.8 mg in 24 h', 'hold if SBP < 90, HR < 60']);
  });

  it('says a schedule by interval or by times of day', () => {
    expect(
      orderTerms({ drug: 'methadone', doseMg: 10, doseMaxMg: null, route: 'PO', kind: 'scheduled', everyHours: 12 }),
    ).toEqual(['every 12 h']);
    expect(
      orderTerms({
        drug: 'lofexidine',
        doseMg: 0.54,
        doseMaxMg: null,
        route: 'PO',
        kind: 'scheduled',
        timesOfDay: ['06:00', '12:00'],
      }),
    ).toEqual(['at 06:00, 12:00']);
  });

  it('writes minutes as hours and minutes', () => {
    expect(minutesText(45)).toBe('45 min');
    expect(minutesText(60)).toBe('1 h');
    expect(minutesText(90)).toBe('1 h 30 min');
  });

  it('has no hold text without hold parameters', () => {
    expect(holdText(null)).toBeNull();
    expect(holdText({})).toBeNull();
  });

  it('offers the doses within a range, ending at its top', () => {
    expect(dosesWithinOrder({ doseMg: 0.1, doseMaxMg: null })).toEqual([0.1]);
    expect(dosesWithinOrder({ doseMg: 2, doseMaxMg: 4 })).toEqual([2, 4]);
    expect(dosesWithinOrder({ doseMg: 400, doseMaxMg: 600 })).toEqual([400, 600]);
    expect(dosesWithinOrder({ doseMg: 5, doseMaxMg: 10 })).toEqual([5, 10]);
    expect(dosesWithinOrder({ doseMg: 25, doseMaxMg: 100 })).toEqual([25, 50, 75, 100]);
  });
});
