import { describe, expect, it } from 'vitest';
import { DEFAULT_UNIT_PROTOCOL } from '../medications/protocol.js';
import { DEFAULT_ORDER_SETS } from '../orders/order-sets.js';
import { orderedMaxMg } from '../orders/order.js';
import { NO_ORDER_MESSAGE, recordAdministrationInput } from './medications.js';
import { checkOrderContent, createOrderInput, orderContentFields, verbalOrderInput } from './orders.js';

const base = {
  admissionId: 1,
  drug: 'clonidine',
  doseMg: 0.1,
  route: 'PO',
  kind: 'prn',
  indication: 'autonomic symptoms',
};

function issues(input: unknown, schema: { safeParse: typeof createOrderInput.safeParse } = createOrderInput): string[] {
  const parsed = schema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('order input', () => {
  it('accepts a PRN with a score trigger, and a scheduled order with either schedule', () => {
    expect(issues({ ...base, trigger: { instrument: 'COWS', minTotal: 8 } })).toEqual([]);
    expect(issues({ ...base, kind: 'scheduled', everyHours: 6 })).toEqual([]);
    expect(issues({ ...base, kind: 'scheduled', timesOfDay: ['08:00', '20:00'] })).toEqual([]);
  });

  it('says what to fix', () => {
    expect(issues({ ...base, route: 'IV' })).toEqual(['route: Clonidine is given PO, not IV']);
    expect(issues({ ...base, kind: 'scheduled' })).toEqual([
      'everyHours: a scheduled order needs everyHours or timesOfDay (one of them)',
    ]);
    expect(issues({ ...base, kind: 'scheduled', everyHours: 6, timesOfDay: ['08:00'] })).toEqual([
      'everyHours: a scheduled order needs everyHours or timesOfDay (one of them)',
    ]);
    expect(issues({ ...base, everyHours: 6 })).toEqual([
      'everyHours: a prn order has no schedule; use kind "scheduled", or leave the schedule out',
    ]);
    expect(issues({ ...base, kind: 'scheduled', timesOfDay: ['8:00'] })).toEqual([
      'timesOfDay.0: a time of day is HH:MM on the 24-hour clock, such as 08:00',
    ]);
    expect(issues({ ...base, doseMaxMg: 0.1 })).toEqual([
      'doseMaxMg: the top of the dose range (0.1 mg) must be above the dose (0.1 mg); leave it out for a fixed dose',
    ]);
    expect(issues({ ...base, kind: 'once', trigger: { instrument: 'COWS', minTotal: 8 } })).toEqual([
      'trigger: a score trigger belongs to a PRN order (kind "prn")',
    ]);
    expect(issues({ ...base, indication: undefined })).toEqual([
      'indication: a PRN order needs what it is for: an indication, a score trigger, or both',
    ]);
    expect(issues({ ...base, maxPer24hMg: 0.05 })).toEqual([
      'maxPer24hMg: the 24 h maximum (0.05 mg) is below one dose (0.1 mg); raise it or lower the dose',
    ]);
    expect(issues({ ...base, endAt: '2020-01-01T00:00:00Z' })).toEqual([
      'endAt: the order would have ended already; give an end in the future, or none',
    ]);
  });

  it('a verbal order needs the physician and the read-back', () => {
    expect(issues({ ...base, orderedBy: 2, readBack: true }, verbalOrderInput)).toEqual([]);
    expect(issues({ ...base, orderedBy: 2, readBack: false }, verbalOrderInput)).toEqual([
      'readBack: read the order back to the physician and confirm it (readBack: true) before entering it',
    ]);
    expect(issues({ ...base, readBack: true }, verbalOrderInput)[0]).toMatch(/^orderedBy: /);
  });

  it('a dose without an order is refused with how to get one', () => {
    const parsed = recordAdministrationInput.safeParse({
      admissionId: 1,
      drug: 'clonidine',
      doseMg: 0.1,
      route: 'PO',
      givenAt: '2026-01-01T00:00:00Z',
      status: 'held',
      holdReason: 'asleep',
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['orderId', NO_ORDER_MESSAGE]]);
    expect(NO_ORDER_MESSAGE).toMatch(/ask the physician for an order, or enter a verbal order$/);
  });
});

describe('the shipped order sets', () => {
  const lines = DEFAULT_ORDER_SETS.flatMap((set) => set.orders.map((line, i) => ({ set: set.code, i, line })));

  it.each(lines)('$set line $i ($line.drug) is a valid order within the unit hard limit', ({ line }) => {
    const parsed = orderContentFields.superRefine((v, ctx) => checkOrderContent(v, ctx)).safeParse(line);
    expect(parsed.success ? [] : parsed.error.issues.map((i) => i.message)).toEqual([]);
    expect(orderedMaxMg(line)).toBeLessThanOrEqual(DEFAULT_UNIT_PROTOCOL.drugs[line.drug].plausibleMaxDoseMg);
  });

  it('hold the drugs issue 9 names: clonidine or lofexidine, the comfort medications, buprenorphine and methadone induction', () => {
    const drugs = new Set(lines.map((l) => l.line.drug));
    for (const drug of [
      'clonidine',
      'lofexidine',
      'loperamide',
      'ondansetron',
      'ibuprofen',
      'acetaminophen',
      'hydroxyzine',
      'dicyclomine',
      'methocarbamol',
      'trazodone',
      'buprenorphine',
      'methadone',
    ] as const) {
      expect(drugs.has(drug), drug).toBe(true);
    }
  });
});
