import {
  ILLNESS_SEVERITY_RULE,
  PRN_EFFECT_RULE,
  type ShiftReportInput,
  reassessmentScheduleOf,
  vitalRangesText,
} from '@detox/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { patientSection, recordsByAdmission } from '../shift-report/patient-section.js';
import { TREND_RULE } from '../shift-report/patient-scores.js';
import { reportWindow } from '../shift-report/report-window.js';
import type { ShiftReport } from '../shift-report/shift-report-types.js';
import { unitTotals } from '../shift-report/unit-totals.js';
import type { Actor } from './actor.js';
import { auditRead } from './audit.js';
import { loadUnitRecords } from './shift-report-data.js';
import { toStoredInstant } from './time.js';
import { getUnit } from './units.js';

/** Scores and doses are read from this long before the shift: baselines, rolling 24 h totals, taper days. */
const LOOKBACK_MS = 26 * 3_600_000;

const VITALS_RULE = `Out of range (docs/clinical.md §7 suggested defaults): ${vitalRangesText()}.`;

export interface ShiftReportOptions {
  now?: Date;
  /** The audit entity: "shift-report" for the data, another name for a download built from it. */
  auditEntity?: string;
}

/**
 * The handover report of one shift on one unit (docs/clinical.md §9.3), one section per patient in a
 * bed at any time during the shift, in I-PASS order. Reading it is audited.
 */
export async function buildShiftReport(
  db: Kysely<Database>,
  actor: Actor,
  input: ShiftReportInput,
  options: ShiftReportOptions = {},
): Promise<ShiftReport> {
  const now = options.now ?? new Date();
  const unit = await getUnit(db, input.unitId);
  const { following, ...window } = reportWindow(unit, input.shiftStart, now);
  const from = toStoredInstant(window.shiftStart);
  const to = toStoredInstant(window.shiftEnd);
  const records = await loadUnitRecords(db, unit.id, {
    from,
    to,
    asOf: window.dataUntil,
    lookbackFrom: new Date(Date.parse(from) - LOOKBACK_MS).toISOString(),
  });
  const sectionWindow = {
    from,
    to,
    asOf: window.dataUntil,
    nextShift: { start: toStoredInstant(following.shiftStart), end: toStoredInstant(following.shiftEnd) },
  };
  const patients = recordsByAdmission(records).map((r) => patientSection(r, unit, sectionWindow, records.protocol));
  await auditRead(db, actor, options.auditEntity ?? 'shift-report', unit.id);
  return {
    unit: {
      id: unit.id,
      name: unit.name,
      timeZone: unit.timeZone,
      shiftStarts: unit.shiftStarts,
      // The protocol's routine interval: the schedule there is the one source (issue 15, item 2).
      assessmentIntervalMinutes: reassessmentScheduleOf(records.protocol).routineMinutes,
      prnReassessMinutes: unit.prnReassessMinutes,
    },
    window,
    generatedAt: now.toISOString(),
    generatedBy: { id: actor.id, name: actor.name, role: actor.role },
    totals: unitTotals(patients, from, window.dataUntil),
    patients,
    ordersAwaitingCountersign: patients.flatMap((p) =>
      p.orders.awaitingCountersign.map((o) => ({
        ...o,
        admissionId: p.admissionId,
        bed: p.bed,
        patientName: p.patient.name,
      })),
    ),
    rules: {
      illnessSeverity: ILLNESS_SEVERITY_RULE,
      vitalSigns: VITALS_RULE,
      trend: TREND_RULE,
      prnEffect: PRN_EFFECT_RULE,
    },
  };
}
