import type { InstrumentId, OpioidKind, Severity, WithdrawalCourse } from '@detox/shared';
import type { AdministrationView } from '../services/administrations.js';

/** One admission's records as the FHIR builders take them (read by admission-export.ts). */

export interface ExportCorrection {
  action: 'replaced' | 'entered-in-error';
  reason: string;
  replacementId: number | null;
}

export interface ExportAdmission {
  id: number;
  unitName: string;
  bed: string;
  substance: string;
  opioidKind: OpioidKind;
  /** The coded substances as text, and the course they give: the Encounter reason follows them. */
  substances: string;
  course: WithdrawalCourse | null;
  admittedAt: string;
  dischargedAt: string | null;
  patient: { id: number; mrn: string; name: string; birthDate: string };
}

export interface ExportAssessment {
  id: number;
  instrument: InstrumentId;
  takenAt: string;
  items: Record<string, number>;
  total: number;
  severity: Severity;
  heartRate: number | null;
  systolic: number | null;
  diastolic: number | null;
  temperatureC: number | null;
  respiratoryRate: number | null;
  spo2: number | null;
  note: string | null;
  supersedesId: number | null;
  recordedBy: number;
  recordedAt: string;
  correction: ExportCorrection | null;
}

/** The administration as the service reads it, with who recorded it by id (a FHIR Practitioner reference). */
export type ExportAdministration = Pick<
  AdministrationView,
  | 'id'
  | 'drug'
  | 'doseMg'
  | 'route'
  | 'givenAt'
  | 'status'
  | 'prn'
  | 'indication'
  | 'holdReason'
  | 'assessmentId'
  | 'overrideReason'
  | 'supersedesId'
  | 'orderId'
> & { recordedBy: number; correction: ExportCorrection | null };
