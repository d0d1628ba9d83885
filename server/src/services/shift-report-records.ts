import type { DrugId, OpioidKind, UnitProtocol, WithdrawalCourse } from '@detox/shared';
import type { ChartedAdministration } from './administration-record.js';
import type { ChartedAssessment } from './assessment-record.js';
import type { UnitOrderRecords } from './shift-report-orders.js';

/** The rows loadUnitRecords (shift-report-data.ts) reads for the shift report and the downtime snapshot. */

export interface RecordWindow {
  /** Admissions in a bed at any time in [from, to) are read. */
  from: string;
  to: string;
  /** Scores and doses are read from here (before `from`: baselines, 24 h totals, PRN reassessments). */
  lookbackFrom: string;
  /** The instant "open" is judged at (alerts): the earlier of now and `to`. Alerts acknowledged in [from, asOf] are read too. */
  asOf: string;
  /** Only admissions still open (the downtime snapshot). */
  openOnly?: boolean;
}

export interface AdmissionRecord {
  id: number;
  bed: string;
  patient_id: number;
  patient_name: string;
  mrn: string;
  birth_date: string;
  substance: string;
  opioid_kind: OpioidKind;
  last_use_at: string;
  admitted_at: string;
  discharged_at: string | null;
  /** Weight at admission in kg, for weight-based 24 h maximums; null on rows from before it was asked. */
  weight_kg: number | null;
  /** The expected course from the coded substances; null when none applies. */
  course: WithdrawalCourse | null;
}

/** The correction joined onto a record, and who recorded it by name. */
export interface ReportedBy {
  correctionAction: 'replaced' | 'entered-in-error' | null;
  correctionReason: string | null;
  recordedByName: string;
}

/** An assessment as every reader maps it (assessment-record.ts), as the report reads it. */
export type AssessmentRecord = ChartedAssessment & ReportedBy;

/** A dose as every reader maps it (administration-record.ts), as the report reads it. */
export type AdministrationRecord = ChartedAdministration & ReportedBy;

export interface TaperPlanRecord {
  id: number;
  admission_id: number;
  drug: DrugId;
  /** Day 1 of the plan on the unit's calendar; null on rows written before plans had a start (then: the admission's date). */
  start_date: string | null;
  days: { day: number; totalMg: number }[];
}

export interface AlertRecord {
  id: number;
  admission_id: number;
  code: string;
  severity: 'warning' | 'danger';
  message: string;
  raised_at: string;
  /** The acknowledgement, when one was made by `asOf`; null while the alert was open at that instant. */
  acknowledged_at: string | null;
  acknowledged_by_name: string | null;
  acknowledgement_note: string | null;
}

export interface UnitRecords {
  admissions: AdmissionRecord[];
  assessments: AssessmentRecord[];
  administrations: AdministrationRecord[];
  taperPlans: TaperPlanRecord[];
  alerts: AlertRecord[];
  protocol: UnitProtocol;
  /** The admissions' medication orders and the doses charted against them (issue 9). */
  orders: UnitOrderRecords;
}
