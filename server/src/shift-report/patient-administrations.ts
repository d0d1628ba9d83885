import { type DrugId, getDrug, prnEffect, prnEffectText } from '@detox/shared';
import type { AdministrationRecord } from '../services/shift-report-records.js';
import { isActive, statusOf } from './patient-scores.js';
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
      drug: r.drug,
      drugName: getDrug(r.drug).name,
      doseMg: r.doseMg,
      givenAt: r.givenAt,
    }));
  const effectOf = (r: AdministrationRecord) => {
    const e = prnEffect({ id: r.id, givenAt: r.givenAt }, r.assessmentId, activeScores, otherDoses, prnReassessMinutes);
    return { ...e, text: prnEffectText(e, (iso) => unitHourMinute(iso, zone)) };
  };
  return rows
    .filter((r) => r.givenAt >= from && r.givenAt < to && r.correctionAction !== 'replaced')
    .map((r) => {
      const active = isActive(r);
      return {
        id: r.id,
        givenAt: r.givenAt,
        drug: r.drug,
        drugName: getDrug(r.drug).name,
        doseMg: r.doseMg,
        route: r.route,
        status: r.status,
        prn: r.prn,
        reason: r.status === 'given' ? r.indication : (r.holdReason ?? r.indication),
        overrideReason: r.overrideReason,
        recordedBy: r.recordedByName,
        recordStatus: statusOf(r),
        correctionReason: r.correctionReason,
        replacesId: r.supersedesId,
        prnEffect: active && r.prn && r.status === 'given' ? effectOf(r) : null,
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
    .map((r) => ({ drug: r.drug, doseMg: r.doseMg, givenAt: r.givenAt, prn: r.prn }));
}
