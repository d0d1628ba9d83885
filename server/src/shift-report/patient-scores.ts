import { getInstrument, itemReasonsText, vitalsOutOfRange } from '@detox/shared';
import { trendOf } from '@detox/shared';
import { vitalsOf } from '../services/assessment-record.js';
import type { AssessmentRecord, ReportedBy } from '../services/shift-report-records.js';
import type { ReportScore, ReportVitalFinding, ScoreRef, ScoreSummary } from './shift-report-types.js';

export function isActive(row: Pick<ReportedBy, 'correctionAction'>): boolean {
  return row.correctionAction === null;
}

export function statusOf(row: Pick<ReportedBy, 'correctionAction'>): ReportScore['status'] {
  if (row.correctionAction === null) return 'active';
  return row.correctionAction === 'replaced' ? 'superseded' : 'entered-in-error';
}

export function scoreRef(row: AssessmentRecord): ScoreRef {
  const instrument = getInstrument(row.instrument);
  return {
    id: row.id,
    takenAt: row.takenAt,
    instrument: instrument.id,
    total: row.total,
    severity: row.severity,
    severityLabel: instrument.bands.find((b) => b.severity === row.severity)?.label ?? row.severity,
  };
}

const inWindow = (iso: string, from: string, to: string) => iso >= from && iso < to;

/**
 * The scores of one admission in [from, to): active ones and those entered in error (listed as
 * such, never counted); superseded ones are represented by their replacement.
 */
export function shiftScores(rows: readonly AssessmentRecord[], from: string, to: string): ReportScore[] {
  return rows
    .filter((r) => inWindow(r.takenAt, from, to) && r.correctionAction !== 'replaced')
    .map((r) => ({
      ...scoreRef(r),
      note: r.note,
      itemReasons: itemReasonsText(r.instrument, r.itemReasons),
      recordedBy: r.recordedByName,
      status: statusOf(r),
      correctionReason: r.correctionReason,
      replacesId: r.supersedesId,
    }));
}

/** Minimum, maximum and trend on the instrument of the latest score, from the last score before the shift. */
export function scoreSummary(active: readonly ScoreRef[], from: string, to: string): ScoreSummary {
  const latest = active.filter((s) => s.takenAt < to).at(-1) ?? null;
  const inShift = active.filter((s) => inWindow(s.takenAt, from, to));
  if (!latest)
    return {
      instrument: null,
      count: inShift.length,
      min: null,
      max: null,
      latest: null,
      baseline: null,
      trend: null,
      rise: null,
    };
  const same = inShift.filter((s) => s.instrument === latest.instrument);
  const baseline = active.filter((s) => s.takenAt < from && s.instrument === latest.instrument).at(-1) ?? null;
  const series = [...(baseline ? [baseline.total] : []), ...same.map((s) => s.total)];
  const totals = same.map((s) => s.total);
  return {
    instrument: latest.instrument,
    count: inShift.length,
    min: totals.length ? Math.min(...totals) : null,
    max: totals.length ? Math.max(...totals) : null,
    latest,
    baseline,
    trend: trendOf(series),
    rise: series.length >= 2 ? (series.at(-1) ?? 0) - Math.min(...series) : null,
  };
}

export const TREND_RULE =
  'Trend: the latest score against the last score before the shift (or the first in it), on the same instrument; a change of 3 or more points is rising or falling.';

/** Out-of-range readings of the active scores in the window, oldest first (docs/clinical.md §7 defaults). */
export function shiftVitals(
  rows: readonly AssessmentRecord[],
  from: string,
  to: string,
): { findings: ReportVitalFinding[]; latestAssessmentId: number | null } {
  const findings: ReportVitalFinding[] = [];
  let latestAssessmentId: number | null = null;
  for (const r of rows) {
    if (!isActive(r) || !inWindow(r.takenAt, from, to)) continue;
    const readings = vitalsOf(r);
    if (readings === null) continue;
    latestAssessmentId = r.id;
    for (const f of vitalsOutOfRange(readings)) findings.push({ ...f, assessmentId: r.id, takenAt: r.takenAt });
  }
  return { findings, latestAssessmentId };
}
