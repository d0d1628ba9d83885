import { describe, expect, it } from 'vitest';
import { type WithdrawalPhase, WITHDRAWAL_PHASES, withdrawalPhase, withdrawalPhaseLabel } from './phase.js';

// Boundaries from expectedCourse: short onset 8, peak 24-72, resolved 240; long onset 24, peak
// 72-96, resolved 480. Each boundary is tested on both sides.
const SHORT_ACTING: [number, WithdrawalPhase][] = [
  [0, 'before-onset'],
  [7.99, 'before-onset'],
  [8, 'onset'],
  [23.99, 'onset'],
  [24, 'peak'],
  [48, 'peak'],
  [72, 'peak'],
  [72.01, 'taper'],
  [120, 'taper'], // earliest resolution is not yet "resolved": that waits for the latest
  [239.99, 'taper'],
  [240, 'resolved'],
  [10_000, 'resolved'],
];

const LONG_ACTING: [number, WithdrawalPhase][] = [
  [0, 'before-onset'],
  [23.99, 'before-onset'],
  [24, 'onset'],
  [48, 'onset'], // between onset.to (48) and peak.from (72) the patient is still in onset
  [71.99, 'onset'],
  [72, 'peak'],
  [96, 'peak'],
  [96.01, 'taper'],
  [240, 'taper'],
  [479.99, 'taper'],
  [480, 'resolved'],
];

describe('withdrawalPhase', () => {
  it.each(SHORT_ACTING)('short-acting at %s h is %s', (hours, phase) => {
    expect(withdrawalPhase(hours, 'short')).toBe(phase);
  });

  it.each(LONG_ACTING)('long-acting at %s h is %s', (hours, phase) => {
    expect(withdrawalPhase(hours, 'long')).toBe(phase);
  });

  it.each([-0.01, -1, -5_000])(
    'treats %s h (last use recorded after the time) as before onset for both kinds',
    (hours) => {
      expect(withdrawalPhase(hours, 'short')).toBe('before-onset');
      expect(withdrawalPhase(hours, 'long')).toBe('before-onset');
    },
  );

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
    'refuses %s hours rather than showing a phase',
    (hours) => {
      expect(() => withdrawalPhase(hours, 'short')).toThrow(RangeError);
    },
  );

  it('never goes backwards as hours pass', () => {
    for (const kind of ['short', 'long'] as const) {
      let previous = 0;
      for (let hours = -10; hours <= 600; hours += 0.25) {
        const rank = WITHDRAWAL_PHASES.indexOf(withdrawalPhase(hours, kind));
        expect(rank).toBeGreaterThanOrEqual(previous);
        previous = rank;
      }
    }
  });
});

describe('withdrawalPhaseLabel', () => {
  it('labels every phase for the chart, saying that only the acute phase resolves, and never "Taper" (a medication word)', () => {
    expect(WITHDRAWAL_PHASES.map((p) => withdrawalPhaseLabel(p))).toEqual([
      'Before expected onset',
      'Onset',
      'Peak',
      'Resolution',
      'Acute phase resolved',
    ]);
    expect(WITHDRAWAL_PHASES.map((p) => withdrawalPhaseLabel(p, 'methadone'))).not.toContain('Taper');
  });

  it('names the alcohol phases for alcohol and its dangers', () => {
    expect(WITHDRAWAL_PHASES.map((p) => withdrawalPhaseLabel(p, 'alcohol'))).toEqual([
      'Before expected alcohol withdrawal',
      'Early alcohol withdrawal (seizure risk)',
      'Peak alcohol withdrawal (seizure and delirium risk)',
      'Alcohol withdrawal resolution',
      'Acute alcohol withdrawal resolved',
    ]);
  });
});

// Alcohol: onset 6, peak 10-72, resolved 168 (docs/clinical.md §5.4).
describe('withdrawalPhase: alcohol', () => {
  it.each([
    [5.99, 'before-onset'],
    [6, 'onset'],
    [9.99, 'onset'],
    [10, 'peak'],
    [72, 'peak'],
    [72.01, 'taper'],
    [167.99, 'taper'],
    [168, 'resolved'],
  ] as const)('at %s h is %s', (hours, phase) => {
    expect(withdrawalPhase(hours, 'alcohol')).toBe(phase);
  });
});
