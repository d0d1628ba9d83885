import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DRUGS, ROUTES } from '../medications/catalogue.js';
import { NO_ORDER_MESSAGE, correctAdministrationInput, recordAdministrationInput } from './medications.js';

const NOW = new Date('2026-11-22T08:00:00.000Z');

/** A valid given dose of buprenorphine against order 7, charted half an hour before NOW. */
function dose(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    admissionId: 3,
    orderId: 7,
    drug: 'buprenorphine',
    doseMg: 4,
    route: 'SL',
    givenAt: '2026-11-22T02:30:00-05:00',
    status: 'given',
    ...overrides,
  };
}

function issuesOf(schema: typeof recordAdministrationInput | typeof correctAdministrationInput, input: unknown) {
  const result = schema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((i) => ({ path: i.path, message: i.message }));
}

const issues = (input: unknown) => issuesOf(recordAdministrationInput, input);

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('recordAdministrationInput: the order behind the dose', () => {
  it('refuses a dose with no order, or an order id that is not a positive whole number, saying how to get one', () => {
    for (const orderId of [undefined, null, 0, -1, 1.5, '7']) {
      expect(issues(dose({ orderId }))).toEqual([{ path: ['orderId'], message: NO_ORDER_MESSAGE }]);
    }
  });

  it('refuses held and refused doses without an order too', () => {
    expect(issues(dose({ orderId: undefined, status: 'held', reason: 'asleep' }))).toContainEqual({
      path: ['orderId'],
      message: NO_ORDER_MESSAGE,
    });
  });
});

describe('recordAdministrationInput: valid doses', () => {
  it('accepts a given SL buprenorphine dose', () => {
    const result = recordAdministrationInput.safeParse(dose());
    expect(result.success).toBe(true);
    expect(result.data).toMatchObject({ drug: 'buprenorphine', doseMg: 4, route: 'SL', status: 'given' });
    expect(result.data?.holdReason).toBeUndefined();
  });

  it('accepts fractional milligram doses (clonidine 0.1 mg PO, lofexidine 0.18 mg PO)', () => {
    expect(issues(dose({ drug: 'clonidine', doseMg: 0.1, route: 'PO' }))).toEqual([]);
    expect(issues(dose({ drug: 'lofexidine', doseMg: 0.18, route: 'PO' }))).toEqual([]);
  });

  it.each(DRUGS.map((d) => ({ drug: d.id, route: d.defaultRoute, doseMg: d.typicalDosesMg[0] })))(
    '$drug: a typical dose by its default route $route is accepted',
    ({ drug, route, doseMg }) => {
      expect(issues(dose({ drug, route, doseMg }))).toEqual([]);
    },
  );

  it('accepts a dose of 5000 mg, the plausibility limit', () => {
    expect(issues(dose({ drug: 'acetaminophen', route: 'PO', doseMg: 5000 }))).toEqual([]);
  });

  it('accepts a held dose with a reason and trims it', () => {
    const result = recordAdministrationInput.safeParse(
      dose({ drug: 'clonidine', route: 'PO', doseMg: 0.1, status: 'held', holdReason: '  SBP 86  ' }),
    );
    expect(result.success).toBe(true);
    expect(result.data?.holdReason).toBe('SBP 86');
  });
});

describe('recordAdministrationInput: drug and route', () => {
  it('rejects an unknown drug at ["drug"]', () => {
    const found = issues(dose({ drug: 'fentanyl' }));
    expect(found).toHaveLength(1);
    expect(found[0]?.path).toEqual(['drug']);
    expect(found[0]?.message).toMatch(/^drug must be one of methadone, buprenorphine, /);
  });

  it.each(['', 'Buprenorphine', 'suboxone', 42, null])('rejects the drug %j', (drug) => {
    expect(issues(dose({ drug })).map((i) => i.path)).toContainEqual(['drug']);
  });

  it('rejects buprenorphine PO at ["route"]', () => {
    expect(issues(dose({ route: 'PO' }))).toEqual([{ path: ['route'], message: 'Buprenorphine is given SL, not PO' }]);
  });

  it('rejects buprenorphine-naloxone IV and methadone IV, naming the allowed routes', () => {
    expect(issues(dose({ drug: 'buprenorphine-naloxone', route: 'IV' }))).toEqual([
      { path: ['route'], message: 'Buprenorphine-naloxone is given SL, not IV' },
    ]);
    expect(issues(dose({ drug: 'methadone', route: 'IV', doseMg: 10 }))).toEqual([
      { path: ['route'], message: 'Methadone is given PO or IM, not IV' },
    ]);
  });

  const wrongRoutes = DRUGS.flatMap((d) =>
    ROUTES.filter((r) => !d.routes.includes(r)).map((route) => ({ drug: d.id, name: d.name, route, routes: d.routes })),
  );
  it.each(wrongRoutes)('$drug by $route is rejected', ({ drug, name, route, routes }) => {
    expect(issues(dose({ drug, route, doseMg: 1 }))).toEqual([
      { path: ['route'], message: `${name} is given ${routes.join(' or ')}, not ${route}` },
    ]);
  });

  it('rejects a route outside the route list', () => {
    expect(issues(dose({ route: 'SC' }))).toEqual([
      { path: ['route'], message: 'route must be one of PO, SL, IM, IV' },
    ]);
  });
});

describe('recordAdministrationInput: held and refused doses', () => {
  it.each(['held', 'refused'])('a %s dose without holdReason is rejected at ["holdReason"]', (status) => {
    expect(issues(dose({ status }))).toEqual([{ path: ['holdReason'], message: `say why the dose was ${status}` }]);
  });

  it.each(['held', 'refused'])('a %s dose with a blank holdReason is rejected', (status) => {
    expect(issues(dose({ status, holdReason: '   ' }))).toEqual([
      { path: ['holdReason'], message: `say why the dose was ${status}` },
    ]);
    expect(issues(dose({ status, holdReason: '' }))).toEqual([
      { path: ['holdReason'], message: `say why the dose was ${status}` },
    ]);
  });

  it('a refused dose with a reason is accepted', () => {
    expect(issues(dose({ status: 'refused', holdReason: 'patient declined, nauseous' }))).toEqual([]);
  });

  it('rejects an unknown status', () => {
    expect(issues(dose({ status: 'omitted' }))).toEqual([
      { path: ['status'], message: 'status must be given, held or refused' },
    ]);
  });

  it('reports both a wrong route and a missing hold reason', () => {
    expect(issues(dose({ route: 'PO', status: 'held' }))).toEqual([
      { path: ['route'], message: 'Buprenorphine is given SL, not PO' },
      { path: ['holdReason'], message: 'say why the dose was held' },
    ]);
  });
});

describe('recordAdministrationInput: dose', () => {
  it.each([0, -0.1, -4])('rejects doseMg %j', (doseMg) => {
    expect(issues(dose({ doseMg }))).toEqual([{ path: ['doseMg'], message: 'dose must be more than 0 mg' }]);
  });

  it('rejects a dose above 5000 mg as a units slip', () => {
    expect(issues(dose({ doseMg: 5001 }))).toEqual([
      { path: ['doseMg'], message: 'a dose above 5000 mg is not plausible; check the units (doses are in mg)' },
    ]);
  });

  it.each(['4', null, Number.NaN])('rejects a non-number dose %j', (doseMg) => {
    expect(issues(dose({ doseMg }))).toEqual([{ path: ['doseMg'], message: 'dose must be a number of milligrams' }]);
  });
});

describe('recordAdministrationInput: givenAt', () => {
  it('accepts 4 minutes ahead and rejects 6 minutes ahead', () => {
    expect(issues(dose({ givenAt: '2026-11-22T03:04:00-05:00' }))).toEqual([]);
    expect(issues(dose({ givenAt: '2026-11-22T03:06:00-05:00' }))).toEqual([
      { path: ['givenAt'], message: 'is in the future; enter the time it actually happened' },
    ]);
  });

  it('rejects a time without an offset', () => {
    expect(issues(dose({ givenAt: '2026-11-22T02:30:00' }))).toContainEqual({
      path: ['givenAt'],
      message: 'must be an ISO-8601 time with an offset, such as 2026-11-22T03:00:00-05:00',
    });
  });
});

describe('correctAdministrationInput', () => {
  const correct = (input: unknown) => issuesOf(correctAdministrationInput, input);
  const SHORT = 'say why the record is being corrected (at least 3 characters)';

  it('accepts a reason of 3 characters and trims it', () => {
    const result = correctAdministrationInput.safeParse({ administrationId: 9, reason: '  dup  ' });
    expect(result.success).toBe(true);
    expect(result.data?.reason).toBe('dup');
  });

  it.each(['', 'ab', '  ab  ', '   '])('rejects the reason %j', (reason) => {
    expect(correct({ administrationId: 9, reason })).toEqual([{ path: ['reason'], message: SHORT }]);
  });

  it('requires a reason', () => {
    expect(correct({ administrationId: 9 })).toEqual([
      { path: ['reason'], message: 'a reason for the correction is required' },
    ]);
  });

  it('rejects a reason over 500 characters', () => {
    expect(correct({ administrationId: 9, reason: 'x'.repeat(501) })).toEqual([
      { path: ['reason'], message: 'keep the reason under 500 characters' },
    ]);
  });

  it('checks a replacement dose like a new one', () => {
    const replacement = {
      drug: 'buprenorphine',
      doseMg: 8,
      route: 'SL',
      givenAt: '2026-11-22T02:30:00-05:00',
      status: 'given',
    };
    expect(correct({ administrationId: 9, reason: 'wrong dose charted', replacement })).toEqual([]);
    expect(
      correct({ administrationId: 9, reason: 'wrong dose charted', replacement: { ...replacement, route: 'PO' } }),
    ).toEqual([{ path: ['replacement', 'route'], message: 'Buprenorphine is given SL, not PO' }]);
    expect(
      correct({ administrationId: 9, reason: 'wrong dose charted', replacement: { ...replacement, status: 'held' } }),
    ).toEqual([{ path: ['replacement', 'holdReason'], message: 'say why the dose was held' }]);
  });
});
