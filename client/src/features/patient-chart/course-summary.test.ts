import { describe, expect, it } from 'vitest';
import type { TimelineData } from '../../lib/api-types.js';
import { EMPTY_SCORES_MESSAGE, courseFacts, medicationSummary, scoreSummary, vitalsSummary } from './course-summary.js';
import type { MedicationLane } from './medication-strip.js';

const BANDS = [
  { instrument: 'COWS', severity: 'mild', label: 'Mild', min: 5, max: 12 },
  { instrument: 'COWS', severity: 'moderate', label: 'Moderate', min: 13, max: 24 },
] as TimelineData['bands'];

function timeline(patch: Partial<TimelineData> = {}): TimelineData {
  return {
    timeZone: 'America/New_York',
    lastUseAt: '2026-12-02T04:00:00-05:00',
    admittedAt: '2026-12-02T09:00:00-05:00',
    opioidKind: 'short',
    course: 'short-acting-opioid',
    expected: { onsetHours: [8, 24], peakHours: [24, 72], resolutionHours: [72, 240] },
    bands: BANDS,
    assessments: [],
    medications: [],
    vitals: [],
    ...patch,
  } as unknown as TimelineData;
}

const score = (h: number, total: number, severity: string) =>
  ({
    id: h,
    hoursSinceLastUse: h,
    takenAt: '',
    instrument: 'COWS',
    total,
    severity,
    itemReasons: '',
  }) as TimelineData['assessments'][number];

describe('scoreSummary and courseFacts', () => {
  it('says there are no scores yet, and the phase now', () => {
    const text = scoreSummary(timeline(), { hours: 6, label: 'Now' });
    expect(text.startsWith(EMPTY_SCORES_MESSAGE)).toBe(true);
    expect(text).toContain('Expected phase now');
  });

  it('names the latest and the highest score with their clock time', () => {
    const t = timeline({ assessments: [score(10, 7, 'mild'), score(30, 18, 'moderate'), score(40, 9, 'mild')] });
    const text = scoreSummary(t, { hours: 41, label: 'Now' });
    expect(text).toContain('3 COWS assessments.');
    expect(text).toContain('Latest COWS 9 (Mild) at Thu 3 Dec, 20:00 (40.0 h since last use).');
    expect(text).toContain('Highest 18 (Moderate)');
    const facts = courseFacts(t, { hours: 41, label: 'Now' });
    expect(facts.map((f) => f.label)).toEqual([
      'Since last use',
      'Today',
      'Expected phase now',
      'Latest COWS',
      'Highest COWS',
    ]);
    expect(facts[0]?.value).toBe('41.0 h');
    // 41 h after 04:00 on 2 December is 21:00 on 3 December: the second day of the stay.
    expect(facts[1]?.value).toBe('Stay day 2 (Thu 3 Dec)');
  });

  it('speaks of the discharge for a closed stay and leaves out "highest" for a single score', () => {
    const facts = courseFacts(timeline({ assessments: [score(10, 7, 'mild')] }), { hours: 50, label: 'Discharged' });
    expect(facts.map((f) => f.label)).toEqual([
      'At discharge',
      'Discharge day',
      'Expected phase at discharge',
      'Latest COWS',
    ]);
  });
});

describe('medicationSummary and vitalsSummary', () => {
  it('counts doses by status per drug', () => {
    const lanes = [
      { drug: 'clonidine', points: [{ status: 'given' }, { status: 'given' }, { status: 'held' }] },
    ] as unknown as MedicationLane[];
    expect(medicationSummary(lanes)).toBe('Medications by hours since last use. Clonidine: 2 given, 1 held.');
    expect(medicationSummary([])).toBe('No medications recorded.');
  });

  it('names the latest reading and the fastest heart rate', () => {
    const v = (h: number, heartRate: number | null) => ({
      hoursSinceLastUse: h,
      takenAt: '',
      heartRate,
      systolic: 120,
      diastolic: 80,
      temperatureC: null,
      respiratoryRate: null,
      spo2: null,
    });
    const text = vitalsSummary(timeline({ vitals: [v(1, 90), v(2, 118), v(3, 84)] }));
    expect(text).toContain('Latest heart rate 84 bpm, BP 120/80 mmHg');
    expect(text).toContain('Fastest heart rate 118 bpm');
    expect(vitalsSummary(timeline())).toBe('No vital signs recorded.');
  });
});
