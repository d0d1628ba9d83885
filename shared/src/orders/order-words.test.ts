import { describe, expect, it } from 'vitest';
import { orderTerms, prnCriteriaText, scheduleText } from './order-words.js';

describe('order words for reports and the paper MAR', () => {
  it('says when a scheduled or once order is given, and nothing for a PRN', () => {
    expect(scheduleText({ kind: 'scheduled', everyHours: 6 })).toBe('every 6 h');
    expect(scheduleText({ kind: 'scheduled', everyHours: 1.5 })).toBe('every 1 h 30 min');
    expect(scheduleText({ kind: 'scheduled', timesOfDay: ['08:00', '20:00'] })).toBe('at 08:00, 20:00');
    expect(scheduleText({ kind: 'once' })).toBe('once');
    expect(scheduleText({ kind: 'prn' })).toBeNull();
  });

  it('says what a PRN is given for: the score trigger, the indication, or both', () => {
    expect(prnCriteriaText({ kind: 'prn', trigger: { instrument: 'COWS', minTotal: 8 }, indication: 'sweating' })).toBe(
      'when COWS ≥ 8; for sweating',
    );
    expect(prnCriteriaText({ kind: 'prn', indication: 'nausea' })).toBe('for nausea');
    expect(prnCriteriaText({ kind: 'prn', trigger: { instrument: 'COWS', minTotal: 8 } })).toBe('when COWS ≥ 8');
    expect(prnCriteriaText({ kind: 'prn' })).toBeNull();
  });

  it('keeps "once" out of the terms: the title already says it', () => {
    expect(orderTerms({ drug: 'buprenorphine', doseMg: 4, route: 'SL', kind: 'once', maxPer24hMg: 8 })).toEqual([
      'max 8 mg in 24 h',
    ]);
  });
});
