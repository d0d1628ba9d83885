import { describe, expect, it } from 'vitest';
import { hoursBefore, local, minutesBefore, protocolWith } from '../../test-support/medication-context.js';
import { ordersDue } from './orders-due.js';
import { clonidinePrn, cows, dose, dueInput, okVitals } from '../../test-support/orders.js';

/** Eligibility of a PRN order at its boundaries (issue 9, "due and eligible, live"). */

const AT = local('2026-06-10T14:10');

function prn(overrides: Parameters<typeof dueInput>[0]) {
  const result = ordersDue(dueInput(overrides));
  return {
    eligible: result.eligible,
    notEligible: result.notEligible,
    reasons: result.notEligible[0]?.reasons ?? [],
    why: result.eligible[0]?.why,
  };
}

describe('score trigger: COWS ≥ 8', () => {
  it('COWS exactly 8 makes the patient eligible, and says so with the time', () => {
    const r = prn({
      at: AT,
      scores: [cows(8, local('2026-06-10T14:05'))],
      latestVitals: okVitals(local('2026-06-10T14:05')),
    });
    expect(r.notEligible).toEqual([]);
    expect(r.why).toBe('COWS 8 ≥ 8 at 14:05; no dose yet; 0 of 0.6 mg in 24 h');
  });

  it('COWS 7 does not, and says it is below the trigger', () => {
    const r = prn({
      at: AT,
      scores: [cows(7, local('2026-06-10T14:05'))],
      latestVitals: okVitals(local('2026-06-10T14:05')),
    });
    expect(r.eligible).toEqual([]);
    expect(r.reasons).toEqual(['COWS 7 < 8 at 14:05']);
    expect(r.notEligible[0]?.nextAllowedAt).toBeNull();
  });

  it('only the latest COWS counts: 14 then 6 is not eligible', () => {
    const r = prn({
      at: AT,
      scores: [cows(14, local('2026-06-10T10:00')), cows(6, local('2026-06-10T14:00'))],
      latestVitals: okVitals(local('2026-06-10T14:05')),
    });
    expect(r.reasons).toEqual(['COWS 6 < 8 at 14:00']);
  });

  it('a COWS ≥ 8 taken before the last dose does not count again', () => {
    const r = prn({
      at: AT,
      scores: [cows(14, local('2026-06-10T09:50'))],
      doses: [dose('clonidine', 0.1, local('2026-06-10T10:00'))],
      latestVitals: okVitals(local('2026-06-10T14:05')),
    });
    expect(r.reasons).toEqual(['no COWS ≥ 8 since the last dose at 10:00']);
  });

  it('no COWS charted at all', () => {
    expect(prn({ at: AT, latestVitals: okVitals(AT) }).reasons).toEqual([
      'no COWS charted yet (the order needs COWS ≥ 8)',
    ]);
  });

  it('a score charted after the instant asked about is not used', () => {
    expect(prn({ at: AT, scores: [cows(12, local('2026-06-10T14:11'))], latestVitals: okVitals(AT) }).reasons).toEqual([
      'no COWS charted yet (the order needs COWS ≥ 8)',
    ]);
  });
});

describe('minimum interval: the order (4 h) is stricter than the unit (1 h)', () => {
  const last = local('2026-06-10T10:00');
  const base = { scores: [cows(14, local('2026-06-10T13:55'))], doses: [dose('clonidine', 0.1, last)] };

  it('exactly 4 h after the last dose is eligible, with how long ago and the 24 h total', () => {
    const at = local('2026-06-10T14:00');
    const r = prn({ at, ...base, latestVitals: okVitals(minutesBefore(at, 5)) });
    expect(r.why).toBe('COWS 14 ≥ 8 at 13:55; last dose 4 h ago; 0.1 of 0.6 mg in 24 h');
  });

  it('one minute short is not, and says when the next dose is allowed', () => {
    const at = local('2026-06-10T13:59');
    const r = prn({ at, ...base, latestVitals: okVitals(minutesBefore(at, 5)) });
    expect(r.reasons).toEqual(['next allowed at 14:00 (last dose 10:00, every 4 h at most)']);
    expect(r.notEligible[0]?.nextAllowedAt).toBe(new Date(local('2026-06-10T14:00')).toISOString());
  });

  it('the unit wins when it is stricter: unit 6 h, order 4 h', () => {
    const protocol = protocolWith((p) => {
      p.drugs.clonidine.minIntervalMinutes = 360;
    });
    const at = local('2026-06-10T15:00');
    const r = prn({ at, ...base, protocol, latestVitals: okVitals(minutesBefore(at, 5)) });
    expect(r.reasons).toEqual(['next allowed at 16:00 (last dose 10:00, every 6 h at most)']);
  });

  it('says how long ago in hours and minutes', () => {
    const at = local('2026-06-10T14:10');
    const r = prn({ at, ...base, latestVitals: okVitals(minutesBefore(at, 5)) });
    expect(r.why).toBe('COWS 14 ≥ 8 at 13:55; last dose 4 h 10 min ago; 0.1 of 0.6 mg in 24 h');
  });
});

describe('24 h maximum: the order (0.3 mg) is stricter than the unit', () => {
  const order = clonidinePrn({ maxPer24hMg: 0.3, minIntervalMinutes: 60 });

  it('crosses midnight: 0.3 mg given from 20:00 blocks a dose at 00:30 until 20:00 the next day', () => {
    const at = local('2026-06-11T00:30');
    const doses = ['2026-06-10T20:00', '2026-06-10T22:00', '2026-06-10T23:15'].map((t) =>
      dose('clonidine', 0.1, local(t)),
    );
    const r = prn({
      at,
      orders: [order],
      doses,
      scores: [cows(12, local('2026-06-11T00:20'))],
      latestVitals: okVitals(local('2026-06-11T00:20')),
    });
    expect(r.reasons).toEqual(['0.3 of 0.3 mg in 24 h; 0.1 mg more fits at 20:00']);
  });

  it('0.2 of 0.3 mg leaves room for one more dose', () => {
    const at = local('2026-06-11T00:30');
    const doses = ['2026-06-10T20:00', '2026-06-10T22:00'].map((t) => dose('clonidine', 0.1, local(t)));
    const r = prn({
      at,
      orders: [order],
      doses,
      scores: [cows(12, local('2026-06-11T00:20'))],
      latestVitals: okVitals(local('2026-06-11T00:20')),
    });
    expect(r.why).toBe('COWS 12 ≥ 8 at 00:20; last dose 2 h 30 min ago; 0.2 of 0.3 mg in 24 h');
  });

  it('DST fall back (2026-11-01): a dose given at 14:05 EDT leaves the window at 13:05 EST, 24 real hours later', () => {
    const doses = ['2026-10-31T14:05', '2026-10-31T14:30', '2026-10-31T15:00'].map((t) =>
      dose('clonidine', 0.1, local(t)),
    );
    const run = (wall: string) => {
      const at = local(wall);
      return prn({
        at,
        orders: [order],
        doses,
        scores: [cows(10, minutesBefore(at, 5))],
        latestVitals: okVitals(minutesBefore(at, 5)),
      });
    };
    // 23 wall-clock hours after 14:05 EDT, but 24 real ones: the first dose has just left the window.
    expect(run('2026-11-01T13:04').reasons).toEqual(['0.3 of 0.3 mg in 24 h; 0.1 mg more fits at 13:05']);
    expect(run('2026-11-01T13:05').why).toBe('COWS 10 ≥ 8 at 13:00; last dose 23 h 5 min ago; 0.2 of 0.3 mg in 24 h');
  });

  it('DST spring forward (2026-03-08): 24 real hours after 14:05 EST is 15:05 EDT', () => {
    const doses = ['2026-03-07T13:00', '2026-03-07T13:30', '2026-03-07T14:05'].map((t) =>
      dose('clonidine', 0.1, local(t)),
    );
    const run = (wall: string) => {
      const at = local(wall);
      return prn({
        at,
        orders: [order],
        doses,
        scores: [cows(10, minutesBefore(at, 5))],
        latestVitals: okVitals(minutesBefore(at, 5)),
      });
    };
    expect(run('2026-03-08T13:59').reasons).toEqual(['0.3 of 0.3 mg in 24 h; 0.1 mg more fits at 14:00']);
    expect(run('2026-03-08T14:00').why).toMatch(/0\.2 of 0\.3 mg in 24 h$/);
  });
});

describe('24 h maximum by weight: the unit allows clonidine 0.8 mg, 1.2 mg from 90 kg (order without its own maximum)', () => {
  const order = clonidinePrn({ maxPer24hMg: undefined, minIntervalMinutes: 60 });
  const at = local('2026-06-11T00:30');
  const doses = [
    '2026-06-10T16:00',
    '2026-06-10T17:10',
    '2026-06-10T18:20',
    '2026-06-10T19:30',
    '2026-06-10T20:40',
    '2026-06-10T21:50',
    '2026-06-10T23:00',
    '2026-06-10T23:20',
  ].map((t) => dose('clonidine', 0.1, local(t)));
  const atWeight = (weightKg: number) =>
    prn({
      at,
      orders: [order],
      doses,
      scores: [cows(12, local('2026-06-11T00:20'))],
      latestVitals: okVitals(local('2026-06-11T00:20')),
      admission: { ...dueInput({ at }).admission, weightKg },
    });

  it('89 kg: 0.8 of 0.8 mg, not eligible', () => {
    expect(atWeight(89).reasons[0]).toMatch(/^0\.8 of 0\.8 mg in 24 h/);
  });

  it('exactly 90 kg: 0.8 of 1.2 mg, eligible', () => {
    expect(atWeight(90).why).toMatch(/0\.8 of 1\.2 mg in 24 h$/);
  });
});

describe('hold parameters: SBP < 90 (unit), and an order that holds at SBP < 95', () => {
  const at = AT;
  const scores = [cows(12, local('2026-06-10T14:00'))];
  const run = (systolic: number, order = clonidinePrn()) =>
    prn({ at, orders: [order], scores, latestVitals: okVitals(local('2026-06-10T14:00'), { systolic }) });

  it('SBP exactly 90 is not below the limit: eligible', () => {
    expect(run(90).notEligible).toEqual([]);
  });

  it('SBP 89 is below it: hold', () => {
    expect(run(89).reasons).toEqual(['SBP 89 < 90: hold']);
  });

  it('SBP 91 is above it: eligible', () => {
    expect(run(91).eligible).toHaveLength(1);
  });

  it('the order holds at 95, stricter than the unit: 94 is held, 95 is not', () => {
    const order = clonidinePrn({ hold: { systolicBelowMmHg: 95 } });
    expect(run(94, order).reasons).toEqual(['SBP 94 < 95: hold']);
    expect(run(95, order).eligible).toHaveLength(1);
  });

  it('an order hold looser than the unit does not loosen it: order 85, SBP 86 still held at 90', () => {
    expect(run(86, clonidinePrn({ hold: { systolicBelowMmHg: 85 } })).reasons).toEqual(['SBP 86 < 90: hold']);
  });

  it('heart rate 59 and diastolic 59 are named each', () => {
    const r = prn({ at, scores, latestVitals: okVitals(local('2026-06-10T14:00'), { heartRate: 59, diastolic: 59 }) });
    expect(r.reasons).toEqual(['DBP 59 < 60: hold', 'HR 59 < 60: hold']);
  });

  it('vital signs older than an hour must be rechecked first', () => {
    const r = prn({ at, scores, latestVitals: okVitals(hoursBefore(at, 2)) });
    expect(r.reasons).toEqual(['vital signs 2 h old: recheck BP and HR (needed within 60 min)']);
  });

  it('several reasons are all listed', () => {
    const r = prn({
      at,
      scores: [cows(5, local('2026-06-10T14:00'))],
      doses: [dose('clonidine', 0.1, local('2026-06-10T12:00'))],
      latestVitals: okVitals(local('2026-06-10T14:00'), { systolic: 86 }),
    });
    expect(r.reasons).toEqual([
      'COWS 5 < 8 at 14:00',
      'next allowed at 16:00 (last dose 12:00, every 4 h at most)',
      'SBP 86 < 90: hold',
    ]);
  });
});

describe('which orders are listed', () => {
  it('a discontinued order, an ended one and one not yet started', () => {
    const vitals = okVitals(AT);
    const scores = [cows(12, AT)];
    const orders = [
      clonidinePrn({ id: 1, discontinuedAt: local('2026-06-10T12:00') }),
      clonidinePrn({ id: 2, endAt: local('2026-06-10T14:10') }),
      clonidinePrn({ id: 3, startAt: local('2026-06-10T15:00') }),
    ];
    const r = ordersDue(dueInput({ at: AT, orders, scores, latestVitals: vitals }));
    expect(r.eligible).toEqual([]);
    expect(r.notEligible).toEqual([expect.objectContaining({ orderId: 3, reasons: ['starts at 15:00'] })]);
  });

  it('a PRN without a trigger gives its indication as why', () => {
    const order = {
      ...clonidinePrn(),
      id: 4,
      drug: 'ondansetron' as const,
      doseMg: 4,
      trigger: null,
      indication: 'nausea',
      maxPer24hMg: 16,
      minIntervalMinutes: 480,
    };
    const r = ordersDue(dueInput({ at: AT, orders: [order] }));
    expect(r.eligible[0]?.why).toBe('as needed: nausea; no dose yet; 0 of 16 mg in 24 h');
  });

  it('other protocol rules that need a reason keep a PRN off the eligible list, in their own words', () => {
    const order = {
      ...clonidinePrn(),
      id: 5,
      drug: 'buprenorphine' as const,
      route: 'SL' as const,
      doseMg: 4,
      maxPer24hMg: 16,
      minIntervalMinutes: 120,
    };
    // First buprenorphine dose 11 h after short-acting use: the unit's induction gate says wait.
    const input = dueInput({ at: AT, orders: [order], scores: [cows(12, AT)] });
    const r = ordersDue({ ...input, admission: { ...input.admission, lastUseAt: hoursBefore(AT, 11) } });
    expect(r.eligible).toEqual([]);
    expect(r.notEligible[0]?.reasons.join(' ')).toMatch(/12 h/);
  });
});
