import { type IllnessSeverity, type Severity, compareBeds, illnessSeverity } from '@detox/shared';
import type { CensusRow } from '../../lib/api-types.js';

export type SortKey = 'bed' | 'score' | 'due' | 'worst';
export type BandFilter = 'all' | 'mild' | 'moderate' | 'severe';

const RANK: Record<Severity, number> = { none: 0, mild: 1, moderate: 2, 'moderately-severe': 3, severe: 4 };
const MIN_RANK: Record<BandFilter, number> = { all: 0, mild: 1, moderate: 2, severe: 3 };
const ILLNESS_RANK: Record<IllnessSeverity, number> = { stable: 0, watcher: 1, unstable: 2 };

/** Overdue on the board: the patient's next assessment is due before now (one per patient). */
export function isOverdue(row: CensusRow, now: number): boolean {
  return Date.parse(row.nextAssessmentDue) < now;
}

type BoardIllness = { severity: IllnessSeverity; reasons: string[] };
// Board rows are never changed in place (react-query's data), so a row object and an instant decide the answer.
const illnessCache = new WeakMap<CensusRow, { now: number; illness: BoardIllness }>();

/**
 * The I-PASS illness severity as the board can judge it, with the handoff's own rule (shared
 * handoff/illness-severity.ts): the latest score, its rise over the recent scores the board holds
 * (latest minus lowest of the last three), open alerts (not the pending reassessments, which the
 * overdue flag already counts) and an overdue assessment. Vital signs are not on the board, so the
 * shift report may call a patient unstable for a reading the board does not see.
 */
export function boardIllness(row: CensusRow, now: number): BoardIllness {
  // Judged once per row and instant: the worst-first sort asks for it on every comparison, then the row itself.
  const cached = illnessCache.get(row);
  if (cached?.now === now) return cached.illness;
  const illness = judgeIllness(row, now);
  illnessCache.set(row, { now, illness });
  return illness;
}

function judgeIllness(row: CensusRow, now: number): BoardIllness {
  const totals = row.recentTotals;
  const latestTotal = totals.at(-1);
  const rise = latestTotal === undefined || totals.length < 2 ? null : latestTotal - Math.min(...totals);
  return illnessSeverity({
    latest: row.latestScore,
    rise,
    vitals: [],
    earlierVitals: [],
    alerts: row.openAlerts.filter((a) => a.dueAt === null),
    stillOverdue: isOverdue(row, now),
  });
}

/** Worst first: unstable before watcher before stable, then the higher band, the overdue, the higher total. */
function worseFirst(a: CensusRow, b: CensusRow, now: number): number {
  const illness = ILLNESS_RANK[boardIllness(b, now).severity] - ILLNESS_RANK[boardIllness(a, now).severity];
  const band = RANK[b.latestScore?.severity ?? 'none'] - RANK[a.latestScore?.severity ?? 'none'];
  const overdue = Number(isOverdue(b, now)) - Number(isOverdue(a, now));
  const total = (b.latestScore?.total ?? -1) - (a.latestScore?.total ?? -1);
  return illness || band || overdue || total;
}

export function filterAndSort(
  rows: CensusRow[],
  band: BandFilter,
  overdueOnly: boolean,
  sort: SortKey,
  now: number,
): CensusRow[] {
  const kept = rows.filter((r) => {
    if (overdueOnly && !isOverdue(r, now)) return false;
    if (band === 'all') return true;
    return r.latestScore !== null && RANK[r.latestScore.severity] >= MIN_RANK[band];
  });
  const byBed = (a: CensusRow, b: CensusRow) => compareBeds(a.bed, b.bed);
  return kept.sort((a, b) => {
    if (sort === 'score') return (b.latestScore?.total ?? -1) - (a.latestScore?.total ?? -1) || byBed(a, b);
    if (sort === 'due') return Date.parse(a.nextAssessmentDue) - Date.parse(b.nextAssessmentDue) || byBed(a, b);
    if (sort === 'worst') return worseFirst(a, b, now) || byBed(a, b);
    return byBed(a, b);
  });
}
