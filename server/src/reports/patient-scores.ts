import { type InstrumentId, type Severity, getInstrument, itemReasonsText, vitalsOutOfRange } from '@detox/shared';
import { trendOf } from '@detox/shared';
import type { AssessmentRecord } from '../services/shift-report-records.js';
import type { ReportScore, ReportVitalFinding, ScoreRef, ScoreSummary } from './shift-report-types.js';

export function isActive(row: { correction_action: string | null }): boolean {
  return row.correction_action === null;
}

export function statusOf(row: { correction_action: string | null }): ReportScore['status'] {
  if (row.correction_action === null) return 'active';
  return row.correction_action === 'replaced' ? 'superseded' : 'entered-in-error';
}

export function scoreRef(row: AssessmentRecord): ScoreRef {
  const instrument = getInstrument(row.instrument as InstrumentId);
  return {
    id: row.id,
    takenAt: row.taken_at,
    instrument: instrument.id,
    total: row.total,
    severity: row.severity as Severity,
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
    .filter((r) => inWindow(r.taken_at, from, to) && r.correction_action !== 'replaced')
    .map((r) => ({
      ...scoreRef(r),
      note: r.note,
      itemReasons: itemReasonsText(
        r.instrument as InstrumentId,
        r.item_reasons ? (JSON.parse(r.item_reasons) as Record<string, string>) : null,
      ),
      recordedBy: r.recorded_by_name,
      status: statusOf(r),
      correctionReason: r.correction_reason,
      replacesId: r.supersedes_id,
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
    if (!isActive(r) || !inWindow(r.taken_at, from, to)) continue;
    const readings = {
      heartRate: r.heart_rate,
      systolic: r.systolic,
      diastolic: r.diastolic,
      temperatureC: r.temperature_c,
      respiratoryRate: r.respiratory_rate,
      spo2: r.spo2,
    };
    if (Object.values(readings).some((v) => v !== null)) latestAssessmentId = r.id;
    for (const f of vitalsOutOfRange(readings)) findings.push({ ...f, assessmentId: r.id, takenAt: r.taken_at });
  }
  return { findings, latestAssessmentId };
}
