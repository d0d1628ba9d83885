import { SEVERITIES } from '@detox/shared';
import type { BandCount, PatientSection, UnitTotals } from './shift-report-types.js';

/** The unit's figures at the top of the report. Corrected records never count (active records only). */
export function unitTotals(patients: readonly PatientSection[], from: string, asOf: string): UnitTotals {
  const byBand = Object.fromEntries([...SEVERITIES, 'no-score'].map((s) => [s, 0])) as BandCount;
  const byIllnessSeverity = { stable: 0, watcher: 0, unstable: 0 };
  const totals: UnitTotals = {
    census: patients.length,
    censusAtStart: 0,
    censusAtEnd: 0,
    admissions: 0,
    discharges: 0,
    byBand,
    byIllnessSeverity,
    assessments: 0,
    dosesGiven: 0,
    prnDosesGiven: 0,
    heldOrRefused: 0,
    overdueAssessments: 0,
    openAlerts: 0,
    acknowledgedAlerts: 0,
  };
  for (const p of patients) {
    if (p.admittedAt < from && (p.dischargedAt === null || p.dischargedAt > from)) totals.censusAtStart += 1;
    if (p.dischargedAt === null || p.dischargedAt > asOf) totals.censusAtEnd += 1;
    if (p.admittedDuringShift) totals.admissions += 1;
    if (p.dischargedDuringShift) totals.discharges += 1;
    byBand[p.scoreSummary.latest?.severity ?? 'no-score'] += 1;
    byIllnessSeverity[p.illness.severity] += 1;
    totals.assessments += p.scores.filter((s) => s.status === 'active').length;
    const active = p.administrations.filter((a) => a.recordStatus === 'active');
    totals.dosesGiven += active.filter((a) => a.status === 'given').length;
    totals.prnDosesGiven += active.filter((a) => a.status === 'given' && a.prn).length;
    totals.heldOrRefused += active.filter((a) => a.status !== 'given').length;
    totals.overdueAssessments += p.overdue.length;
    totals.openAlerts += p.openAlerts.length;
    totals.acknowledgedAlerts += p.shiftAlerts.filter((a) => a.status === 'acknowledged').length;
  }
  return totals;
}
