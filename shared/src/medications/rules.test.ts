import { describe, expect, it } from 'vitest';
import { hasHardStop, needsOverride } from './warning.js';
import { checkAdministration } from './rules.js';
import { codes, contextFor, given, local, minutesBefore, NOON } from '../../test-support/medication-context.js';

describe('checkAdministration', () => {
  it('returns nothing for a routine dose within protocol', () => {
    expect(checkAdministration(contextFor({ proposed: { drug: 'acetaminophen', doseMg: 1000 } }))).toEqual([]);
  });

  it.each(['held', 'refused'] as const)(
    'returns nothing for a %s dose, even an implausible one: nothing is given',
    (status) => {
      const recent = [given('loperamide', 16, minutesBefore(NOON, 30))];
      expect(
        checkAdministration(
          contextFor({ proposed: { drug: 'loperamide', doseMg: 40, status }, recentAdministrations: recent }),
        ),
      ).toEqual([]);
      expect(checkAdministration(contextFor({ proposed: { drug: 'clonidine', doseMg: 0.1, status } }))).toEqual([]);
    },
  );

  it('an implausible dose returns only its hard stop', () => {
    const warnings = checkAdministration(contextFor({ proposed: { drug: 'clonidine', doseMg: 1 } }));
    expect(codes(warnings)).toEqual(['implausible-dose']);
    expect(hasHardStop(warnings)).toBe(true);
    expect(needsOverride(warnings)).toBe(false);
  });

  it('lists the most serious warnings first', () => {
    const warnings = checkAdministration(
      contextFor({
        proposed: { drug: 'clonidine', doseMg: 0.2 },
        recentAdministrations: [given('clonidine', 0.2, minutesBefore(NOON, 30))],
        latestVitals: { takenAt: minutesBefore(NOON, 90), systolic: 85, diastolic: 70, heartRate: 70 },
      }),
    );
    expect(warnings.map((w) => w.severity)).toEqual(['danger', 'warning', 'warning']);
    expect(codes(warnings)).toEqual(['hold-low-systolic', 'below-min-interval', 'hold-vitals-not-recent']);
    expect(needsOverride(warnings)).toBe(true);
    expect(hasHardStop(warnings)).toBe(false);
  });

  it('writes times in the unit time zone, or in the offset of the dose time when none is given', () => {
    const recent = [given('ondansetron', 4, '2026-06-10T15:00:00Z')];
    const proposed = { drug: 'ondansetron' as const, givenAt: '2026-06-10T16:00:00Z' };
    const inUnit = checkAdministration(contextFor({ proposed, recentAdministrations: recent }));
    expect(inUnit[0]?.message).toContain('last given at 11:00');
    const inOffset = checkAdministration(contextFor({ proposed, recentAdministrations: recent, timeZone: undefined }));
    expect(inOffset[0]?.message).toContain('last given at 15:00');
  });

  it('refuses a time without an offset rather than guessing the zone', () => {
    expect(() => checkAdministration(contextFor({ proposed: { givenAt: '2026-06-10T12:00' } }))).toThrow(RangeError);
    expect(() =>
      checkAdministration(contextFor({ proposed: { drug: 'naltrexone', doseMg: 50, givenAt: 'noon' } })),
    ).toThrow(/proposed\.givenAt must be an ISO-8601 time with an offset/);
    expect(() =>
      checkAdministration(contextFor({ recentAdministrations: [given('ondansetron', 4, 'yesterday')] })),
    ).toThrow(/recentAdministrations\[0\]\.givenAt must be an ISO-8601 time with an offset/);
  });

  it('refuses an unknown time zone', () => {
    const recent = [given('ondansetron', 4, local('2026-06-10T11:00'))];
    expect(() => checkAdministration(contextFor({ recentAdministrations: recent, timeZone: 'Mars/Olympus' }))).toThrow(
      RangeError,
    );
  });
});
