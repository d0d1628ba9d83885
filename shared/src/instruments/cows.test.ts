import { describe, expect, it } from 'vitest';
import { COWS, cowsPulseItemScore } from './cows.js';
import type { Severity } from './instrument.js';
import { bandFor, type ScoreResult, scoreItems } from './scoring.js';

/**
 * The COWS items as docs/clinical.md §1.2 and §10 give them, written out independently of cows.ts so
 * that a wrong allowed value in the instrument definition fails here. `name` is how the item
 * reads inside a sentence of a validation message.
 */
const SPEC = [
  { key: 'pulse', name: 'resting pulse rate', allowed: [0, 1, 2, 4] },
  { key: 'sweating', name: 'sweating', allowed: [0, 1, 2, 3, 4] },
  { key: 'restlessness', name: 'restlessness', allowed: [0, 1, 3, 5] },
  { key: 'pupils', name: 'pupil size', allowed: [0, 1, 2, 5] },
  { key: 'boneJointAches', name: 'bone or joint aches', allowed: [0, 1, 2, 4] },
  { key: 'runnyNoseTearing', name: 'runny nose or tearing', allowed: [0, 1, 2, 4] },
  { key: 'giUpset', name: 'GI upset', allowed: [0, 1, 2, 3, 5] },
  { key: 'tremor', name: 'tremor', allowed: [0, 1, 2, 4] },
  { key: 'yawning', name: 'yawning', allowed: [0, 1, 2, 4] },
  { key: 'anxietyIrritability', name: 'anxiety or irritability', allowed: [0, 1, 2, 4] },
  { key: 'gooseflesh', name: 'gooseflesh skin', allowed: [0, 3, 5] },
] as const;

type Spec = (typeof SPEC)[number];

/** "0, 1, 2 or 5", written out here rather than borrowed from scoring.ts. */
function allowedText(allowed: readonly number[]): string {
  return `${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]}`;
}

/** Severity per docs/clinical.md §1.3 / §10: 0-4 below mild, 5-12, 13-24, 25-36, 37-48. */
function expectedSeverity(total: number): Severity {
  if (total <= 4) return 'none';
  if (total <= 12) return 'mild';
  if (total <= 24) return 'moderate';
  if (total <= 36) return 'moderately-severe';
  return 'severe';
}

function zeros(): Record<string, unknown> {
  return Object.fromEntries(SPEC.map((s) => [s.key, 0]));
}

function withItem(key: string, value: unknown): Record<string, unknown> {
  return { ...zeros(), [key]: value };
}

function expectOk(result: ScoreResult): { total: number; severity: Severity } {
  if (!result.ok) throw new Error(`expected a score, got issues: ${JSON.stringify(result.issues)}`);
  return { total: result.total, severity: result.band.severity };
}

function expectIssues(result: ScoreResult): { itemKey: string | null; message: string }[] {
  if (result.ok) throw new Error(`expected issues, got total ${result.total}`);
  return result.issues;
}

/**
 * One example form for every reachable total, built item by item (a subset-sum table over the
 * items' allowed values), plus how many of all possible forms reach each total.
 */
function enumerateTotals(): { example: Map<number, Record<string, number>>; count: Map<number, number> } {
  let example = new Map<number, Record<string, number>>([[0, {}]]);
  let count = new Map<number, number>([[0, 1]]);
  // Over the instrument's own options (checked against SPEC above): what the product can score.
  for (const item of COWS.items) {
    const allowed = item.options.map((o) => o.value);
    const nextExample = new Map<number, Record<string, number>>();
    const nextCount = new Map<number, number>();
    for (const [sum, form] of example) {
      for (const value of allowed) {
        if (!nextExample.has(sum + value)) nextExample.set(sum + value, { ...form, [item.key]: value });
      }
    }
    for (const [sum, n] of count) {
      for (const value of allowed) nextCount.set(sum + value, (nextCount.get(sum + value) ?? 0) + n);
    }
    example = nextExample;
    count = nextCount;
  }
  return { example, count };
}

describe('COWS definition', () => {
  it('has the 11 items of the form, in order, each with exactly the allowed values of docs/clinical.md §10', () => {
    expect(COWS.items.map((i) => i.key)).toEqual(SPEC.map((s) => s.key));
    for (const spec of SPEC) {
      const item = COWS.items.find((i) => i.key === spec.key);
      expect(
        item?.options.map((o) => o.value),
        spec.key,
      ).toEqual(spec.allowed);
    }
  });

  it('gives every option anchor text (COWS has no unanchored in-between values)', () => {
    for (const item of COWS.items) {
      for (const option of item.options) expect(option.anchor.trim(), `${item.key} ${option.value}`).not.toBe('');
    }
  });

  it('has a maximum total of 48, the sum of the item maxima', () => {
    expect(COWS.maxTotal).toBe(48);
    expect(COWS.items.reduce((sum, item) => sum + Math.max(...item.options.map((o) => o.value)), 0)).toBe(48);
    const allMax = Object.fromEntries(SPEC.map((s) => [s.key, Math.max(...s.allowed)]));
    expect(expectOk(scoreItems(COWS, allMax))).toEqual({ total: 48, severity: 'severe' });
  });

  it('has contiguous bands covering exactly 0-48', () => {
    expect(COWS.bands.map((b) => [b.severity, b.min, b.max])).toEqual([
      ['none', 0, 4],
      ['mild', 5, 12],
      ['moderate', 13, 24],
      ['moderately-severe', 25, 36],
      ['severe', 37, 48],
    ]);
  });
});

describe('COWS scoring: allowed values', () => {
  it('scores an all-zero form as 0, below mild', () => {
    expect(expectOk(scoreItems(COWS, zeros()))).toEqual({ total: 0, severity: 'none' });
  });

  const allowedCases = SPEC.flatMap((spec) => spec.allowed.map((value) => ({ key: spec.key, value })));
  it.each(allowedCases)('$key = $value with every other item 0 totals $value', ({ key, value }) => {
    const { total, severity } = expectOk(scoreItems(COWS, withItem(key, value)));
    expect(total).toBe(value);
    expect(severity).toBe(expectedSeverity(value));
  });

  it('sums items: pulse 4 + pupils 5 + gooseflesh 3 + GI upset 2 = 14, moderate', () => {
    const form = { ...zeros(), pulse: 4, pupils: 5, gooseflesh: 3, giUpset: 2 };
    expect(expectOk(scoreItems(COWS, form))).toEqual({ total: 14, severity: 'moderate' });
  });
});

describe('COWS scoring: disallowed values', () => {
  const odd: unknown[] = [-1, 1.5, '2'];
  const disallowedCases = SPEC.flatMap((spec: Spec) => {
    const integers = [0, 1, 2, 3, 4, 5, 6].filter((v) => !(spec.allowed as readonly number[]).includes(v));
    return [...integers, ...odd].map((value) => ({ key: spec.key, name: spec.name, allowed: spec.allowed, value }));
  });

  // The rejections docs/clinical.md §10 names, item by item: the scorer refuses each, naming the item.
  const NAMED_REJECTIONS: [key: string, values: number[]][] = [
    ['pulse', [3]],
    ['restlessness', [2, 4]],
    ['pupils', [3, 4]],
    ['gooseflesh', [1, 2, 4]],
    ['giUpset', [4]],
    ['sweating', [5]],
    ...['boneJointAches', 'runnyNoseTearing', 'tremor', 'yawning', 'anxietyIrritability'].map(
      (key): [string, number[]] => [key, [3]],
    ),
  ];
  it.each(NAMED_REJECTIONS)('refuses the values docs/clinical.md §10 names for %s: %j', (key, values) => {
    for (const value of values)
      expect(expectIssues(scoreItems(COWS, withItem(key, value))).map((i) => i.itemKey)).toEqual([key]);
  });

  it.each(disallowedCases)(
    '$key = $value is rejected naming the item and its allowed values',
    ({ key, name, allowed, value }) => {
      const issues = expectIssues(scoreItems(COWS, withItem(key, value)));
      expect(issues).toEqual([
        { itemKey: key, message: `COWS ${name} allows ${allowedText(allowed)}; got ${JSON.stringify(value)}` },
      ]);
    },
  );

  it('words the pupil message exactly as the form would read', () => {
    expect(expectIssues(scoreItems(COWS, withItem('pupils', 3)))).toEqual([
      { itemKey: 'pupils', message: 'COWS pupil size allows 0, 1, 2 or 5; got 3' },
    ]);
    expect(expectIssues(scoreItems(COWS, withItem('pulse', 3)))).toEqual([
      { itemKey: 'pulse', message: 'COWS resting pulse rate allows 0, 1, 2 or 4; got 3' },
    ]);
    expect(expectIssues(scoreItems(COWS, withItem('gooseflesh', 1)))).toEqual([
      { itemKey: 'gooseflesh', message: 'COWS gooseflesh skin allows 0, 3 or 5; got 1' },
    ]);
    expect(expectIssues(scoreItems(COWS, withItem('giUpset', '2')))).toEqual([
      { itemKey: 'giUpset', message: 'COWS GI upset allows 0, 1, 2, 3 or 5; got "2"' },
    ]);
  });

  it.each(SPEC.map((s) => ({ key: s.key, name: s.name, allowed: s.allowed })))(
    '$key = null is rejected as missing, listing the allowed values',
    ({ key, name, allowed }) => {
      const issues = expectIssues(scoreItems(COWS, withItem(key, null)));
      expect(issues).toEqual([{ itemKey: key, message: `COWS ${name} is missing: choose ${allowedText(allowed)}` }]);
    },
  );

  it.each([Number.NaN, Number.POSITIVE_INFINITY, true, {}, [2]])('rejects the non-score %s', (value) => {
    const issues = expectIssues(scoreItems(COWS, withItem('sweating', value)));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.itemKey).toBe('sweating');
    expect(issues[0]?.message).toContain('COWS sweating allows 0, 1, 2, 3 or 4; got ');
  });

  it('reports every bad item at once, not just the first', () => {
    const issues = expectIssues(scoreItems(COWS, { ...zeros(), pulse: 3, gooseflesh: 4, restlessness: 2 }));
    expect(issues.map((i) => i.itemKey)).toEqual(['pulse', 'restlessness', 'gooseflesh']);
  });
});

describe('COWS scoring: incomplete and unknown items', () => {
  it.each(SPEC.map((s) => ({ key: s.key, name: s.name, allowed: s.allowed })))(
    'a form without $key is not scored',
    ({ key, name, allowed }) => {
      const form = zeros();
      delete form[key];
      const issues = expectIssues(scoreItems(COWS, form));
      expect(issues).toEqual([{ itemKey: key, message: `COWS ${name} is missing: choose ${allowedText(allowed)}` }]);
    },
  );

  it('an empty form reports all 11 items missing', () => {
    const issues = expectIssues(scoreItems(COWS, {}));
    expect(issues.map((i) => i.itemKey)).toEqual(SPEC.map((s) => s.key));
    expect(issues.every((i) => i.message.includes('is missing: choose'))).toBe(true);
  });

  it('a partial form with high scores is still not scored (no understated total)', () => {
    const form: Record<string, unknown> = { pulse: 4, sweating: 4, restlessness: 5, pupils: 5 };
    const result = scoreItems(COWS, form);
    expect(result.ok).toBe(false);
    expect(expectIssues(result)).toHaveLength(7);
  });

  it('rejects an unknown item key even when the form is otherwise complete', () => {
    const issues = expectIssues(scoreItems(COWS, { ...zeros(), pupilSize: 1 }));
    expect(issues).toEqual([{ itemKey: 'pupilSize', message: 'COWS has no item "pupilSize"' }]);
  });

  it('rejects a hand-entered total passed as an item', () => {
    const issues = expectIssues(scoreItems(COWS, { ...zeros(), total: 0 }));
    expect(issues).toEqual([{ itemKey: 'total', message: 'COWS has no item "total"' }]);
  });
});

describe('COWS severity bands', () => {
  const boundaries: [number, Severity][] = [
    [0, 'none'],
    [4, 'none'],
    [5, 'mild'],
    [12, 'mild'],
    [13, 'moderate'],
    [24, 'moderate'],
    [25, 'moderately-severe'],
    [36, 'moderately-severe'],
    [37, 'severe'],
    [48, 'severe'],
  ];
  const { example } = enumerateTotals();

  it.each(boundaries)('a scored form totalling %i is %s', (total, severity) => {
    const form = example.get(total);
    expect(form, `no form reaches ${total}`).toBeDefined();
    expect(expectOk(scoreItems(COWS, form ?? {}))).toEqual({ total, severity });
    expect(bandFor(COWS, total).severity).toBe(severity);
  });

  it('labels the bands for display', () => {
    expect(bandFor(COWS, 4).label).toBe('Below mild');
    expect(bandFor(COWS, 30).label).toBe('Moderately severe');
  });

  it('bandFor refuses totals outside 0-48', () => {
    expect(() => bandFor(COWS, 49)).toThrow(RangeError);
    expect(() => bandFor(COWS, -1)).toThrow('COWS total -1 is outside 0-48');
  });
});

describe('COWS reachable totals', () => {
  const { example, count } = enumerateTotals();

  it('reaches every total 0-48 and nothing above 48', () => {
    expect([...example.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 49 }, (_, i) => i));
  });

  it('offers 4,915,200 possible forms (4^8 x 5^2 x 3), one of them totalling 0 and one 48', () => {
    expect(COWS.items.reduce((p, item) => p * item.options.length, 1)).toBe(4_915_200);
    expect(count.get(0)).toBe(1);
    expect(count.get(48)).toBe(1);
  });

  it('scores an example form for each total 0-48 to that total and its band', () => {
    for (let total = 0; total <= 48; total++) {
      const form = example.get(total);
      expect(form, `no form reaches ${total}`).toBeDefined();
      expect(Object.keys(form ?? {})).toHaveLength(11);
      expect(expectOk(scoreItems(COWS, form ?? {}))).toEqual({ total, severity: expectedSeverity(total) });
    }
  });
});

describe('cowsPulseItemScore', () => {
  it.each([
    [0, 0],
    [60, 0],
    [80, 0],
    [81, 1],
    [100, 1],
    [101, 2],
    [120, 2],
    [121, 4],
    [250, 4],
  ] as const)('%i bpm scores %i', (bpm, score) => {
    expect(cowsPulseItemScore(bpm)).toBe(score);
  });

  it('only ever returns an allowed pulse item value', () => {
    for (let bpm = 0; bpm <= 250; bpm++) expect([0, 1, 2, 4]).toContain(cowsPulseItemScore(bpm));
  });
});

describe('itemReasonsText: the pulse reason wherever the score is shown', () => {
  it('names the item and the reason; nothing when there is none', async () => {
    const { itemReasonsText } = await import('./item-reasons.js');
    expect(itemReasonsText('COWS', { pulse: 'walked back from the bathroom' })).toBe(
      'resting pulse rate scored below the heart rate: walked back from the bathroom',
    );
    expect(itemReasonsText('COWS', {})).toBe('');
    expect(itemReasonsText('COWS', null)).toBe('');
  });
});
