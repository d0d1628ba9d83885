import type { UnitProtocol } from '@detox/shared';

/** The rows loadUnitRecords (shift-report-data.ts) reads for the shift report and the downtime snapshot. */

export interface RecordWindow {
  /** Admissions in a bed at any time in [from, to) are read. */
  from: string;
  to: string;
  /** Scores and doses are read from here (before `from`: baselines, 24 h totals, PRN reassessments). */
  lookbackFrom: string;
  /** The instant "open" is judged at (alerts): the earlier of now and `to`. */
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
  opioid_kind: 'short' | 'long';
  last_use_at: string;
  admitted_at: string;
  discharged_at: string | null;
}

interface CorrectionColumns {
  correction_action: 'replaced' | 'entered-in-error' | null;
  correction_reason: string | null;
}

export interface AssessmentRecord extends CorrectionColumns {
  id: number;
  admission_id: number;
  instrument: string;
  taken_at: string;
  items: string;
  total: number;
  severity: string;
  heart_rate: number | null;
  systolic: number | null;
  diastolic: number | null;
  temperature_c: number | null;
  respiratory_rate: number | null;
  spo2: number | null;
  note: string | null;
  supersedes_id: number | null;
  recorded_by_name: string;
}

export interface AdministrationRecord extends CorrectionColumns {
  id: number;
  admission_id: number;
  drug: string;
  dose_mg: number;
  route: string;
  given_at: string;
  status: 'given' | 'held' | 'refused';
  prn: number;
  indication: string | null;
  hold_reason: string | null;
  assessment_id: number | null;
  override_reason: string | null;
  supersedes_id: number | null;
  recorded_by_name: string;
}

export interface TaperPlanRecord {
  admission_id: number;
  drug: string;
  days: { day: number; totalMg: number }[];
}

export interface AlertRecord {
  id: number;
  admission_id: number;
  code: string;
  severity: 'warning' | 'danger';
  message: string;
  raised_at: string;
}

export interface UnitRecords {
  admissions: AdmissionRecord[];
  assessments: AssessmentRecord[];
  administrations: AdministrationRecord[];
  taperPlans: TaperPlanRecord[];
  alerts: AlertRecord[];
  protocol: UnitProtocol;
}
