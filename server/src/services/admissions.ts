import { type AdmitInput, type OpioidKind, type UsedSubstance, compareBeds, legacyOpioidKind } from '@detox/shared';
import { beforeAdmissionProblem } from '@detox/shared';
import { type Kysely, type Transaction, sql } from 'kysely';
import { compiledOnce } from '../db/compiled-once.js';
import { isPostgres } from '../db/dialect.js';
import type { AdmissionRow, Database } from '../db/database.js';
import type { Actor } from './actor.js';
import { clientRequest, writeOnce } from './client-requests.js';
import {
  type AdmissionSubstanceView,
  insertAdmissionSubstances,
  substanceViews,
  substancesOf,
} from './admission-substances.js';
import { auditRead, writeAudit } from './audit.js';
import { Refusal, isUniqueViolation, notFound } from './errors.js';
import { nowInstant, toStoredInstant } from './time.js';

export interface AdmissionView {
  id: number;
  unitId: number;
  bed: string;
  patient: { id: number; mrn: string; name: string; birthDate: string };
  /** The coded substances (one or more), each with the nurse's detail. */
  substances: AdmissionSubstanceView[];
  /** Kept for clients of the first API: the substances as text, and short/long (legacy-substance.ts). */
  substance: string;
  opioidKind: OpioidKind;
  weightKg: number | null;
  lastUseAt: string;
  admittedAt: string;
  dischargedAt: string | null;
  recordedBy: { id: number; name: string };
  recordedAt: string;
}

/**
 * Every column of an admission row, named: PostgreSQL keeps a query with named columns prepared,
 * never one reading `*` (db/prepared-statements.ts). A column added to the table and not here fails
 * to compile: admissionForCharting returns a whole AdmissionRow.
 */
export const ADMISSION_COLUMNS = [
  'id',
  'unit_id',
  'bed',
  'patient_id',
  'substance',
  'opioid_kind',
  'last_use_at',
  'admitted_at',
  'discharged_at',
  'recorded_by',
  'recorded_at',
  'weight_kg',
] as const;

// Every chart entry runs these (compiledOnce: built once, not per request).
const admissionById = compiledOnce((db: Kysely<Database>, slot) =>
  db.selectFrom('admission').select(ADMISSION_COLUMNS).where('id', '=', slot('admissionId')),
);

/** The admission a chart entry is for; refuses unknown ids and, for new entries, closed stays. */
export async function admissionForCharting(trx: Transaction<Database>, admissionId: number): Promise<AdmissionRow> {
  await takeTurnOnAdmission(trx, admissionId);
  const [admission] = await admissionById(trx, { admissionId });
  return chartableAdmission(admission, admissionId);
}

/** The admission read for a new chart entry, or the refusal: unknown, or discharged (a closed stay). */
export function chartableAdmission<A extends Pick<AdmissionRow, 'discharged_at'>>(
  admission: A | undefined,
  admissionId: number,
): A {
  if (!admission) throw notFound('Admission', admissionId);
  if (admission.discharged_at) {
    throw new Refusal(
      'CONFLICT',
      `This patient was discharged at ${admission.discharged_at}; nothing new can be charted on a closed admission`,
    );
  }
  return admission;
}

/** pg_advisory_xact_lock's first key for a stay's writes ("adm" in ASCII); the second is the admission id. */
const ADMISSION_WRITE_LOCK = 0x61646d;

/**
 * Charting on one stay takes turns, to its COMMIT. The rules a chart entry is checked against read
 * what the stay already has (the day's doses against a maximum, the induction gate, whether an alert
 * is already open), so two entries checked at once could both pass where one after the other would
 * not. On PostgreSQL (several connections, several instances) a transaction-scoped advisory lock per
 * admission makes them take turns; at READ COMMITTED each then reads what the one before committed.
 * On SQLite one connection runs one transaction at a time (group-commit-driver.ts), so they do anyway.
 * Stays charted at the same time by different nurses do not wait for each other. What the entry is
 * checked against is read after the turn is taken, never in the same statement: a statement's
 * snapshot is taken before it waits for the lock, and would miss the entry committed just before.
 */
export async function takeTurnOnAdmission(trx: Transaction<Database>, admissionId: number): Promise<void> {
  if (!isPostgres(trx)) return;
  // The keys in the text, not as parameters: a statement without parameters goes out with its
  // transaction's BEGIN, in one round trip (db/deferred-begin.ts). The id is checked before it is.
  if (!Number.isSafeInteger(admissionId)) throw new Error(`An admission id is a whole number; got ${admissionId}`);
  await sql`select pg_advisory_xact_lock(${sql.lit(ADMISSION_WRITE_LOCK)}, ${sql.lit(admissionId)})`.execute(trx);
}

/**
 * A chart entry timed before its stay began is refused (shared beforeAdmissionProblem, issue 11 item 8).
 * Takes the admission row the caller already read: a chart entry reads its admission once.
 */
export function refuseBeforeAdmission(
  admission: Pick<AdmissionRow, 'admitted_at'>,
  at: string,
  what: string,
  path: string,
): void {
  const problem = beforeAdmissionProblem(at, admission.admitted_at, what);
  if (problem) throw new Refusal('BAD_REQUEST', problem, path);
}

export async function admit(db: Kysely<Database>, actor: Actor, input: AdmitInput): Promise<{ admissionId: number }> {
  try {
    return await writeOnce(db, actor, clientRequest('admissions.admit', input), async (trx) => {
      const bed = await trx
        .selectFrom('bed')
        .select('label')
        .where('unit_id', '=', input.unitId)
        .where('label', '=', input.bed)
        .executeTakeFirst();
      if (!bed) {
        const unit = await trx.selectFrom('unit').select('id').where('id', '=', input.unitId).executeTakeFirst();
        if (!unit) throw notFound('Unit', input.unitId);
        throw new Refusal('BAD_REQUEST', `Bed ${input.bed} is not a bed on this unit`, 'bed');
      }
      const occupant = await trx
        .selectFrom('admission')
        .select('id')
        .where('unit_id', '=', input.unitId)
        .where('bed', '=', input.bed)
        .where('discharged_at', 'is', null)
        .executeTakeFirst();
      if (occupant)
        throw new Refusal(
          'CONFLICT',
          `Bed ${input.bed} is occupied (admission ${occupant.id}); discharge it first or choose another bed`,
          'bed',
        );

      let patient = await trx
        .selectFrom('patient')
        .select(['id', 'name', 'birth_date'])
        .where('mrn', '=', input.patient.mrn)
        .executeTakeFirst();
      if (patient && patient.birth_date !== input.patient.birthDate) {
        throw new Refusal(
          'CONFLICT',
          `MRN ${input.patient.mrn} belongs to a patient with another date of birth; check the MRN`,
          'patient.mrn',
        );
      }
      if (!patient) {
        patient = await trx
          .insertInto('patient')
          .values({
            mrn: input.patient.mrn,
            name: input.patient.name,
            birth_date: input.patient.birthDate,
            created_at: nowInstant(),
          })
          .returning(['id', 'name', 'birth_date'])
          .executeTakeFirstOrThrow();
        await writeAudit(trx, actor, 'create', 'patient', patient.id);
      }
      const open = await trx
        .selectFrom('admission')
        .select('id')
        .where('patient_id', '=', patient.id)
        .where('discharged_at', 'is', null)
        .executeTakeFirst();
      if (open) throw new Refusal('CONFLICT', `This patient is already admitted (admission ${open.id})`, 'patient.mrn');

      const row = await trx
        .insertInto('admission')
        .values({
          unit_id: input.unitId,
          bed: input.bed,
          patient_id: patient.id,
          // The old columns stay filled, so readers of the first shape keep working (migration 2026-12-02-clinical-substances).
          substance: input.substanceText,
          opioid_kind: legacyOpioidKind(input.substances),
          weight_kg: input.weightKg ?? null,
          last_use_at: toStoredInstant(input.lastUseAt),
          admitted_at: toStoredInstant(input.admittedAt),
          discharged_at: null,
          recorded_by: actor.id,
          recorded_at: nowInstant(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await insertAdmissionSubstances(trx, row.id, input.substances);
      await writeAudit(trx, actor, 'create', 'admission', row.id);
      return { admissionId: row.id };
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new Refusal(
        'CONFLICT',
        'Someone admitted this patient at the same moment; reload and check',
        'patient.mrn',
      );
    throw error;
  }
}

const admissionColumns = [
  'admission.id',
  'admission.unit_id',
  'admission.bed',
  'admission.substance',
  'admission.opioid_kind',
  'admission.weight_kg',
  'admission.last_use_at',
  'admission.admitted_at',
  'admission.discharged_at',
  'admission.recorded_at',
  'patient.id as patient_id',
  'patient.mrn',
  'patient.name as patient_name',
  'patient.birth_date',
  'app_user.id as recorder_id',
  'app_user.name as recorder_name',
] as const;

function admissionQuery(db: Kysely<Database>) {
  return db
    .selectFrom('admission')
    .innerJoin('patient', 'patient.id', 'admission.patient_id')
    .innerJoin('app_user', 'app_user.id', 'admission.recorded_by')
    .select(admissionColumns);
}

type AdmissionJoined = Awaited<ReturnType<ReturnType<typeof admissionQuery>['executeTakeFirstOrThrow']>>;

function present(row: AdmissionJoined, substances: Map<number, UsedSubstance[]>): AdmissionView {
  return {
    id: row.id,
    unitId: row.unit_id,
    bed: row.bed,
    patient: { id: row.patient_id, mrn: row.mrn, name: row.patient_name, birthDate: row.birth_date },
    substances: substanceViews(substances.get(row.id) ?? []),
    substance: row.substance,
    opioidKind: row.opioid_kind,
    weightKg: row.weight_kg === null ? null : Number(row.weight_kg),
    lastUseAt: row.last_use_at,
    admittedAt: row.admitted_at,
    dischargedAt: row.discharged_at,
    recordedBy: { id: row.recorder_id, name: row.recorder_name },
    recordedAt: row.recorded_at,
  };
}

export async function getAdmission(db: Kysely<Database>, actor: Actor, admissionId: number): Promise<AdmissionView> {
  const row = await admissionQuery(db).where('admission.id', '=', admissionId).executeTakeFirst();
  if (!row) throw notFound('Admission', admissionId);
  await auditRead(db, actor, 'admission', admissionId);
  return present(row, await substancesOf(db, [row]));
}

/** The patients currently on a unit, by bed. */
export async function listOpenAdmissions(db: Kysely<Database>, actor: Actor, unitId: number): Promise<AdmissionView[]> {
  const rows = await admissionQuery(db)
    .where('admission.unit_id', '=', unitId)
    .where('admission.discharged_at', 'is', null)
    .execute();
  await auditRead(db, actor, 'admission-list', unitId);
  const substances = await substancesOf(db, rows);
  return rows.map((row) => present(row, substances)).sort((a, b) => compareBeds(a.bed, b.bed));
}

export async function discharge(
  db: Kysely<Database>,
  actor: Actor,
  input: { admissionId: number; dischargedAt: string; requestId?: string | undefined },
): Promise<{ ok: true }> {
  return writeOnce(db, actor, clientRequest('admissions.discharge', input), async (trx) => {
    const admission = await admissionForCharting(trx, input.admissionId);
    const dischargedAt = toStoredInstant(input.dischargedAt);
    if (dischargedAt < admission.admitted_at) {
      throw new Refusal('BAD_REQUEST', 'Discharge time is before the admission time; check the time', 'dischargedAt');
    }
    // Discharge closes the stay: the one change to an admission row, and it is audited.
    await trx.updateTable('admission').set({ discharged_at: dischargedAt }).where('id', '=', admission.id).execute();
    await writeAudit(trx, actor, 'update', 'admission', admission.id);
    return { ok: true as const };
  });
}
