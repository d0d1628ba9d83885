import type { Severity } from '@detox/shared';
import type { CensusRow } from '../../lib/api-types.js';

export type SortKey = 'bed' | 'score' | 'due';
export type BandFilter = 'all' | 'mild' | 'moderate' | 'severe';

const RANK: Record<Severity, number> = { none: 0, mild: 1, moderate: 2, 'moderately-severe': 3, severe: 4 };
const MIN_RANK: Record<BandFilter, number> = { all: 0, mild: 1, moderate: 2, severe: 3 };

export function isOverdue(row: CensusRow, now: number): boolean {
  return Date.parse(row.nextAssessmentDue) < now;
}

export function filterAndSort(rows: CensusRow[], band: BandFilter, overdueOnly: boolean, sort: SortKey, now: number): CensusRow[] {
  const kept = rows.filter((r) => {
    if (overdueOnly && !isOverdue(r, now)) return false;
    if (band === 'all') return true;
    return r.latestScore !== null && RANK[r.latestScore.severity] >= MIN_RANK[band];
  });
  const byBed = (a: CensusRow, b: CensusRow) => a.bed.localeCompare(b.bed, undefined, { numeric: true });
  return kept.sort((a, b) => {
    if (sort === 'score') return (b.latestScore?.total ?? -1) - (a.latestScore?.total ?? -1) || byBed(a, b);
    if (sort === 'due') return Date.parse(a.nextAssessmentDue) - Date.parse(b.nextAssessmentDue) || byBed(a, b);
    return byBed(a, b);
  });
}
