import { courseForSubstances, substancesText } from '@detox/shared';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { encounterResource, patientResource, practitionerResource } from '../fhir/admission-resources.js';
import { SYSTEM } from '../fhir/codes.js';
import type { ExportAdministration, ExportAssessment, ExportCorrection } from '../fhir/export-records.js';
import { type WithId, urn } from '../fhir/ids.js';
import { medicationAdministration } from '../fhir/medication-administrations.js';
import { medicationRequest } from '../fhir/medication-requests.js';
import { scoreObservation, vitalObservations } from '../fhir/observations.js';
import type { Actor } from './actor.js';
import { substancesOf } from './admission-substances.js';
import { administrationFromRow } from './administration-record.js';
import { assessmentFromRow } from './assessment-record.js';
import { auditRead } from './audit.js';
import { notFound } from './errors.js';
import { chartedDoses, orderFacts, statusOfOrder } from './order-records.js';

/**
 * GET /exports/fhir?admissionId=: one admission as a FHIR R4 Bundle of type collection (Patient,
 * Encounter, the Practitioners who charted, an Observation per score, vital-sign Observations and
 * a MedicationRequest per order and a MedicationAdministration per dose, linked to its order). References inside the bundle are urn:uuid fullUrls.
 * Every record is exported, corrected ones included with their status (observations.ts). Audited.
 */
export async function exportAdmissionBundle(
  db: Kysely<Database>,
  actor: Actor,
  admissionId: number,
  now = new Date(),
): Promise<Bundle> {
  const row = await db
    .selectFrom('admission as ad')
    .innerJoin('patient as p', 'p.id', 'ad.patient_id')
    .innerJoin('unit as u', 'u.id', 'ad.unit_id')
    .select([
      'ad.id',
      'ad.bed',
      'ad.substance',
      'ad.opioid_kind',
      'ad.admitted_at',
      'ad.discharged_at',
      'u.name as unit_name',
      'p.id as patient_id',
      'p.mrn',
      'p.name',
      'p.birth_date',
    ])
    .where('ad.id', '=', admissionId)
    .executeTakeFirst();
  if (!row) throw notFound('Admission', admissionId);
  const used = (await substancesOf(db, [row])).get(row.id) ?? [];
  const admission = {
    id: row.id,
    unitName: row.unit_name,
    bed: row.bed,
    substance: row.substance,
    opioidKind: row.opioid_kind,
    substances: substancesText(used),
    course: courseForSubstances(used),
    admittedAt: row.admitted_at,
    dischargedAt: row.discharged_at,
    patient: { id: row.patient_id, mrn: row.mrn, name: row.name, birthDate: row.birth_date },
  };

  const assessments = await db
    .selectFrom('assessment as a')
    .leftJoin('record_correction as rc', (join) =>
      join.on('rc.record_type', '=', 'assessment').onRef('rc.record_id', '=', 'a.id'),
    )
    .selectAll('a')
    .select(['rc.action', 'rc.reason', 'rc.replacement_id'])
    .where('a.admission_id', '=', admissionId)
    .orderBy('a.taken_at')
    .orderBy('a.id')
    .execute();
  const administrations = await db
    .selectFrom('medication_administration as m')
    .leftJoin('record_correction as rc', (join) =>
      join.on('rc.record_type', '=', 'administration').onRef('rc.record_id', '=', 'm.id'),
    )
    .selectAll('m')
    .select(['rc.action', 'rc.reason', 'rc.replacement_id'])
    .where('m.admission_id', '=', admissionId)
    .orderBy('m.given_at')
    .orderBy('m.id')
    .execute();
  const orders = await orderFacts(db, { admissionId });
  const doses = orders.length ? await chartedDoses(db, admissionId) : [];
  // The physicians who ordered, the nurses who entered verbal orders, and who countersigned or discontinued: each is a Practitioner.
  const orderPeople = orders.flatMap((o) => [
    o.row.ordered_by,
    o.row.entered_by,
    ...(o.countersignedBy !== null ? [o.countersignedBy] : []),
    ...(o.discontinuation ? [o.discontinuation.by] : []),
  ]);
  const userIds = [
    ...new Set([
      ...assessments.map((a) => a.recorded_by),
      ...administrations.map((m) => m.recorded_by),
      ...orderPeople,
    ]),
  ];
  const users = userIds.length
    ? await db.selectFrom('app_user').select(['id', 'name']).where('id', 'in', userIds).orderBy('id').execute()
    : [];

  const correction = (r: {
    action: ExportCorrection['action'] | null;
    reason: string | null;
    replacement_id: number | null;
  }): ExportCorrection | null =>
    r.action ? { action: r.action, reason: r.reason ?? '', replacementId: r.replacement_id } : null;
  const exportedAssessments: ExportAssessment[] = assessments.map(({ action, reason, replacement_id, ...a }) => ({
    ...assessmentFromRow(a),
    correction: correction({ action, reason, replacement_id }),
  }));
  const exportedAdministrations: ExportAdministration[] = administrations.map(
    ({ action, reason, replacement_id, ...m }) => ({
      ...administrationFromRow(m),
      correction: correction({ action, reason, replacement_id }),
    }),
  );

  const patient = patientResource(admission);
  const encounter = encounterResource(admission);
  const names = new Map(users.map((u) => [u.id, u.name]));
  const ctx = {
    subject: { reference: urn('Patient', patient.id), display: admission.patient.name },
    encounter: { reference: urn('Encounter', encounter.id) },
    performer: (userId: number) => ({
      reference: urn('Practitioner', `user-${userId}`),
      display: names.get(userId) ?? `user ${userId}`,
    }),
  };
  const resources: WithId<Resource>[] = [
    patient,
    encounter,
    ...users.map(practitionerResource),
    ...exportedAssessments.flatMap((a) => [scoreObservation(a, ctx), ...vitalObservations(a, ctx)]),
    ...orders.map((o) => medicationRequest(o, statusOfOrder(o, doses, now.getTime()), ctx)),
    ...exportedAdministrations.map((m) => medicationAdministration(m, ctx)),
  ];
  await auditRead(db, actor, 'fhir-export', admissionId);
  return {
    resourceType: 'Bundle',
    identifier: { system: SYSTEM.admission, value: `${admissionId}/${now.toISOString()}` },
    type: 'collection',
    timestamp: now.toISOString(),
    entry: resources.map((resource) => ({ fullUrl: urn(resource.resourceType, resource.id), resource })),
  };
}
