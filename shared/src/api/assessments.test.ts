import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { recordAssessmentInput } from './assessments.js';

const NOW = new Date('2026-11-22T08:00:00.000Z');

const COWS_KEYS = [
  'pulse',
  'sweating',
  'restlessness',
  'pupils',
  'boneJointAches',
  'runnyNoseTearing',
  'giUpset',
  'tremor',
  'yawning',
  'anxietyIrritability',
  'gooseflesh',
] as const;

function cowsItems(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...Object.fromEntries(COWS_KEYS.map((k) => [k, 0])), ...overrides };
}

/** A valid COWS record charted an hour before NOW; overrides replace top-level fields. */
function cows(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    admissionId: 7,
    instrument: 'COWS',
    takenAt: '2026-11-22T02:00:00-05:00',
    items: cowsItems({ pulse: 1, sweating: 2, pupils: 2, gooseflesh: 3 }),
    ...overrides,
  };
}

/** ISO instant `ms` from NOW, with a -05:00 offset so offset handling is exercised too. */
function fromNow(ms: number): string {
  const local = new Date(NOW.getTime() + ms - 5 * 3600_000).toISOString().slice(0, 19);
  return `${local}-05:00`;
}

function issues(input: unknown): { path: PropertyKey[]; message: string }[] {
  const result = recordAssessmentInput.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((i) => ({ path: i.path, message: i.message }));
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('recordAssessmentInput: valid records', () => {
  it('accepts a complete COWS record and keeps its items', () => {
    const result = recordAssessmentInput.safeParse(cows());
    expect(result.success).toBe(true);
    expect(result.data?.items).toEqual(cowsItems({ pulse: 1, sweating: 2, pupils: 2, gooseflesh: 3 }));
    expect(result.data?.instrument).toBe('COWS');
  });

  it('accepts COWS with matching vitals and a note', () => {
    const input = cows({
      vitals: { heartRate: 92, systolic: 140, diastolic: 90, temperatureC: 37.4, respiratoryRate: 18, spo2: 97 },
      note: '  restless  ',
    });
    const result = recordAssessmentInput.safeParse(input);
    expect(result.success).toBe(true);
    expect(result.data?.note).toBe('restless');
  });

  it('accepts SOWS and CIWA-Ar records', () => {
    const sows = Object.fromEntries(
      [
        'anxious',
        'yawning',
        'perspiring',
        'tearing',
        'runnyNose',
        'gooseflesh',
        'shaking',
        'hotFlushes',
        'coldFlushes',
        'bonesMusclesAche',
        'restless',
        'nauseous',
        'likeVomiting',
        'musclesTwitch',
        'stomachCramps',
        'likeUsing',
      ].map((k) => [k, 2]),
    );
    expect(issues(cows({ instrument: 'SOWS', items: sows }))).toEqual([]);
    const ciwa = Object.fromEntries(
      [
        'nauseaVomiting',
        'tremor',
        'paroxysmalSweats',
        'anxiety',
        'agitation',
        'tactileDisturbances',
        'auditoryDisturbances',
        'visualDisturbances',
        'headache',
        'orientation',
      ].map((k) => [k, 3]),
    );
    expect(issues(cows({ instrument: 'CIWA-Ar', items: ciwa }))).toEqual([]);
  });
});

describe('recordAssessmentInput: item scores', () => {
  it('rejects a disallowed value at ["items", key] with the scale message', () => {
    expect(issues(cows({ items: cowsItems({ pupils: 3 }) }))).toEqual([
      { path: ['items', 'pupils'], message: 'COWS pupil size allows 0, 1, 2 or 5; got 3' },
    ]);
  });

  it('reports each bad or missing item at its own path', () => {
    const items = cowsItems({ pulse: 3, gooseflesh: 1 });
    delete items.tremor;
    expect(issues(cows({ items }))).toEqual([
      { path: ['items', 'pulse'], message: 'COWS resting pulse rate allows 0, 1, 2 or 4; got 3' },
      { path: ['items', 'tremor'], message: 'COWS tremor is missing: choose 0, 1, 2 or 4' },
      { path: ['items', 'gooseflesh'], message: 'COWS gooseflesh skin allows 0, 3 or 5; got 1' },
    ]);
  });

  it('rejects an unknown item key', () => {
    expect(issues(cows({ items: cowsItems({ total: 9 }) }))).toEqual([
      { path: ['items', 'total'], message: 'COWS has no item "total"' },
    ]);
  });

  it('checks items against the chosen instrument (COWS items are not a SOWS form)', () => {
    const found = issues(cows({ instrument: 'SOWS' }));
    expect(found.length).toBeGreaterThan(0);
    expect(found).toContainEqual({ path: ['items', 'pulse'], message: 'SOWS has no item "pulse"' });
    expect(found).toContainEqual({
      path: ['items', 'anxious'],
      message: 'SOWS I feel anxious is missing: choose 0, 1, 2, 3 or 4',
    });
  });

  it('rejects an unknown instrument', () => {
    expect(issues(cows({ instrument: 'OOWS' }))).toContainEqual({
      path: ['instrument'],
      message: 'instrument must be one of COWS, SOWS, CIWA-Ar',
    });
  });

  it('requires items to be an object', () => {
    expect(issues(cows({ items: [1, 2, 3] }))).toContainEqual({
      path: ['items'],
      message: 'items must be an object of item scores',
    });
  });
});

describe('recordAssessmentInput: COWS pulse item against the heart rate', () => {
  const boundaries = [
    [80, 0],
    [81, 1],
    [100, 1],
    [101, 2],
    [120, 2],
    [121, 4],
  ] as const;

  it.each(boundaries)('heart rate %i bpm with pulse item %i is accepted', (heartRate, pulse) => {
    expect(issues(cows({ items: cowsItems({ pulse }), vitals: { heartRate } }))).toEqual([]);
  });

  const disagreeing = boundaries.flatMap(([heartRate, expected]) =>
    [0, 1, 2, 4].filter((p) => p !== expected).map((pulse) => ({ heartRate, pulse, expected })),
  );
  const above = disagreeing.filter((d) => d.pulse > d.expected);
  const below = disagreeing.filter((d) => d.pulse < d.expected);

  it.each(above)(
    'heart rate $heartRate bpm with pulse item $pulse (above its $expected) is rejected, even with a reason',
    ({ heartRate, pulse, expected }) => {
      const message = `COWS resting pulse is scored ${pulse} but the heart rate of ${heartRate} bpm scores ${expected}; an item above the measured heart rate is not allowed: correct the pulse item or the heart rate`;
      expect(issues(cows({ items: cowsItems({ pulse }), vitals: { heartRate } }))).toEqual([
        { path: ['items', 'pulse'], message },
      ]);
      expect(
        issues(
          cows({
            items: cowsItems({ pulse }),
            vitals: { heartRate },
            itemReasons: { pulse: 'anxious about the test' },
          }),
        ),
      ).toEqual([{ path: ['items', 'pulse'], message }]);
    },
  );

  it.each(below)(
    'heart rate $heartRate bpm with pulse item $pulse (below its $expected) needs a reason (docs/clinical.md §1.1)',
    ({ heartRate, pulse, expected }) => {
      expect(issues(cows({ items: cowsItems({ pulse }), vitals: { heartRate } }))).toEqual([
        {
          path: ['items', 'pulse'],
          message: `COWS resting pulse is scored ${pulse}, below the ${expected} that a heart rate of ${heartRate} bpm scores; score only what withdrawal causes, and say why the pulse is not from withdrawal (e.g. just walked back from the bathroom), or correct the pulse item or the heart rate`,
        },
      ]);
      expect(
        issues(
          cows({
            items: cowsItems({ pulse }),
            vitals: { heartRate },
            itemReasons: { pulse: 'walked back from bathroom' },
          }),
        ),
      ).toEqual([]);
    },
  );

  it('a reason of 3 characters is enough; 2, or blanks, are not', () => {
    const lowered = (reason: string) =>
      issues(cows({ items: cowsItems({ pulse: 0 }), vitals: { heartRate: 81 }, itemReasons: { pulse: reason } }));
    expect(lowered('ran')).toEqual([]);
    expect(lowered('ra')).toHaveLength(1);
    expect(lowered('   ')).toHaveLength(1);
  });

  it('keeps the reason with the item, and refuses a reason for an item the instrument does not have', () => {
    const parsed = recordAssessmentInput.safeParse(
      cows({ items: cowsItems({ pulse: 1 }), vitals: { heartRate: 110 }, itemReasons: { pulse: ' after physio ' } }),
    );
    expect(parsed.data?.itemReasons).toEqual({ pulse: 'after physio' });
    expect(issues(cows({ itemReasons: { heartbeat: 'x y z' } }))).toEqual([
      {
        path: ['itemReasons', 'heartbeat'],
        message: 'heartbeat is not an item of COWS; give reasons only for its items',
      },
    ]);
  });

  it('does not check the pulse item when no heart rate is recorded', () => {
    expect(issues(cows({ items: cowsItems({ pulse: 4 }) }))).toEqual([]);
    expect(issues(cows({ items: cowsItems({ pulse: 4 }), vitals: { spo2: 98 } }))).toEqual([]);
  });

  it('does not compare heart rate with SOWS or CIWA-Ar items', () => {
    const ciwa = Object.fromEntries(
      [
        'nauseaVomiting',
        'tremor',
        'paroxysmalSweats',
        'anxiety',
        'agitation',
        'tactileDisturbances',
        'auditoryDisturbances',
        'visualDisturbances',
        'headache',
        'orientation',
      ].map((k) => [k, 0]),
    );
    expect(issues(cows({ instrument: 'CIWA-Ar', items: ciwa, vitals: { heartRate: 140 } }))).toEqual([]);
  });

  it('reports only the disallowed value when the pulse item is not a COWS value at all', () => {
    expect(issues(cows({ items: cowsItems({ pulse: 3 }), vitals: { heartRate: 130 } }))).toEqual([
      { path: ['items', 'pulse'], message: 'COWS resting pulse rate allows 0, 1, 2 or 4; got 3' },
    ]);
  });
});

describe('recordAssessmentInput: takenAt', () => {
  const FUTURE = 'is in the future; enter the time it actually happened';

  it.each([
    ['an hour ago', -3600_000],
    ['now', 0],
    ['4 minutes ahead', 4 * 60_000],
    ['exactly 5 minutes ahead', 5 * 60_000],
  ])('accepts a time %s', (_label, offsetMs) => {
    expect(issues(cows({ takenAt: fromNow(offsetMs) }))).toEqual([]);
  });

  it.each([
    ['5 minutes and 1 second ahead', 5 * 60_000 + 1000],
    ['6 minutes ahead', 6 * 60_000],
    ['a day ahead', 24 * 3600_000],
  ])('rejects a time %s', (_label, offsetMs) => {
    expect(issues(cows({ takenAt: fromNow(offsetMs) }))).toEqual([{ path: ['takenAt'], message: FUTURE }]);
  });

  it('compares instants, not wall-clock text: 03:04-05:00 is 4 min ahead of 08:00Z, 08:06+00:00 is 6', () => {
    expect(issues(cows({ takenAt: '2026-11-22T03:04:00-05:00' }))).toEqual([]);
    expect(issues(cows({ takenAt: '2026-11-22T08:04:00Z' }))).toEqual([]);
    expect(issues(cows({ takenAt: '2026-11-22T08:06:00+00:00' }))).toEqual([{ path: ['takenAt'], message: FUTURE }]);
    // 09:03 in UTC+1 is 08:03Z: inside the tolerance even though the wall-clock reads later.
    expect(issues(cows({ takenAt: '2026-11-22T09:03:00+01:00' }))).toEqual([]);
  });

  it.each(['2026-11-22T02:00:00', '2026-11-22 02:00:00-05:00', '2026-11-22', 'yesterday', ''])(
    'rejects %j, which has no offset or is not ISO-8601',
    (takenAt) => {
      expect(issues(cows({ takenAt }))).toContainEqual({
        path: ['takenAt'],
        message: 'must be an ISO-8601 time with an offset, such as 2026-11-22T03:00:00-05:00',
      });
    },
  );

  it('requires takenAt', () => {
    const input = cows();
    delete input.takenAt;
    const found = issues(input);
    expect(found).toHaveLength(1);
    expect(found[0]?.path).toEqual(['takenAt']);
  });
});

describe('recordAssessmentInput: vitals', () => {
  const implausible = [
    ['heartRate', 1100, 'Heart rate above 250 bpm is not plausible; check the reading'],
    ['heartRate', 251, 'Heart rate above 250 bpm is not plausible; check the reading'],
    ['heartRate', 19, 'Heart rate of less than 20 bpm is not plausible; check the reading'],
    ['heartRate', 88.5, 'Heart rate must be a whole number of bpm'],
    ['heartRate', '88', 'Heart rate must be a number in bpm'],
    ['temperatureC', 29.9, 'Temperature of less than 30 °C is not plausible; check the reading'],
    ['temperatureC', 45.1, 'Temperature above 45 °C is not plausible; check the reading'],
    ['temperatureC', 98.6, 'Temperature above 45 °C is not plausible; check the reading'],
    ['respiratoryRate', 1, 'Respiratory rate of less than 2 breaths/min is not plausible; check the reading'],
    ['respiratoryRate', 81, 'Respiratory rate above 80 breaths/min is not plausible; check the reading'],
    ['spo2', 49, 'SpO2 of less than 50 % is not plausible; check the reading'],
    ['spo2', 101, 'SpO2 above 100 % is not plausible; check the reading'],
  ] as const;

  it.each(implausible)('rejects %s = %j', (field, value, message) => {
    // The pulse item is set to what the (implausible) rate would score, so that the only issue
    // left is the plausibility one: an implausible rate currently also raises a pulse mismatch.
    const pulse = typeof value === 'number' && field === 'heartRate' ? (value > 120 ? 4 : value <= 80 ? 0 : 1) : 1;
    expect(issues(cows({ items: cowsItems({ pulse }), vitals: { [field]: value } }))).toEqual([
      { path: ['vitals', field], message },
    ]);
  });

  it.each([
    [
      { systolic: 39, diastolic: 30 },
      'systolic',
      'Systolic pressure of less than 40 mmHg is not plausible; check the reading',
    ],
    [
      { systolic: 301, diastolic: 90 },
      'systolic',
      'Systolic pressure above 300 mmHg is not plausible; check the reading',
    ],
    [
      { systolic: 120, diastolic: 19 },
      'diastolic',
      'Diastolic pressure of less than 20 mmHg is not plausible; check the reading',
    ],
    [
      { systolic: 280, diastolic: 201 },
      'diastolic',
      'Diastolic pressure above 200 mmHg is not plausible; check the reading',
    ],
  ])('rejects blood pressure %j', (vitals, field, message) => {
    expect(issues(cows({ vitals }))).toContainEqual({ path: ['vitals', field], message });
  });

  it('accepts the plausibility limits themselves', () => {
    const low = { heartRate: 20, systolic: 40, diastolic: 20, temperatureC: 30, respiratoryRate: 2, spo2: 50 };
    const high = { heartRate: 250, systolic: 300, diastolic: 200, temperatureC: 45, respiratoryRate: 80, spo2: 100 };
    expect(issues(cows({ items: cowsItems({ pulse: 0 }), vitals: low }))).toEqual([]);
    expect(issues(cows({ items: cowsItems({ pulse: 4 }), vitals: high }))).toEqual([]);
  });

  it.each([
    [120, 120],
    [120, 130],
  ])('rejects systolic %i with diastolic %i (diastolic not below systolic)', (systolic, diastolic) => {
    expect(issues(cows({ vitals: { systolic, diastolic } }))).toEqual([
      { path: ['vitals', 'diastolic'], message: 'diastolic must be lower than systolic; check the blood pressure' },
    ]);
  });

  it('accepts diastolic one below systolic', () => {
    expect(issues(cows({ vitals: { systolic: 120, diastolic: 119 } }))).toEqual([]);
  });

  it('requires both halves of a blood pressure', () => {
    expect(issues(cows({ vitals: { systolic: 120 } }))).toEqual([
      { path: ['vitals', 'diastolic'], message: 'record both systolic and diastolic pressure' },
    ]);
    expect(issues(cows({ vitals: { diastolic: 80 } }))).toEqual([
      { path: ['vitals', 'systolic'], message: 'record both systolic and diastolic pressure' },
    ]);
  });
});

describe('recordAssessmentInput: other fields', () => {
  it.each([0, -3, 1.5, '7'])('rejects admissionId %j', (admissionId) => {
    const found = issues(cows({ admissionId }));
    expect(found).toHaveLength(1);
    expect(found[0]?.path).toEqual(['admissionId']);
  });

  it('rejects a note of 2001 characters and accepts 2000', () => {
    expect(issues(cows({ note: 'x'.repeat(2001) }))).toEqual([
      { path: ['note'], message: 'keep the note under 2000 characters' },
    ]);
    expect(issues(cows({ note: 'x'.repeat(2000) }))).toEqual([]);
  });
});
