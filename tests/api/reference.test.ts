import { describe, expect, it } from 'vitest';
import { expectError, useApiServer } from '../support/api.js';
import { dataOf } from '../support/trpc-http.js';
import type { ApiOutputs } from '../support/api-outputs.js';

const api = useApiServer({ login: ['nurse', 'admin'] });

type InstrumentDto = ApiOutputs['instruments']['list'][number];

// The COWS form (Wesson & Ling 2003): items in form order and the values each allows.
const COWS_VALUES: [key: string, values: number[]][] = [
  ['pulse', [0, 1, 2, 4]],
  ['sweating', [0, 1, 2, 3, 4]],
  ['restlessness', [0, 1, 3, 5]],
  ['pupils', [0, 1, 2, 5]],
  ['boneJointAches', [0, 1, 2, 4]],
  ['runnyNoseTearing', [0, 1, 2, 4]],
  ['giUpset', [0, 1, 2, 3, 5]],
  ['tremor', [0, 1, 2, 4]],
  ['yawning', [0, 1, 2, 4]],
  ['anxietyIrritability', [0, 1, 2, 4]],
  ['gooseflesh', [0, 3, 5]],
];

describe('reference data over HTTP', () => {
  it('units.list gives the demo unit with its time zone, shift starts and beds', async () => {
    const units = dataOf(await api.nurse.query('units.list'));
    expect(units).toEqual([
      expect.objectContaining({
        id: api.unitId,
        name: 'Detox North',
        timeZone: 'America/New_York',
        shiftStarts: ['07:00', '19:00'],
        beds: ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'],
      }),
    ]);
    // The nurse sees her unit; the admin sees every unit (Detox South too), to assign people to them.
    expect(dataOf(await api.admin.query('units.list'))).toEqual(expect.arrayContaining(units as unknown[]));
  });

  it('instruments.list gives COWS, SOWS and CIWA-Ar with items, allowed values, anchors and bands', async () => {
    const instruments = dataOf(await api.nurse.query('instruments.list')) as InstrumentDto[];
    expect(instruments.map((i) => i.id)).toEqual(['COWS', 'SOWS', 'CIWA-Ar']);

    const cows = instruments.find((i) => i.id === 'COWS');
    expect(cows?.name).toBe('Clinical Opiate Withdrawal Scale');
    expect(cows?.maxTotal).toBe(48);
    expect(cows?.items.map((item) => [item.key, item.options.map((o) => o.value)])).toEqual(COWS_VALUES);
    expect(cows?.items.find((i) => i.key === 'pupils')).toMatchObject({
      label: 'Pupil size',
      options: [
        { value: 0, anchor: 'Pupils pinned or normal size for room light' },
        { value: 1, anchor: 'Pupils possibly larger than normal for room light' },
        { value: 2, anchor: 'Pupils moderately dilated' },
        { value: 5, anchor: 'Pupils so dilated that only the rim of the iris is visible' },
      ],
    });
    for (const item of cows?.items ?? []) {
      expect(item.label.length, item.key).toBeGreaterThan(0);
      for (const option of item.options) expect(option.anchor.length, `${item.key} ${option.value}`).toBeGreaterThan(0);
    }
    expect(cows?.bands).toEqual([
      { severity: 'none', label: 'Below mild', min: 0, max: 4 },
      { severity: 'mild', label: 'Mild', min: 5, max: 12 },
      { severity: 'moderate', label: 'Moderate', min: 13, max: 24 },
      { severity: 'moderately-severe', label: 'Moderately severe', min: 25, max: 36 },
      { severity: 'severe', label: 'Severe', min: 37, max: 48 },
    ]);

    for (const instrument of instruments) {
      expect(instrument.items.length, instrument.id).toBeGreaterThan(0);
      const maxSum = instrument.items.reduce((sum, item) => sum + Math.max(...item.options.map((o) => o.value)), 0);
      expect(maxSum, `${instrument.id} maxTotal`).toBe(instrument.maxTotal);
      // The bands cover 0..maxTotal without gaps or overlaps.
      expect(instrument.bands[0]?.min).toBe(0);
      expect(instrument.bands.at(-1)?.max).toBe(instrument.maxTotal);
      for (let i = 1; i < instrument.bands.length; i++)
        expect(instrument.bands[i]?.min).toBe((instrument.bands[i - 1]?.max ?? Number.NaN) + 1);
    }
  });

  it('needs a login for both', async () => {
    expectError(await api.anonymous.query('units.list'), { status: 401, code: 'UNAUTHORIZED' });
    expectError(await api.anonymous.query('instruments.list'), { status: 401, code: 'UNAUTHORIZED' });
  });
});
