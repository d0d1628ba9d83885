import { describe, expect, it } from 'vitest';
import { codes, contextFor, given, local, only } from '../../test-support/medication-context.js';
import { checkDoseAgainstOrder } from './order-check.js';
import { clonidinePrn, cows } from '../../test-support/orders.js';

/** A dose charted against its order: the unit's rules, then the order's (stricter wins). */

const AT = local('2026-06-10T14:00');
const vitals = { takenAt: local('2026-06-10T13:50'), systolic: 120, diastolic: 78, heartRate: 88 };
const scores = [cows(12, local('2026-06-10T13:50'))];

function check(doseMg: number, overrides: Parameters<typeof contextFor>[0] = {}, order = clonidinePrn()) {
  const ctx = contextFor({
    proposed: { drug: 'clonidine', doseMg, givenAt: AT, ...overrides.proposed },
    latestVitals: vitals,
    ...overrides,
    ...(overrides.proposed ? {} : {}),
  });
  return checkDoseAgainstOrder({ ...ctx, proposed: { ...ctx.proposed, ...overrides.proposed } }, order, scores);
}

describe('the dose against the order', () => {
  it('the ordered dose passes; above it needs a reason; a range allows its top', () => {
    expect(check(0.1)).toEqual([]);
    expect(only(check(0.2), 'above-order-dose')).toMatchObject({
      requiresOverride: true,
      message: 'Clonidine 0.2 mg is above the ordered dose of 0.1 mg; give the ordered dose, or document why',
    });
    expect(check(0.2, {}, clonidinePrn({ doseMaxMg: 0.2 }))).toEqual([]);
    expect(codes(check(0.05))).toEqual(['below-order-dose']);
  });

  it('another route is refused outright', () => {
    const w = check(0.1, { proposed: { route: 'IV' } });
    expect(w.some((x) => x.hardStop && x.code === 'order-route-differs')).toBe(true);
  });

  it('held and refused doses meet no dose checks', () => {
    expect(check(0.2, { proposed: { status: 'held' } })).toEqual([]);
  });

  it("the order's interval is stricter than the unit's and is named as the order's", () => {
    const w = check(0.1, { recentAdministrations: [given('clonidine', 0.1, local('2026-06-10T11:00'))] });
    expect(only(w, 'below-min-interval').message).toMatch(
      /the order's minimum interval is 4 h, so the next dose is due from 15:00/,
    );
  });

  it("the unit's limit is kept when it is the stricter: unit 0.8 mg a day, order 1.0 mg", () => {
    const earlier = [8, 7, 6, 5, 4, 3, 2].map((h) => given('clonidine', 0.1, local(`2026-06-10T0${h}:00`)));
    const w = check(
      0.2,
      { recentAdministrations: earlier },
      clonidinePrn({ maxPer24hMg: 1.0, minIntervalMinutes: 60, doseMaxMg: 0.2 }),
    );
    expect(only(w, 'above-24h-max').message).toMatch(/the unit maximum of 0\.8 mg/);
  });

  it("the order's 24 h maximum when stricter", () => {
    const earlier = [
      given('clonidine', 0.1, local('2026-06-10T06:00')),
      given('clonidine', 0.1, local('2026-06-10T09:00')),
    ];
    const w = check(
      0.1,
      { recentAdministrations: earlier },
      clonidinePrn({ maxPer24hMg: 0.2, minIntervalMinutes: 60 }),
    );
    expect(only(w, 'above-24h-max').message).toMatch(/would exceed the order's maximum of 0\.2 mg/);
  });

  it('a PRN given without its trigger needs a reason', () => {
    const w = checkDoseAgainstOrder(
      contextFor({ proposed: { drug: 'clonidine', doseMg: 0.1, givenAt: AT }, latestVitals: vitals }),
      clonidinePrn(),
      [cows(7, local('2026-06-10T13:50'))],
    );
    expect(only(w, 'prn-trigger-not-met').message).toBe(
      'The order gives clonidine when COWS ≥ 8: COWS 7 < 8 at 13:50; rescore first, or document why',
    );
  });

  it("the order's hold at SBP < 95 is kept over the unit's 90 when both are broken", () => {
    const ctx = contextFor({
      proposed: { drug: 'clonidine', doseMg: 0.1, givenAt: AT },
      latestVitals: { ...vitals, systolic: 85 },
    });
    const w = checkDoseAgainstOrder(ctx, clonidinePrn({ hold: { systolicBelowMmHg: 95 } }), scores);
    expect(only(w, 'hold-low-systolic').message).toMatch(/below the order's hold limit of 95 mmHg/);
  });
});
