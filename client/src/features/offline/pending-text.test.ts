import { describe, expect, it } from 'vitest';
import { describeWrite } from './pending-text.js';

const COWS_11 = {
  pulse: 1,
  sweating: 1,
  restlessness: 1,
  pupils: 1,
  boneJointAches: 1,
  runnyNoseTearing: 1,
  giUpset: 2,
  tremor: 1,
  yawning: 1,
  anxietyIrritability: 1,
  gooseflesh: 0,
};

describe('describeWrite', () => {
  it('an assessment: scale, total, band, and the charted time on the unit clock', () => {
    const text = describeWrite(
      {
        procedure: 'assessments.record',
        input: { admissionId: 1, instrument: 'COWS', takenAt: '2026-12-02T10:05:00Z', items: COWS_11 },
      },
      'UTC',
    );
    expect(text).toBe('COWS 11 (mild), taken 02 Dec 10:05');
  });
  it('a dose: drug, dose, route, outcome and time', () => {
    const text = describeWrite(
      {
        procedure: 'medications.record',
        input: {
          admissionId: 1,
          orderId: 3,
          drug: 'loperamide',
          doseMg: 4,
          route: 'PO',
          status: 'given',
          givenAt: '2026-12-02T10:05:00Z',
        },
      },
      'America/New_York',
    );
    expect(text).toBe('Loperamide 4 mg PO given 02 Dec 05:05');
  });
  it('an entered-in-error correction names the record', () => {
    expect(
      describeWrite(
        { procedure: 'medications.correct', input: { administrationId: 9, reason: 'wrong patient' } },
        'UTC',
      ),
    ).toBe('Administration #9 marked entered in error');
  });
});
