import { COWS, type Severity, bandFor } from '../instruments/index.js';
import { describe, expect, it } from 'vitest';
import { illnessSeverity } from './illness-severity.js';

const cows = (total: number) => {
  const band = bandFor(COWS, total);
  return { total, severity: band.severity as Severity, severityLabel: band.label, instrument: 'COWS' };
};
const base = { rise: null, vitals: [], earlierVitals: [], alerts: [], stillOverdue: false };

describe('illnessSeverity (I-PASS) at its boundaries', () => {
  it.each([
    [12, 'stable'],
    [13, 'watcher'],
    [24, 'watcher'],
    [25, 'unstable'],
    [37, 'unstable'],
  ] as const)('latest COWS %d → %s', (total, expected) => {
    expect(illnessSeverity({ ...base, latest: cows(total) }).severity).toBe(expected);
  });

  it.each([
    [2, 'stable'],
    [3, 'watcher'],
    [5, 'watcher'],
    [6, 'unstable'],
  ] as const)('a rise of %d points on a mild score → %s', (rise, expected) => {
    expect(illnessSeverity({ ...base, latest: cows(8), rise }).severity).toBe(expected);
  });

  it('treats a critical latest vital sign as unstable, a warning or an earlier critical one as watcher', () => {
    const critical = { level: 'critical' as const, message: 'HR 125 bpm (critical: > 120 bpm)' };
    const warning = { level: 'warning' as const, message: 'HR 104 bpm (warning: > 100 bpm)' };
    expect(illnessSeverity({ ...base, latest: cows(3), vitals: [critical] })).toEqual({
      severity: 'unstable',
      reasons: ['HR 125 bpm (critical: > 120 bpm)'],
    });
    expect(illnessSeverity({ ...base, latest: cows(3), vitals: [warning] }).severity).toBe('watcher');
    expect(illnessSeverity({ ...base, latest: cows(3), earlierVitals: [critical] })).toEqual({
      severity: 'watcher',
      reasons: ['earlier in the shift: HR 125 bpm (critical: > 120 bpm)'],
    });
    expect(illnessSeverity({ ...base, latest: cows(3), earlierVitals: [warning] }).severity).toBe('stable');
  });

  it('counts open alerts, a missed assessment and a missing score', () => {
    expect(
      illnessSeverity({
        ...base,
        latest: cows(3),
        alerts: [{ severity: 'danger', message: 'Precipitated withdrawal' }],
      }),
    ).toEqual({
      severity: 'unstable',
      reasons: ['open alert: Precipitated withdrawal'],
    });
    expect(
      illnessSeverity({ ...base, latest: cows(3), alerts: [{ severity: 'warning', message: 'x' }] }).severity,
    ).toBe('watcher');
    expect(illnessSeverity({ ...base, latest: cows(3), stillOverdue: true })).toEqual({
      severity: 'watcher',
      reasons: ['assessment overdue'],
    });
    expect(illnessSeverity({ ...base, latest: null })).toEqual({
      severity: 'watcher',
      reasons: ['no withdrawal score charted yet'],
    });
  });

  it('lists every reason, the unstable ones first, without repeats', () => {
    const result = illnessSeverity({
      ...base,
      latest: cows(30),
      rise: 4,
      stillOverdue: true,
      vitals: [
        { level: 'warning', message: 'Temp 38.2 °C' },
        { level: 'warning', message: 'Temp 38.2 °C' },
      ],
    });
    expect(result).toEqual({
      severity: 'unstable',
      reasons: ['latest COWS 30 (moderately severe)', 'score rose 4 points', 'Temp 38.2 °C', 'assessment overdue'],
    });
  });
});
