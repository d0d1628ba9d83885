import { describe, expect, it } from 'vitest';
import { local } from '../../test-support/medication-context.js';
import { clonidinePrn, cows, dose, dueInput, okVitals } from '../../test-support/orders.js';
import type { MedicationOrder } from './order.js';
import { ordersDue } from './orders-due.js';
import { ordersDueSummary } from './orders-due-summary.js';

const AT = local('2026-06-10T14:10');

/** Buprenorphine 4 mg at 08:00 and 14:00 (unit time), from the morning before. */
function scheduled(overrides: Partial<MedicationOrder> = {}): MedicationOrder {
  return {
    ...clonidinePrn(),
    id: 20,
    drug: 'buprenorphine',
    doseMg: 4,
    route: 'SL',
    kind: 'scheduled',
    timesOfDay: ['08:00', '14:00'],
    trigger: null,
    minIntervalMinutes: null,
    maxPer24hMg: null,
    hold: null,
    indication: 'Taper',
    startAt: local('2026-06-09T06:00'),
    ...overrides,
  };
}

describe('ordersDueSummary: the board line counts what orders.due lists', () => {
  it('counts a dose inside its window as due, one past it as overdue, and names each drug once', () => {
    // 14:10 is inside 14:00's window (30 min, the default); 08:00 today was never charted.
    const input = dueInput({
      at: AT,
      orders: [scheduled()],
      doses: [],
      scores: [cows(9, local('2026-06-10T14:05'))],
      latestVitals: okVitals(local('2026-06-10T14:05')),
    });
    const full = ordersDue(input);
    const summary = ordersDueSummary(full);
    expect(summary.due).toBe(full.due.filter((d) => d.state === 'due').length);
    expect(summary.overdue).toBe(full.due.filter((d) => d.state === 'overdue').length);
    expect(summary.due).toBe(1);
    expect(summary.overdue).toBeGreaterThanOrEqual(1);
    expect(summary.dueDrugs).toEqual(['buprenorphine']);
    expect(summary.overdueDrugs).toEqual(['buprenorphine']);
    expect(summary.next).toEqual({ drug: 'buprenorphine', dueAt: full.upcoming[0]?.dueAt });
  });

  it('counts an eligible PRN and one that is not (COWS 8 is eligible, 7 is not)', () => {
    const at8 = ordersDueSummary(
      ordersDue(
        dueInput({
          at: AT,
          scores: [cows(8, local('2026-06-10T14:05'))],
          latestVitals: okVitals(local('2026-06-10T14:05')),
        }),
      ),
    );
    expect(at8).toMatchObject({ eligiblePrn: 1, notEligiblePrn: 0, eligiblePrnDrugs: ['clonidine'] });
    const at7 = ordersDueSummary(
      ordersDue(
        dueInput({
          at: AT,
          scores: [cows(7, local('2026-06-10T14:05'))],
          latestVitals: okVitals(local('2026-06-10T14:05')),
        }),
      ),
    );
    expect(at7).toMatchObject({ eligiblePrn: 0, notEligiblePrn: 1, eligiblePrnDrugs: [] });
  });

  it('says nothing is due when a dose was charted in the window', () => {
    const summary = ordersDueSummary(
      ordersDue(
        dueInput({
          at: AT,
          orders: [scheduled({ startAt: local('2026-06-10T13:00') })],
          doses: [dose('buprenorphine', 4, local('2026-06-10T14:02'), 20)],
          scores: [cows(9, local('2026-06-10T14:05'))],
          latestVitals: okVitals(local('2026-06-10T14:05')),
        }),
      ),
    );
    expect(summary).toMatchObject({ due: 0, overdue: 0, dueDrugs: [], overdueDrugs: [] });
  });
});
