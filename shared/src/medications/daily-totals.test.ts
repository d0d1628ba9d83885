import { DEFAULT_UNIT_PROTOCOL } from './protocol.js';
import { describe, expect, it } from 'vitest';
import { dailyTotals } from './daily-totals.js';

const END = '2026-03-08T11:00:00.000Z';

describe('dailyTotals (rolling 24 h, as the daily-maximum rule counts)', () => {
  it('leaves out a dose given exactly 24 h before the end and keeps one a millisecond later', () => {
    const totals = dailyTotals(
      [
        { drug: 'loperamide', doseMg: 4, givenAt: '2026-03-07T11:00:00.000Z' },
        { drug: 'loperamide', doseMg: 2, givenAt: '2026-03-07T11:00:00.001Z' },
        { drug: 'loperamide', doseMg: 2, givenAt: END },
        { drug: 'loperamide', doseMg: 2, givenAt: '2026-03-08T11:00:00.001Z' },
      ],
      END,
      DEFAULT_UNIT_PROTOCOL,
    );
    expect(totals.map((t) => [t.givenMg, t.doses])).toEqual([[4, 2]]);
  });

  it('sums in micrograms and flags near (75 %) and over the maximum', () => {
    const clonidine = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        drug: 'clonidine' as const,
        doseMg: 0.1,
        givenAt: new Date(Date.parse(END) - i * 60_000).toISOString(),
      }));
    // The unit's clonidine maximum is 0.8 mg/24 h by default (docs/clinical.md, clonidine).
    expect(dailyTotals(clonidine(8), END, DEFAULT_UNIT_PROTOCOL)[0]).toMatchObject({
      givenMg: 0.8,
      maxMg: 0.8,
      percentOfMax: 100,
      level: 'near',
    });
    expect(dailyTotals(clonidine(9), END, DEFAULT_UNIT_PROTOCOL)[0]).toMatchObject({ givenMg: 0.9, level: 'over' });
    expect(dailyTotals(clonidine(5), END, DEFAULT_UNIT_PROTOCOL)[0]).toMatchObject({ percentOfMax: 63, level: 'ok' });
    expect(dailyTotals(clonidine(6), END, DEFAULT_UNIT_PROTOCOL)[0]).toMatchObject({ percentOfMax: 75, level: 'near' });
  });

  it('uses the weight-based maximum from the admission weight: 1.2 mg clonidine at 90 kg, 0.8 mg at 89.9 kg or unknown', () => {
    const doses = Array.from({ length: 9 }, (_, i) => ({
      drug: 'clonidine' as const,
      doseMg: 0.1,
      givenAt: new Date(Date.parse(END) - i * 60_000).toISOString(),
    }));
    expect(dailyTotals(doses, END, DEFAULT_UNIT_PROTOCOL, 90)[0]).toMatchObject({
      givenMg: 0.9,
      maxMg: 1.2,
      percentOfMax: 75,
      level: 'near',
    });
    expect(dailyTotals(doses, END, DEFAULT_UNIT_PROTOCOL, 120)[0]).toMatchObject({ maxMg: 1.2 });
    expect(dailyTotals(doses, END, DEFAULT_UNIT_PROTOCOL, 89.9)[0]).toMatchObject({ maxMg: 0.8, level: 'over' });
    expect(dailyTotals(doses, END, DEFAULT_UNIT_PROTOCOL, null)[0]).toMatchObject({ maxMg: 0.8, level: 'over' });
  });
});
