import { withdrawalReason } from '@detox/shared';
import { SYSTEM } from './codes.js';
import type { ExportAdmission } from './export-records.js';
import type { Encounter, Patient, Practitioner } from '@medplum/fhirtypes';
import { type WithId, urn } from './ids.js';

export function patientResource(a: ExportAdmission): WithId<Patient> {
  return {
    resourceType: 'Patient',
    id: `patient-${a.patient.id}`,
    identifier: [{ system: SYSTEM.mrn, value: a.patient.mrn }],
    name: [{ text: a.patient.name }],
    birthDate: a.patient.birthDate,
  };
}

/** The stay on the unit: inpatient (v3 ActCode IMP), in progress until discharge. */
export function encounterResource(a: ExportAdmission): WithId<Encounter> {
  return {
    resourceType: 'Encounter',
    id: `admission-${a.id}`,
    identifier: [{ system: SYSTEM.admission, value: String(a.id) }],
    status: a.dischargedAt ? 'finished' : 'in-progress',
    class: { system: SYSTEM.actCode, code: 'IMP', display: 'inpatient encounter' },
    type: [{ text: 'Inpatient withdrawal management' }],
    subject: { reference: urn('Patient', `patient-${a.patient.id}`), display: a.patient.name },
    period: { start: a.admittedAt, ...(a.dischargedAt ? { end: a.dischargedAt } : {}) },
    // The reason follows the coded substances: an alcohol-only stay is not "opioid withdrawal".
    reasonCode: [{ text: `${withdrawalReason(a.course)}: ${a.substances}` }],
    location: [{ location: { display: `${a.unitName}, bed ${a.bed}` } }],
  };
}

/** The staff who charted: names only, identified by their user id in this system. */
export function practitionerResource(user: { id: number; name: string }): WithId<Practitioner> {
  return {
    resourceType: 'Practitioner',
    id: `user-${user.id}`,
    identifier: [{ system: SYSTEM.user, value: String(user.id) }],
    name: [{ text: user.name }],
  };
}
