import { describe, expect, it } from 'vitest';
import { CIWA_AR } from './ciwa-ar.js';
import type { Severity } from './instrument.js';
import { bandFor, type ScoreResult, scoreItems } from './scoring.js';

/**
 * The ten CIWA-Ar items of docs/clinical.md §3.1, written out independently of ciwa-ar.ts: nine scored
 * 0-7 (in-between values allowed), orientation 0-4. `name` is how the item reads in a message.
 */
const SPEC = [
  { key: 'nauseaVomiting', name: 'nausea and vomiting', max: 7 },
  { key: 'tremor', name: 'tremor', max: 7 },
  { key: 'paroxysmalSweats', name: 'paroxysmal sweats', max: 7 },
  { key: 'anxiety', name: 'anxiety', max: 7 },
  { key: 'agitation', name: 'agitation', max: 7 },
  { key: 'tactileDisturbances', name: 'tactile disturbances', max: 7 },
  { key: 'auditoryDisturbances', name: 'auditory disturbances', max: 7 },
  { key: 'visualDisturbances', name: 'visual disturbances', max: 7 },
  { key: 'headache', name: 'headache, fullness in head', max: 7 },
  { key: 'orientation', name: 'orientation and clouding of sensorium', max: 4 },
] as const;

const range = (max: number) => Array.from({ length: max + 1 }, (_, i) => i);
const allowedText = (max: number) => `${range(max).slice(0, -1).join(', ')} or ${max}`;

/** ASAM 2020 (the shipped default, docs/clinical.md §3.2): <10 mild, 10-18 moderate, >=19 severe. */
function expectedSeverity(total: number): Severity {
  if (total <= 9) return 'mild';
  if (total <= 18) return 'moderate';
  return 'severe';
}

function zeros(): Record<string, unknown> {
  return Object.fromEntries(SPEC.map((s) => [s.key, 0]));
}

function withItem(key: string, value: unknown): Record<string, unknown> {
  return { ...zeros(), [key]: value };
}

/** A complete form totalling `total`: fill each item to its maximum in order. */
function formWithTotal(total: number): Record<string, number> {
  let left = total;
  return Object.fromEntries(
    SPEC.map((s) => {
      const value = Math.min(s.max, left);
      left -= value;
      return [s.key, value];
    }),
  );
}

function expectOk(result: ScoreResult): { total: number; severity: Severity } {
  if (!result.ok) throw new Error(`expected a score, got issues: ${JSON.stringify(result.issues)}`);
  return { total: result.total, severity: result.band.severity };
}

function expectIssues(result: ScoreResult): { itemKey: string | null; message: string }[] {
  if (result.ok) throw new Error(`expected issues, got total ${result.total}`);
  return result.issues;
}

describe('CIWA-Ar definition', () => {
  it('has ten items: nine 0-7 and orientation 0-4', () => {
    expect(CIWA_AR.rater).toBe('clinician');
    expect(CIWA_AR.items.map((i) => i.key)).toEqual(SPEC.map((s) => s.key));
    for (const spec of SPEC) {
      const item = CIWA_AR.items.find((i) => i.key === spec.key);
      expect(
        item?.options.map((o) => o.value),
        spec.key,
      ).toEqual(range(spec.max));
    }
  });

  it('anchors 0, 1, 4 and 7 of the 0-7 items and every orientation value', () => {
    for (const item of CIWA_AR.items) {
      const anchored = item.options.filter((o) => o.anchor !== '').map((o) => o.value);
      if (item.key === 'orientation') expect(anchored).toEqual([0, 1, 2, 3, 4]);
      else expect(anchored, item.key).toEqual(expect.arrayContaining([0, 1, 4, 7]));
    }
  });

  it('has a maximum total of 67 (9 x 7 + 4)', () => {
    expect(CIWA_AR.maxTotal).toBe(67);
    const allMax = Object.fromEntries(SPEC.map((s) => [s.key, s.max]));
    expect(expectOk(scoreItems(CIWA_AR, allMax))).toEqual({ total: 67, severity: 'severe' });
  });

  it('ships the ASAM 2020 bands, contiguous over 0-67', () => {
    expect(CIWA_AR.bands.map((b) => [b.severity, b.min, b.max])).toEqual([
      ['mild', 0, 9],
      ['moderate', 10, 18],
      ['severe', 19, 67],
    ]);
  });
});

describe('CIWA-Ar scoring: allowed values', () => {
  const cases = SPEC.flatMap((s) => range(s.max).map((value) => ({ key: s.key, value })));
  it.each(cases)('$key = $value with every other item 0 totals $value', ({ key, value }) => {
    expect(expectOk(scoreItems(CIWA_AR, withItem(key, value)))).toEqual({
      total: value,
      severity: expectedSeverity(value),
    });
  });

  it('every total 0-67 is reachable and scored into its band', () => {
    for (let total = 0; total <= 67; total++) {
      expect(expectOk(scoreItems(CIWA_AR, formWithTotal(total)))).toEqual({ total, severity: expectedSeverity(total) });
    }
  });
});

describe('CIWA-Ar scoring: disallowed values', () => {
  const cases = SPEC.flatMap((s) => {
    const bad: unknown[] = s.max === 4 ? [5, 6, 7, 8, -1, 0.5, '3'] : [8, 9, -1, 0.5, 6.5, '3'];
    return bad.map((value) => ({ key: s.key, name: s.name, max: s.max, value }));
  });

  it.each(cases)('$key = $value is rejected naming the item and its range', ({ key, name, max, value }) => {
    expect(expectIssues(scoreItems(CIWA_AR, withItem(key, value)))).toEqual([
      { itemKey: key, message: `CIWA-Ar ${name} allows ${allowedText(max)}; got ${JSON.stringify(value)}` },
    ]);
  });

  it('orientation stops at 4', () => {
    expect(expectIssues(scoreItems(CIWA_AR, withItem('orientation', 5)))).toEqual([
      {
        itemKey: 'orientation',
        message: 'CIWA-Ar orientation and clouding of sensorium allows 0, 1, 2, 3 or 4; got 5',
      },
    ]);
    expect(expectOk(scoreItems(CIWA_AR, withItem('orientation', 4)))).toEqual({ total: 4, severity: 'mild' });
  });

  it.each(SPEC.map((s) => ({ key: s.key, name: s.name, max: s.max })))(
    '$key = null or absent is missing',
    ({ key, name, max }) => {
      const expected = [{ itemKey: key, message: `CIWA-Ar ${name} is missing: choose ${allowedText(max)}` }];
      expect(expectIssues(scoreItems(CIWA_AR, withItem(key, null)))).toEqual(expected);
      const form = zeros();
      delete form[key];
      expect(expectIssues(scoreItems(CIWA_AR, form))).toEqual(expected);
    },
  );

  it('rejects an unknown item', () => {
    expect(expectIssues(scoreItems(CIWA_AR, { ...zeros(), seizures: 1 }))).toEqual([
      { itemKey: 'seizures', message: 'CIWA-Ar has no item "seizures"' },
    ]);
  });
});

describe('CIWA-Ar severity bands', () => {
  it.each([
    [0, 'mild'],
    [9, 'mild'],
    [10, 'moderate'],
    [18, 'moderate'],
    [19, 'severe'],
    [67, 'severe'],
  ] as const)('a form totalling %i is %s', (total, severity) => {
    expect(expectOk(scoreItems(CIWA_AR, formWithTotal(total)))).toEqual({ total, severity });
    expect(bandFor(CIWA_AR, total).severity).toBe(severity);
  });

  it('bandFor refuses totals outside 0-67', () => {
    expect(() => bandFor(CIWA_AR, 68)).toThrow('CIWA-Ar total 68 is outside 0-67');
    expect(() => bandFor(CIWA_AR, -1)).toThrow(RangeError);
  });
});

describe('CIWA-Ar band sets per unit protocol (docs/clinical.md §3.2)', () => {
  it('ASAM 2020 (default): 9 mild, 10 moderate, 18 moderate, 19 severe', async () => {
    const { instrumentWithBands } = await import('./ciwa-ar-bands.js');
    const asam = instrumentWithBands(CIWA_AR, undefined);
    const band = (total: number) => asam.bands.find((b) => total >= b.min && total <= b.max)?.severity;
    expect([9, 10, 18, 19].map(band)).toEqual(['mild', 'moderate', 'moderate', 'severe']);
  });

  it('Sullivan 1989: 7 mild, 8 moderate, 15 moderate, 16 severe; other instruments unchanged', async () => {
    const { instrumentWithBands } = await import('./ciwa-ar-bands.js');
    const { COWS } = await import('./cows.js');
    const sullivan = instrumentWithBands(CIWA_AR, 'sullivan-1989');
    const band = (total: number) => sullivan.bands.find((b) => total >= b.min && total <= b.max)?.severity;
    expect([7, 8, 15, 16, 67].map(band)).toEqual(['mild', 'moderate', 'moderate', 'severe', 'severe']);
    expect(instrumentWithBands(COWS, 'sullivan-1989')).toBe(COWS);
  });
});
