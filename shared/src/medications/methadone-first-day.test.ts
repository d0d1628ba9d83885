import { describe, expect, it } from 'vitest';
import type { PriorAdministration } from './administration-context.js';
import type { UnitProtocol } from './protocol.js';
import { checkAdministration } from './rules.js';
import {
  codes,
  contextFor,
  given,
  local,
  minutesBefore,
  only,
  protocolWith,
} from '../../test-support/medication-context.js';

function methadone(doseMg: number, givenAt: string, earlier: PriorAdministration[] = [], protocol?: UnitProtocol) {
  return checkAdministration(
    contextFor({
      proposed: { drug: 'methadone', doseMg, givenAt },
      recentAdministrations: earlier,
      ...(protocol ? { protocol } : {}),
    }),
  );
}

const EIGHT = local('2026-06-10T08:00');

describe('methadone first dose (docs/clinical.md §6.1, pre-2024 42 CFR 8.12)', () => {
  it('30 mg passes; 31 mg needs a documented reason', () => {
    expect(methadone(30, EIGHT)).toEqual([]);
    const warning = only(methadone(31, EIGHT), 'methadone-first-dose-above-limit');
    expect(warning).toMatchObject({ severity: 'danger', requiresOverride: true, hardStop: false });
    expect(warning.message).toBe(
      "A first methadone dose of 31 mg is above the unit's first-dose limit of 30 mg; give at most 30 mg, or document why more is clinically indicated",
    );
  });

  it('a held earlier dose leaves this one the first', () => {
    expect(codes(methadone(35, EIGHT, [given('methadone', 20, minutesBefore(EIGHT, 60), 'held')]))).toEqual([
      'methadone-first-dose-above-limit',
    ]);
  });

  it('without a first-dose limit (the 2024 rule, docs/clinical.md §0.1) only the first-day total applies', () => {
    const protocol = protocolWith((p) => {
      p.methadoneFirstDay = { firstDayTotalMaxMg: 50 };
    });
    expect(methadone(45, EIGHT, [], protocol)).toEqual([]);
    expect(codes(methadone(51, EIGHT, [], protocol))).toEqual(['methadone-first-day-above-limit']);
  });
});

describe('methadone first-day total: the 24 h from the first dose', () => {
  it('40 mg passes; 41 mg needs a reason and says how much is left', () => {
    const first = [given('methadone', 30, EIGHT)];
    expect(methadone(10, local('2026-06-10T10:00'), first)).toEqual([]);
    const warning = only(methadone(11, local('2026-06-10T10:00'), first), 'methadone-first-day-above-limit');
    expect(warning).toMatchObject({ severity: 'danger', requiresOverride: true });
    expect(warning.message).toBe(
      "Methadone 41 mg in the first 24 h would exceed the unit's first-day limit of 40 mg (given 30 mg since the first dose at 08:00); give at most 10 mg, or document why more is clinically indicated",
    );
  });

  it('when the limit is reached, says when day 2 starts', () => {
    const earlier = [given('methadone', 30, EIGHT), given('methadone', 10, local('2026-06-10T10:00'))];
    expect(only(methadone(5, local('2026-06-10T20:00'), earlier), 'methadone-first-day-above-limit').message).toContain(
      'give no more before 08:00 on 11 Jun',
    );
  });

  it('a dose exactly 24 h after the first belongs to day 2; one a minute earlier to day 1', () => {
    const earlier = [given('methadone', 30, EIGHT), given('methadone', 10, local('2026-06-10T10:00'))];
    expect(methadone(30, local('2026-06-11T08:00'), earlier)).toEqual([]);
    expect(codes(methadone(30, local('2026-06-11T07:59'), earlier))).toEqual(['methadone-first-day-above-limit']);
  });

  it('day 1 is 24 real hours across the DST fall back: from 00:30 EDT it ends at 23:30 EST', () => {
    const earlier = [given('methadone', 30, local('2026-11-01T00:30'))];
    expect(codes(methadone(20, local('2026-11-01T23:29'), earlier))).toEqual(['methadone-first-day-above-limit']);
    expect(methadone(20, local('2026-11-01T23:30'), earlier)).toEqual([]);
  });

  it('a first dose charted late counts the doses charted after it', () => {
    const later = [given('methadone', 30, local('2026-06-10T10:00'))];
    expect(codes(methadone(20, EIGHT, later))).toEqual(['methadone-first-day-above-limit']);
  });

  it('allows the unit to raise the first-day limit to 50 mg', () => {
    const protocol = protocolWith((p) => {
      p.methadoneFirstDay.firstDayTotalMaxMg = 50;
    });
    const first = [given('methadone', 30, EIGHT)];
    expect(methadone(20, local('2026-06-10T10:00'), first, protocol)).toEqual([]);
    expect(codes(methadone(21, local('2026-06-10T10:00'), first, protocol))).toEqual([
      'methadone-first-day-above-limit',
    ]);
  });
});
