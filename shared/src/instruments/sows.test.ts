import { describe, expect, it } from 'vitest';
import type { Severity } from './instrument.js';
import { bandFor, type ScoreResult, scoreItems } from './scoring.js';
import { SOWS } from './sows.js';

/**
 * The 16 Handelsman items of docs/clinical.md §2, each rated 0-4, written out independently of sows.ts.
 * `name` is how the item reads inside a validation message.
 */
const SPEC = [
  { key: 'anxious', name: 'I feel anxious' },
  { key: 'yawning', name: 'I feel like yawning' },
  { key: 'perspiring', name: 'I am perspiring' },
  { key: 'tearing', name: 'my eyes are tearing' },
  { key: 'runnyNose', name: 'my nose is running' },
  { key: 'gooseflesh', name: 'I have goosebumps' },
  { key: 'shaking', name: 'I am shaking' },
  { key: 'hotFlushes', name: 'I have hot flushes' },
  { key: 'coldFlushes', name: 'I have cold flushes' },
  { key: 'bonesMusclesAche', name: 'my bones and muscles ache' },
  { key: 'restless', name: 'I feel restless' },
  { key: 'nauseous', name: 'I feel nauseous' },
  { key: 'likeVomiting', name: 'I feel like vomiting' },
  { key: 'musclesTwitch', name: 'my muscles twitch' },
  { key: 'stomachCramps', name: 'I have stomach cramps' },
  { key: 'likeUsing', name: 'I feel like using now' },
] as const;

const ALLOWED = [0, 1, 2, 3, 4] as const;
const ALLOWED_TEXT = '0, 1, 2, 3 or 4';

/** CTN-0051 coding (docs/clinical.md §2): 0 none, 1-10 mild, 11-20 moderate, 21 or more severe. */
function expectedSeverity(total: number): Severity {
  if (total === 0) return 'none';
  if (total <= 10) return 'mild';
  if (total <= 20) return 'moderate';
  return 'severe';
}

function zeros(): Record<string, unknown> {
  return Object.fromEntries(SPEC.map((s) => [s.key, 0]));
}

function withItem(key: string, value: unknown): Record<string, unknown> {
  return { ...zeros(), [key]: value };
}

/** A complete form totalling `total`: fill items with 4 from the first, the remainder in the next. */
function formWithTotal(total: number): Record<string, number> {
  let left = total;
  return Object.fromEntries(
    SPEC.map((s) => {
      const value = Math.min(4, left);
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

describe('SOWS definition', () => {
  it('is a patient-rated scale of 16 items, each 0-4 with the five anchors', () => {
    expect(SOWS.rater).toBe('patient');
    expect(SOWS.items.map((i) => i.key)).toEqual(SPEC.map((s) => s.key));
    for (const item of SOWS.items) {
      expect(
        item.options.map((o) => o.value),
        item.key,
      ).toEqual(ALLOWED);
      expect(
        item.options.map((o) => o.anchor),
        item.key,
      ).toEqual(['Not at all', 'A little', 'Moderately', 'Quite a bit', 'Extremely']);
    }
  });

  it('has a maximum total of 64 (16 x 4)', () => {
    expect(SOWS.maxTotal).toBe(64);
    const allMax = Object.fromEntries(SPEC.map((s) => [s.key, 4]));
    expect(expectOk(scoreItems(SOWS, allMax))).toEqual({ total: 64, severity: 'severe' });
  });

  it('has contiguous bands covering exactly 0-64', () => {
    expect(SOWS.bands.map((b) => [b.severity, b.min, b.max])).toEqual([
      ['none', 0, 0],
      ['mild', 1, 10],
      ['moderate', 11, 20],
      ['severe', 21, 64],
    ]);
  });
});

describe('SOWS scoring: allowed values', () => {
  const cases = SPEC.flatMap((s) => ALLOWED.map((value) => ({ key: s.key, value })));
  it.each(cases)('$key = $value with every other item 0 totals $value', ({ key, value }) => {
    expect(expectOk(scoreItems(SOWS, withItem(key, value)))).toEqual({
      total: value,
      severity: expectedSeverity(value),
    });
  });

  it('every total 0-64 is reachable and scored into its band', () => {
    for (let total = 0; total <= 64; total++) {
      expect(expectOk(scoreItems(SOWS, formWithTotal(total)))).toEqual({ total, severity: expectedSeverity(total) });
    }
  });
});

describe('SOWS scoring: disallowed values', () => {
  const bad: unknown[] = [5, 6, 8, -1, 0.5, 3.5, '2'];
  const cases = SPEC.flatMap((s) => bad.map((value) => ({ key: s.key, name: s.name, value })));

  it.each(cases)('$key = $value is rejected naming the item and 0-4', ({ key, name, value }) => {
    expect(expectIssues(scoreItems(SOWS, withItem(key, value)))).toEqual([
      { itemKey: key, message: `SOWS ${name} allows ${ALLOWED_TEXT}; got ${JSON.stringify(value)}` },
    ]);
  });

  it('words a message as a sentence', () => {
    expect(expectIssues(scoreItems(SOWS, withItem('tearing', 5)))).toEqual([
      { itemKey: 'tearing', message: 'SOWS my eyes are tearing allows 0, 1, 2, 3 or 4; got 5' },
    ]);
  });

  it.each(SPEC.map((s) => ({ key: s.key, name: s.name })))('$key = null or absent is missing', ({ key, name }) => {
    const expected = [{ itemKey: key, message: `SOWS ${name} is missing: choose ${ALLOWED_TEXT}` }];
    expect(expectIssues(scoreItems(SOWS, withItem(key, null)))).toEqual(expected);
    const form = zeros();
    delete form[key];
    expect(expectIssues(scoreItems(SOWS, form))).toEqual(expected);
  });

  it('rejects an unknown item (e.g. from the 14-item adapted SOWS)', () => {
    expect(expectIssues(scoreItems(SOWS, { ...zeros(), headache: 2 }))).toEqual([
      { itemKey: 'headache', message: 'SOWS has no item "headache"' },
    ]);
  });
});

describe('SOWS severity bands', () => {
  it.each([
    [0, 'none'],
    [1, 'mild'],
    [10, 'mild'],
    [11, 'moderate'],
    [20, 'moderate'],
    [21, 'severe'],
    [64, 'severe'],
  ] as const)('a form totalling %i is %s', (total, severity) => {
    expect(expectOk(scoreItems(SOWS, formWithTotal(total)))).toEqual({ total, severity });
    expect(bandFor(SOWS, total).severity).toBe(severity);
  });

  it('bandFor refuses totals outside 0-64', () => {
    expect(() => bandFor(SOWS, 65)).toThrow('SOWS total 65 is outside 0-64');
    expect(() => bandFor(SOWS, -1)).toThrow(RangeError);
  });
});
