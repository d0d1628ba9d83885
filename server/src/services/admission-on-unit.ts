import type { Kysely } from 'kysely';
import { compiledOnce } from '../db/compiled-once.js';
import type { Database } from '../db/database.js';
import { newestProtocolVersion } from './protocol.js';

/**
 * A stay with its patient's name and what its unit's settings say about it, in one query. The unit
 * scope check (unit-scope.ts) reads it for every call that names an admission, and hands the row on:
 * the timeline uses it rather than reading the stay a second time (issue 16: a PostgreSQL round trip
 * fewer a timeline read). compiledOnce: built once, not per request.
 */
export const admissionOnUnit = compiledOnce((db: Kysely<Database>, slot) =>
  db
    .selectFrom('admission')
    .innerJoin('patient', 'patient.id', 'admission.patient_id')
    .innerJoin('unit', 'unit.id', 'admission.unit_id')
    .select([
      'admission.id',
      'admission.unit_id',
      'admission.bed',
      'admission.substance',
      'admission.opioid_kind',
      'admission.last_use_at',
      'admission.admitted_at',
      'admission.discharged_at',
      'patient.name',
      'unit.time_zone',
      'unit.discharged_visible_hours',
      newestProtocolVersion('admission.unit_id').as('protocol_version'),
    ])
    .where('admission.id', '=', slot('admissionId')),
);

export type AdmissionOnUnit = Awaited<ReturnType<typeof admissionOnUnit>>[number];

/** The stays a call's scope check read, by admission id, for the procedure to use as read. */
export type AdmissionsRead = ReadonlyMap<number, AdmissionOnUnit>;
