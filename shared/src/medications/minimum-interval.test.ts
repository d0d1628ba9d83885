import { describe, expect, it } from 'vitest';
import type { PriorAdministration, ProposedAdministration } from './administration-context.js';
import { checkAdministration } from './rules.js';
import { codes, contextFor, given, local, minutesBefore, NOON, only } from '../../test-support/medication-context.js';

function check(proposed: Partial<ProposedAdministration>, earlier: PriorAdministration[]) {
  return checkAdministration(contextFor({ proposed, recentAdministrations: earlier }));
}

describe('minimum interval between doses', () => {
  it('ondansetron 4 h after the last dose is on time; 3 h 59 min needs a reason (q4-8h, docs/clinical.md §6.7)', () => {
    expect(check({ drug: 'ondansetron' }, [given('ondansetron', 4, minutesBefore(NOON, 240))])).toEqual([]);
    const warning = only(
      check({ drug: 'ondansetron' }, [given('ondansetron', 4, minutesBefore(NOON, 239))]),
      'below-min-interval',
    );
    expect(warning).toMatchObject({ severity: 'warning', requiresOverride: true, hardStop: false });
    expect(warning.message).toBe(
      "Ondansetron was last given at 08:01 (3 h 59 min before this dose); the unit's minimum interval is 4 h, so the next dose is due from 12:01; hold until then, or document why",
    );
  });

  it('counts real elapsed time across the DST fall back: 01:30 EDT to 01:30 EST is 1 h', () => {
    const first = '2026-11-01T01:30:00-04:00';
    const second = '2026-11-01T01:30:00-05:00';
    const warning = only(
      check({ drug: 'ondansetron', givenAt: second }, [given('ondansetron', 4, first)]),
      'below-min-interval',
    );
    expect(warning.message).toContain('(1 h before this dose)');
  });

  it('counts real elapsed time across the DST spring forward: 01:30 EST to 04:30 EDT is 2 h', () => {
    const warnings = check({ drug: 'ondansetron', givenAt: local('2026-03-08T04:30') }, [
      given('ondansetron', 4, local('2026-03-08T01:30')),
    ]);
    expect(only(warnings, 'below-min-interval').message).toContain('(2 h before this dose)');
  });

  it('crosses midnight', () => {
    const warnings = check({ drug: 'hydroxyzine', doseMg: 25, givenAt: local('2026-06-11T01:00') }, [
      given('hydroxyzine', 25, local('2026-06-10T22:00')),
    ]);
    expect(only(warnings, 'below-min-interval').message).toContain('last given at 22:00 on 10 Jun');
  });

  it('flags a dose charted at the same minute as a possible double charting', () => {
    const warnings = check({ drug: 'ondansetron' }, [given('ondansetron', 4, NOON)]);
    expect(only(warnings, 'below-min-interval').message).toBe(
      'Ondansetron is already charted as given at 12:00; check this is not the same dose charted twice, or document why',
    );
  });

  it('checks a dose charted later than this one (late charting)', () => {
    const warnings = check({ drug: 'ondansetron' }, [given('ondansetron', 4, local('2026-06-10T13:00'))]);
    expect(only(warnings, 'below-min-interval').message).toMatch(
      /^Ondansetron is already charted as given at 13:00, 1 h after this dose, within the unit's minimum interval of 4 h/,
    );
    expect(check({ drug: 'ondansetron' }, [given('ondansetron', 4, local('2026-06-10T16:00'))])).toEqual([]);
  });

  it('ignores held and refused doses: nothing was given', () => {
    expect(
      check({ drug: 'ondansetron' }, [
        given('ondansetron', 4, local('2026-06-10T11:00'), 'held'),
        given('ondansetron', 4, local('2026-06-10T11:30'), 'refused'),
      ]),
    ).toEqual([]);
  });

  it('ignores other drugs', () => {
    expect(check({ drug: 'ondansetron' }, [given('ibuprofen', 400, local('2026-06-10T11:00'))])).toEqual([]);
  });

  it('has no interval for loperamide, which follows each unformed stool (docs/clinical.md §6.5)', () => {
    expect(
      codes(check({ drug: 'loperamide', doseMg: 2 }, [given('loperamide', 2, local('2026-06-10T11:30'))])),
    ).toEqual([]);
  });

  it('treats buprenorphine and buprenorphine-naloxone as one drug', () => {
    const warnings = check({ drug: 'buprenorphine-naloxone', doseMg: 4 }, [
      given('buprenorphine', 4, local('2026-06-10T11:30')),
    ]);
    expect(only(warnings, 'below-min-interval').message).toMatch(
      /^Buprenorphine was last given at 11:30 \(30 min before this dose\)/,
    );
  });

  it('methadone: a further dose 2 h after the first is on time (docs/clinical.md §6.1)', () => {
    expect(
      codes(check({ drug: 'methadone', doseMg: 10 }, [given('methadone', 20, local('2026-06-10T10:00'))])),
    ).toEqual([]);
    expect(
      codes(check({ drug: 'methadone', doseMg: 10 }, [given('methadone', 20, local('2026-06-10T10:01'))])),
    ).toEqual(['below-min-interval']);
  });
});
