import { describe, expect, it } from 'vitest';
import type { TimelineData } from '../../lib/api-types.js';
import { MAX_DOTTED_POINTS } from './chart-layout.js';
import { type Band, scoreAxisMax, scoreData } from './score-series.js';

const COWS_BANDS: Band[] = [
  { instrument: 'COWS', severity: 'none', label: 'Below mild', min: 0, max: 4 },
  { instrument: 'COWS', severity: 'mild', label: 'Mild', min: 5, max: 12 },
  { instrument: 'COWS', severity: 'moderate', label: 'Moderate', min: 13, max: 24 },
  { instrument: 'COWS', severity: 'moderately-severe', label: 'Moderately severe', min: 25, max: 36 },
  { instrument: 'COWS', severity: 'severe', label: 'Severe', min: 37, max: 48 },
];

function assessment(
  id: number,
  h: number,
  total: number,
  instrument: 'COWS' | 'SOWS' = 'COWS',
): TimelineData['assessments'][number] {
  return {
    id,
    hoursSinceLastUse: h,
    takenAt: '2026-12-02T08:00:00Z',
    instrument,
    total,
    severity: 'mild',
    itemReasons: '',
  } as TimelineData['assessments'][number];
}

describe('scoreAxisMax (COWS)', () => {
  it('reaches at least the moderately severe line, so a quiet course does not look dramatic', () => {
    expect(scoreAxisMax(0, COWS_BANDS, 48)).toBe(30);
    expect(scoreAxisMax(12, COWS_BANDS, 48)).toBe(30);
  });

  it('shows the band above the peak: at 24 the 25 line, at 25 the 37 line', () => {
    expect(scoreAxisMax(24, COWS_BANDS, 48)).toBe(30);
    expect(scoreAxisMax(25, COWS_BANDS, 48)).toBe(40);
    expect(scoreAxisMax(36, COWS_BANDS, 48)).toBe(40);
  });

  it('never goes above the instrument’s maximum', () => {
    expect(scoreAxisMax(37, COWS_BANDS, 48)).toBe(48);
    expect(scoreAxisMax(48, COWS_BANDS, 48)).toBe(48);
  });
});

describe('scoreData', () => {
  it('keeps rows in time order across instruments and draws the bands of the one charted most', () => {
    const data = scoreData([assessment(1, 5, 3), assessment(2, 2, 9, 'SOWS'), assessment(3, 8, 14)], COWS_BANDS);
    expect(data.rows.map((r) => r.id)).toEqual([2, 1, 3]);
    expect(data.series.map((s) => [s.instrument, s.count, s.downsampled])).toEqual([
      ['COWS', 2, false],
      ['SOWS', 1, false],
    ]);
    expect(data.primary).toBe('COWS');
    expect(data.bandLines).toHaveLength(5);
    expect(data.rows[0]?.h).toBe(2);
  });

  it('draws COWS bands for an empty chart', () => {
    const data = scoreData([], COWS_BANDS);
    expect(data.rows).toEqual([]);
    expect(data.primary).toBe('COWS');
    expect(data.yMax).toBe(30);
  });

  it('thins a series longer than the dotted limit and keeps its peak', () => {
    const many = Array.from({ length: MAX_DOTTED_POINTS + 1 }, (_, i) => assessment(i + 1, i, i === 250 ? 40 : 3));
    const data = scoreData(many, COWS_BANDS);
    expect(data.series[0]?.downsampled).toBe(true);
    expect(data.rows.length).toBeLessThanOrEqual(MAX_DOTTED_POINTS);
    expect(data.rows.some((r) => r.total === 40)).toBe(true);
    const exact = scoreData(many.slice(0, MAX_DOTTED_POINTS), COWS_BANDS);
    expect(exact.series[0]?.downsampled).toBe(false);
  });
});
