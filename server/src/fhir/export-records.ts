import type { OpioidKind, WithdrawalCourse } from '@detox/shared';
import type { Encounter, Patient, Practitioner, Reference } from '@medplum/fhirtypes';
import type { ChartedAdministration } from '../services/administration-record.js';
import type { ChartedAssessment } from '../services/assessment-record.js';

/** One admission's records as the FHIR builders take them (read by services/fhir-export.ts). */

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

/** An assessment as every reader maps it (assessment-record.ts), with its correction if any. */
export type ExportAssessment = ChartedAssessment & { correction: ExportCorrection | null };

/** A dose as every reader maps it (administration-record.ts), with its correction if any. */
export type ExportAdministration = ChartedAdministration & { correction: ExportCorrection | null };

/** What every clinical resource of the bundle points at: the patient, the stay and who charted. */
export interface ExportContext {
  subject: Reference<Patient>;
  encounter: Reference<Encounter>;
  performer: (userId: number) => Reference<Practitioner>;
}
