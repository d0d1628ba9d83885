import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { DrugId } from './catalogue.js';
import { DEFAULT_UNIT_PROTOCOL } from './protocol.js';
import { checkAdministration } from './rules.js';
import {
  codes,
  contextFor,
  given,
  hoursBefore,
  local,
  minutesBefore,
  only,
  protocolWith,
} from '../../test-support/medication-context.js';

/** Four 4 mg loperamide doses (16 mg) from 14:05, then a proposed dose. */
function loperamide(doseMg: number, givenAt: string, since = local('2026-06-10T14:05')) {
  const earlier = [0, 2, 4, 6].map((h) =>
    given('loperamide', 4, DateTime.fromISO(since).plus({ hours: h }).toISO() ?? ''),
  );
  return checkAdministration(
    contextFor({ proposed: { drug: 'loperamide', doseMg, givenAt }, recentAdministrations: earlier }),
  );
}

describe('rolling 24 h maximum: loperamide 16 mg (docs/clinical.md §6.5)', () => {
  it('exactly 16 mg in 24 h needs no reason, and says when the next dose may be given', () => {
    const earlier = [
      given('loperamide', 4, local('2026-06-10T14:05')),
      given('loperamide', 4, local('2026-06-10T16:05')),
      given('loperamide', 4, local('2026-06-10T18:05')),
    ];
    const warnings = checkAdministration(
      contextFor({
        proposed: { drug: 'loperamide', doseMg: 4, givenAt: local('2026-06-10T21:00') },
        recentAdministrations: earlier,
      }),
    );
    expect(warnings.some((w) => w.requiresOverride)).toBe(false);
    expect(only(warnings, 'reaches-24h-max').message).toBe(
      'Loperamide 16 mg in 24 h reaches the unit maximum of 16 mg; no more loperamide until 14:05 on 11 Jun.',
    );
  });

  it('18 mg in 24 h is refused outright (a hard stop no reason overrides), and says what was given since when', () => {
    const warning = only(loperamide(2, local('2026-06-10T21:00')), 'above-24h-max');
    expect(warning).toMatchObject({ severity: 'danger', requiresOverride: false, hardStop: true });
    expect(warning.message).toBe(
      'Loperamide 18 mg in 24 h would exceed the unit maximum of 16 mg (given 16 mg since 14:05); hold until 14:05 on 11 Jun; this maximum is a hard stop. High doses of loperamide can cause QT prolongation, ventricular arrhythmia and cardiac arrest.',
    );
  });

  it('a unit that turns the hard stop off gets a warning that needs a documented reason instead', () => {
    const protocol = protocolWith((p) => {
      p.drugs.loperamide.maxPer24hIsHardStop = false;
    });
    const earlier = [0, 2, 4, 6].map((h) =>
      given('loperamide', 4, DateTime.fromISO(local('2026-06-10T14:05')).plus({ hours: h }).toISO() ?? ''),
    );
    const warnings = checkAdministration(
      contextFor({
        proposed: { drug: 'loperamide', doseMg: 2, givenAt: local('2026-06-10T21:00') },
        recentAdministrations: earlier,
        protocol,
      }),
    );
    expect(only(warnings, 'above-24h-max')).toMatchObject({ requiresOverride: true, hardStop: false });
  });

  it('a single dose above the 24 h maximum says so', () => {
    const protocol = protocolWith((p) => {
      p.drugs.loperamide.maxPer24hMg = 6;
    });
    const warnings = checkAdministration(contextFor({ proposed: { drug: 'loperamide', doseMg: 8 }, protocol }));
    expect(only(warnings, 'above-24h-max').message).toMatch(
      /^Loperamide 8 mg in one dose would exceed the unit maximum of 6 mg in 24 h; give at most 6 mg/,
    );
  });

  it('the window excludes a dose given exactly 24 h earlier and includes one 24 h minus a minute earlier', () => {
    const at = local('2026-06-11T14:05');
    expect(codes(loperamide(2, at))).not.toContain('above-24h-max');
    expect(codes(loperamide(2, minutesBefore(at, 1)))).toContain('above-24h-max');
  });

  it('crosses midnight: doses at 20:00 and 23:30 count against one at 00:30', () => {
    const earlier = [
      given('loperamide', 4, local('2026-06-10T20:00')),
      given('loperamide', 4, local('2026-06-10T21:00')),
      given('loperamide', 4, local('2026-06-10T22:00')),
      given('loperamide', 4, local('2026-06-10T23:30')),
    ];
    const warnings = checkAdministration(
      contextFor({
        proposed: { drug: 'loperamide', doseMg: 2, givenAt: local('2026-06-11T00:30') },
        recentAdministrations: earlier,
      }),
    );
    expect(only(warnings, 'above-24h-max').message).toContain(
      '(given 16 mg since 20:00 on 10 Jun); hold until 20:00; this maximum is a hard stop.',
    );
  });

  it('DST fall back (2026-11-01): 24 real hours after 14:05 EDT is 13:05 EST, not 14:05', () => {
    const since = local('2026-10-31T14:05');
    const justInside = local('2026-11-01T13:04');
    const atBoundary = local('2026-11-01T13:05');
    expect(DateTime.fromISO(atBoundary).diff(DateTime.fromISO(since), 'hours').hours).toBe(24);
    // On the wall clock only 23 h separate 14:05 and 13:05 the next day, yet the dose has left the window.
    expect(codes(loperamide(2, justInside, since))).toContain('above-24h-max');
    expect(codes(loperamide(2, atBoundary, since))).not.toContain('above-24h-max');
    expect(codes(loperamide(2, local('2026-11-01T14:00'), since))).not.toContain('above-24h-max');
  });

  it('DST spring forward (2026-03-08): 24 real hours after 14:05 EST is 15:05 EDT', () => {
    const since = local('2026-03-07T14:05');
    const atBoundary = local('2026-03-08T15:05');
    expect(DateTime.fromISO(atBoundary).diff(DateTime.fromISO(since), 'hours').hours).toBe(24);
    // On the wall clock 25 h separate 14:05 and 15:04 the next day, yet the dose is still in the window.
    expect(codes(loperamide(2, local('2026-03-08T15:04'), since))).toContain('above-24h-max');
    expect(codes(loperamide(2, local('2026-03-08T14:30'), since))).toContain('above-24h-max');
    expect(codes(loperamide(2, atBoundary, since))).not.toContain('above-24h-max');
  });

  it('held and refused doses do not count toward the total', () => {
    const earlier = [
      given('loperamide', 4, local('2026-06-10T08:00'), 'held'),
      given('loperamide', 4, local('2026-06-10T09:00'), 'refused'),
      given('loperamide', 4, local('2026-06-10T10:00')),
    ];
    const warnings = checkAdministration(
      contextFor({ proposed: { drug: 'loperamide', doseMg: 4 }, recentAdministrations: earlier }),
    );
    expect(warnings).toEqual([]);
  });

  it('a dose charted late counts against doses charted after it', () => {
    const later = [0, 1, 2, 3].map((h) => given('loperamide', 4, local(`2026-06-10T1${4 + h}:00`)));
    const warnings = checkAdministration(
      contextFor({
        proposed: { drug: 'loperamide', doseMg: 2, givenAt: local('2026-06-10T09:00') },
        recentAdministrations: later,
      }),
    );
    expect(only(warnings, 'above-24h-max').message).toMatch(
      /^Loperamide 18 mg in the 24 h to 17:00 would exceed the unit maximum of 16 mg \(16 mg is charted from 14:00 to 17:00\); check the times; this maximum is a hard stop/,
    );
  });
});

describe('rolling 24 h maximum for every drug with one', () => {
  const drugsWithMax = (Object.keys(DEFAULT_UNIT_PROTOCOL.drugs) as DrugId[]).filter(
    (d) => DEFAULT_UNIT_PROTOCOL.drugs[d].maxPer24hMg !== undefined,
  );

  it('covers the comfort medications of docs/clinical.md §6.7 and the alpha-2 agonists', () => {
    expect(drugsWithMax.sort()).toEqual(
      [
        'acetaminophen',
        'clonidine',
        'dicyclomine',
        'hydroxyzine',
        'ibuprofen',
        'lofexidine',
        'loperamide',
        'methocarbamol',
        'ondansetron',
        'trazodone',
      ].sort(),
    );
  });

  it.each(drugsWithMax)('%s: reaching the maximum needs no reason; 1 mg more does', (drug) => {
    const limits = DEFAULT_UNIT_PROTOCOL.drugs[drug];
    const maxMg = limits.maxPer24hMg ?? 0;
    const doseMg = Math.min(limits.maxSingleDoseMg ?? maxMg, maxMg);
    const earlierAt = hoursBefore(local('2026-06-10T12:00'), 12);
    const run = (earlierMg: number) =>
      codes(
        checkAdministration(
          contextFor({
            proposed: { drug, doseMg },
            recentAdministrations: earlierMg > 0 ? [given(drug, earlierMg, earlierAt)] : [],
          }),
        ),
      );
    expect(run(maxMg - doseMg)).not.toContain('above-24h-max');
    expect(run(maxMg - doseMg + 1)).toContain('above-24h-max');
  });

  it('sums tenths of a milligram exactly: twelve 0.1 mg clonidine doses are 1.2 mg, not 1.2000000000000002', () => {
    const earlier = Array.from({ length: 11 }, (_, i) =>
      given('clonidine', 0.1, hoursBefore(local('2026-06-10T12:00'), 11 - i + 0.5)),
    );
    const admission = {
      substances: [{ code: 'heroin' as const }],
      lastUseAt: hoursBefore(local('2026-06-10T12:00'), 48),
      weightKg: 95,
    };
    const run = (doseMg: number) =>
      codes(
        checkAdministration(
          contextFor({ proposed: { drug: 'clonidine', doseMg }, recentAdministrations: earlier, admission }),
        ),
      );
    expect(run(0.1)).not.toContain('above-24h-max');
    expect(run(0.1)).toContain('reaches-24h-max');
    expect(run(0.2)).toContain('above-24h-max');
  });

  it('buprenorphine and buprenorphine-naloxone count together when a unit sets a maximum', () => {
    const protocol = protocolWith((p) => {
      p.drugs['buprenorphine-naloxone'].maxPer24hMg = 16;
    });
    const earlier = [
      given('buprenorphine', 8, local('2026-06-10T08:00')),
      given('buprenorphine', 4, local('2026-06-10T10:00')),
    ];
    const warnings = checkAdministration(
      contextFor({ proposed: { drug: 'buprenorphine-naloxone', doseMg: 8 }, recentAdministrations: earlier, protocol }),
    );
    expect(only(warnings, 'above-24h-max').message).toMatch(/^Buprenorphine-naloxone 20 mg in 24 h/);
  });
});

describe('loperamide: warning from 12 mg in 24 h (docs/clinical.md §6.5)', () => {
  const earlier = (mg: number) => (mg > 0 ? [given('loperamide', mg, local('2026-06-10T08:00'))] : []);
  const run = (earlierMg: number, doseMg: number) =>
    checkAdministration(
      contextFor({ proposed: { drug: 'loperamide', doseMg }, recentAdministrations: earlier(earlierMg) }),
    );

  it('11.9 mg: nothing; exactly 12 mg: a warning that needs no reason; 12.1 mg: the warning too', () => {
    expect(run(9.9, 2)).toEqual([]);
    const warning = only(run(10, 2), 'approaching-24h-max');
    expect(warning).toMatchObject({ severity: 'warning', requiresOverride: false, hardStop: false });
    expect(warning.message).toBe(
      'Loperamide 12 mg in 24 h with this dose: near the unit maximum of 16 mg (warning from 12 mg); 4 mg more at most before 08:00 on 11 Jun. High doses of loperamide can cause QT prolongation, ventricular arrhythmia and cardiac arrest.',
    );
    expect(codes(run(10.1, 2))).toEqual(['approaching-24h-max']);
  });

  it('16 mg reaches the maximum (information); 16.1 mg is a hard stop', () => {
    expect(codes(run(14, 2))).toEqual(['reaches-24h-max']);
    expect(only(run(14.1, 2), 'above-24h-max')).toMatchObject({ hardStop: true });
  });
});

describe('clonidine: 0.8 mg in 24 h, 1.2 mg from 90 kg (docs/clinical.md §6.3)', () => {
  const earlier = Array.from({ length: 7 }, (_, i) =>
    given('clonidine', 0.1, hoursBefore(local('2026-06-10T12:00'), 8 - i)),
  );
  const run = (weightKg: number | undefined, doseMg = 0.2) =>
    codes(
      checkAdministration(
        contextFor({
          proposed: { drug: 'clonidine', doseMg },
          recentAdministrations: earlier,
          admission: {
            substances: [{ code: 'heroin' }],
            lastUseAt: hoursBefore(local('2026-06-10T12:00'), 48),
            weightKg,
          },
          latestVitals: {
            takenAt: minutesBefore(local('2026-06-10T12:00'), 10),
            systolic: 120,
            diastolic: 80,
            heartRate: 80,
          },
        }),
      ),
    );

  it('0.7 mg given: 0.1 mg more reaches 0.8 mg; 0.2 mg more exceeds it for a patient under 90 kg or of unknown weight', () => {
    expect(run(80, 0.1)).toEqual(['reaches-24h-max']);
    expect(run(89.9)).toEqual(['above-24h-max']);
    expect(run(undefined)).toEqual(['above-24h-max']);
  });

  it('90 kg exactly and above: the 1.2 mg maximum applies', () => {
    expect(run(90)).toEqual([]);
    expect(run(90.1)).toEqual([]);
    expect(run(90, 0.3)).toEqual([]);
  });

  it("an order's own maximum is not raised by weight", () => {
    const warnings = checkAdministration(
      contextFor({
        proposed: { drug: 'clonidine', doseMg: 0.2 },
        recentAdministrations: earlier,
        admission: {
          substances: [{ code: 'heroin' }],
          lastUseAt: hoursBefore(local('2026-06-10T12:00'), 48),
          weightKg: 120,
        },
        latestVitals: {
          takenAt: minutesBefore(local('2026-06-10T12:00'), 10),
          systolic: 120,
          diastolic: 80,
          heartRate: 80,
        },
        limitsFrom: 'order',
      }),
    );
    expect(codes(warnings)).toEqual(['above-24h-max']);
  });
});
