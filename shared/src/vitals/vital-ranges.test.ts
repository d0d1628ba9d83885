import { describe, expect, it } from 'vitest';
import { DEFAULT_VITAL_RANGES, type VitalSign, vitalRangesText, vitalsOutOfRange } from './vital-ranges.js';

/** The level for one reading of one sign, or null when it is in range. */
function levelOf(sign: VitalSign, value: number) {
  return vitalsOutOfRange({ [sign]: value })[0]?.level ?? null;
}

// docs/clinical.md §7, suggested defaults: each limit is tested on both sides of its boundary.
describe('vitalsOutOfRange at the docs/clinical.md §7 boundaries', () => {
  it.each([
    ['heartRate', 49, 'critical'],
    ['heartRate', 50, 'warning'],
    ['heartRate', 59, 'warning'],
    ['heartRate', 60, null],
    ['heartRate', 100, null],
    ['heartRate', 101, 'warning'],
    ['heartRate', 120, 'warning'],
    ['heartRate', 121, 'critical'],
    ['systolic', 89, 'warning'],
    ['systolic', 90, null],
    ['systolic', 160, null],
    ['systolic', 161, 'warning'],
    ['systolic', 180, 'warning'],
    ['systolic', 181, 'critical'],
    ['diastolic', 59, 'warning'],
    ['diastolic', 60, null],
    ['diastolic', 100, null],
    ['diastolic', 101, 'warning'],
    ['temperatureC', 37.9, null],
    ['temperatureC', 38, 'warning'],
    ['temperatureC', 39.5, 'warning'],
    ['respiratoryRate', 9, 'warning'],
    ['respiratoryRate', 10, null],
    ['respiratoryRate', 24, null],
    ['respiratoryRate', 25, 'warning'],
    ['spo2', 89, 'critical'],
    ['spo2', 90, 'warning'],
    ['spo2', 91, 'warning'],
    ['spo2', 92, null],
    ['spo2', 100, null],
  ] as const)('%s %d → %s', (sign, value, expected) => {
    expect(levelOf(sign, value)).toBe(expected);
  });

  it('says which limit was crossed, in words', () => {
    expect(vitalsOutOfRange({ heartRate: 124 })).toEqual([
      {
        sign: 'heartRate',
        value: 124,
        level: 'critical',
        limit: '> 120 bpm',
        message: 'HR 124 bpm (critical: > 120 bpm)',
      },
    ]);
    expect(vitalsOutOfRange({ temperatureC: 38 })[0]?.message).toBe('Temp 38 °C (warning: >= 38.0 °C)');
    expect(vitalsOutOfRange({ spo2: 91 })[0]?.limit).toBe('< 92 %');
  });

  it('lists every sign out of range in a fixed order and skips missing readings', () => {
    const findings = vitalsOutOfRange({
      spo2: 88,
      heartRate: 130,
      systolic: null,
      diastolic: undefined,
      respiratoryRate: 18,
    });
    expect(findings.map((f) => [f.sign, f.level])).toEqual([
      ['heartRate', 'critical'],
      ['spo2', 'critical'],
    ]);
    expect(vitalsOutOfRange({})).toEqual([]);
  });

  it('uses a unit’s own ranges when given', () => {
    const strict = { ...DEFAULT_VITAL_RANGES, heartRate: { warnAbove: 90 } };
    expect(vitalsOutOfRange({ heartRate: 95 }, strict)[0]?.level).toBe('warning');
    expect(vitalsOutOfRange({ heartRate: 95 })).toEqual([]);
  });
});

describe('vitalRangesText', () => {
  it('says every default range in words, from the ranges themselves', () => {
    expect(vitalRangesText()).toBe(
      'HR > 100 or < 60 bpm warns, > 120 or < 50 bpm is critical; SBP > 160 or < 90 mmHg warns, > 180 mmHg is critical; DBP > 100 or < 60 mmHg warns; Temp >= 38.0 °C warns; RR > 24 or < 10 /min warns; SpO2 < 92% warns, < 90% is critical',
    );
  });

  it('follows a unit that changes a range', () => {
    expect(vitalRangesText({ ...DEFAULT_VITAL_RANGES, heartRate: { warnAbove: 110 } })).toMatch(
      /^HR > 110 bpm warns; SBP/,
    );
  });
});
