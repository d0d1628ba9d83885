import { type DrugId, type Route, getDrug } from '@detox/shared';
import type { AdministrationRecord } from '../services/shift-report-records.js';
import { isActive, statusOf } from './patient-scores.js';
import { prnEffect, prnEffectText } from './prn-effect.js';
import { unitHourMinute } from './report-format.js';
import type { PatientSection, ReportAdministration, ScoreRef } from './shift-report-types.js';

/**
 * Every dose charted in [from, to): given, held and refused, active or entered in error (superseded
 * ones are represented by their replacement); PRN doses given carry the score before and after.
 */
export function shiftAdministrations(
  rows: readonly AdministrationRecord[],
  activeScores: readonly ScoreRef[],
  w: { from: string; to: string; zone: string },
  prnReassessMinutes: number,
): ReportAdministration[] {
  const { from, to, zone } = w;
  // Every active dose given, any drug, scheduled or PRN: a PRN's change is credited to it only when none of these came between its scores.
  const otherDoses = rows
    .filter((r) => isActive(r) && r.status === 'given')
    .map((r) => ({
      id: r.id,
      drug: r.drug as DrugId,
      drugName: getDrug(r.drug as DrugId).name,
      doseMg: r.dose_mg,
      givenAt: r.given_at,
    }));
  const effectOf = (r: AdministrationRecord) => {
    const e = prnEffect(
      { id: r.id, givenAt: r.given_at },
      r.assessment_id,
      activeScores,
      otherDoses,
      prnReassessMinutes,
    );
    return { ...e, text: prnEffectText(e, (iso) => unitHourMinute(iso, zone)) };
  };
  return rows
    .filter((r) => r.given_at >= from && r.given_at < to && r.correction_action !== 'replaced')
    .map((r) => {
      const drug = r.drug as DrugId;
      const active = isActive(r);
      return {
        id: r.id,
        givenAt: r.given_at,
        drug,
        drugName: getDrug(drug).name,
        doseMg: r.dose_mg,
        route: r.route as Route,
        status: r.status,
        prn: r.prn === 1,
        reason: r.status === 'given' ? r.indication : (r.hold_reason ?? r.indication),
        overrideReason: r.override_reason,
        recordedBy: r.recorded_by_name,
        recordStatus: statusOf(r),
        correctionReason: r.correction_reason,
        replacesId: r.supersedes_id,
        prnEffect: active && r.prn === 1 && r.status === 'given' ? effectOf(r) : null,
      };
    });
}

export function heldOrRefused(administrations: readonly ReportAdministration[]): PatientSection['heldOrRefused'] {
  return administrations.flatMap((a) =>
    a.recordStatus === 'active' && a.status !== 'given'
      ? [{ id: a.id, givenAt: a.givenAt, drugName: a.drugName, doseMg: a.doseMg, status: a.status, reason: a.reason }]
      : [],
  );
}

/** Active doses actually given, for running totals and due times. */
export function givenDoses(
  rows: readonly AdministrationRecord[],
): { drug: DrugId; doseMg: number; givenAt: string; prn: boolean }[] {
  return rows
    .filter((r) => isActive(r) && r.status === 'given')
    .map((r) => ({ drug: r.drug as DrugId, doseMg: r.dose_mg, givenAt: r.given_at, prn: r.prn === 1 }));
}
