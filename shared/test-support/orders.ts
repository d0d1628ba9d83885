import type { DrugId } from '../src/medications/catalogue.js';
import { DEFAULT_UNIT_PROTOCOL } from '../src/medications/protocol.js';
import { contextFor, UNIT_ZONE } from './medication-context.js';
import type { ChartedDose, MedicationOrder } from '../src/orders/order.js';
import type { OrdersDueInput } from '../src/orders/orders-due.js';
import type { ScoreReading } from '../src/orders/score-trigger.js';

/** Builders for the order rule tests (times from test-context.ts's local(), in the unit's zone). */

export function clonidinePrn(overrides: Partial<MedicationOrder> = {}): MedicationOrder {
  return {
    id: 1,
    drug: 'clonidine',
    doseMg: 0.1,
    route: 'PO',
    kind: 'prn',
    indication: 'autonomic symptoms',
    trigger: { instrument: 'COWS', minTotal: 8 },
    minIntervalMinutes: 240,
    maxPer24hMg: 0.6,
    startAt: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

export function dose(
  drug: DrugId,
  doseMg: number,
  givenAt: string,
  orderId: number | null = 1,
  status: ChartedDose['status'] = 'given',
): ChartedDose {
  return { orderId, drug, doseMg, givenAt, status };
}

export function cows(total: number, takenAt: string): ScoreReading {
  return { instrument: 'COWS', total, takenAt };
}

/** Vital signs within the hold limits, taken at the given time. */
export function okVitals(
  takenAt: string,
  overrides: Partial<{ systolic: number; diastolic: number; heartRate: number }> = {},
) {
  return { takenAt, systolic: 120, diastolic: 78, heartRate: 88, ...overrides };
}

export function dueInput(overrides: Partial<OrdersDueInput> & Pick<OrdersDueInput, 'at'>): OrdersDueInput {
  return {
    timeZone: UNIT_ZONE,
    protocol: DEFAULT_UNIT_PROTOCOL,
    admission: contextFor().admission,
    orders: [clonidinePrn()],
    doses: [],
    scores: [],
    ...overrides,
  };
}
