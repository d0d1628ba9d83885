import {
  type AdministrationContent,
  type AdministrationStatus,
  type CorrectAdministrationInput,
  type DrugId,
  type RecordAdministrationInput,
  type Route,
  getDrug,
} from '@detox/shared';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import type { Actor } from './actor.js';
import { admissionForCharting } from './admissions.js';
import { writeAudit } from './audit.js';
import { type CorrectionView, type RecordStatus, assertNotCorrected, correctionsFor, insertCorrection, statusOf } from './corrections.js';
import { Refusal, isUniqueViolation, notFound } from './errors.js';
import { nowInstant, toStoredInstant } from './time.js';

export interface AdministrationView {
  id: number;
  admissionId: number;
  drug: DrugId;
  doseMg: number;
  route: Route;
  givenAt: string;
  status: AdministrationStatus;
  prn: boolean;
  indication: string | null;
  holdReason: string | null;
  assessmentId: number | null;
  overrideReason: string | null;
  recordStatus: RecordStatus;
  supersedesId: number | null;
  correction: CorrectionView | null;
  recordedBy: { id: number; name: string };
  recordedAt: string;
}

async function insertAdministration(
  trx: Transaction<Database>,
  actor: Actor,
  admissionId: number,
  content: AdministrationContent,
  supersedesId: number | null,
): Promise<number> {
  if (content.assessmentId !== undefined) {
    const linked = await trx.selectFrom('assessment').select('admission_id').where('id', '=', content.assessmentId).executeTakeFirst();
    if (!linked || linked.admission_id !== admissionId) {
      throw new Refusal('BAD_REQUEST', `Assessment ${content.assessmentId} is not an assessment of this admission`, 'assessmentId');
    }
  }
  const row = await trx
    .insertInto('medication_administration')
    .values({
      admission_id: admissionId,
      drug: content.drug,
      dose_mg: content.doseMg,
      route: content.route,
      given_at: toStoredInstant(content.givenAt),
      status: content.status,
      prn: (content.prn ?? getDrug(content.drug).prnByDefault) ? 1 : 0,
      indication: content.indication ?? null,
      hold_reason: content.status === 'given' ? null : (content.holdReason ?? null),
      assessment_id: content.assessmentId ?? null,
      override_reason: content.overrideReason ?? null,
      warnings: '[]',
      supersedes_id: supersedesId,
      recorded_by: actor.id,
      recorded_at: nowInstant(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function recordAdministration(
  db: Kysely<Database>,
  actor: Actor,
  input: RecordAdministrationInput,
): Promise<{ id: number; warnings: never[]; admissionId: number; unitId: number }> {
  return db.transaction().execute(async (trx) => {
    const admission = await admissionForCharting(trx, input.admissionId);
    const id = await insertAdministration(trx, actor, admission.id, input, null);
    await writeAudit(trx, actor, 'create', 'administration', id);
    return { id, warnings: [], admissionId: admission.id, unitId: admission.unit_id };
  });
}

export async function correctAdministration(
  db: Kysely<Database>,
  actor: Actor,
  input: CorrectAdministrationInput,
): Promise<{ id: number; correctedId: number; status: RecordStatus; admissionId: number; unitId: number }> {
  try {
    return await db.transaction().execute(async (trx) => {
      const original = await trx
        .selectFrom('medication_administration')
        .innerJoin('admission', 'admission.id', 'medication_administration.admission_id')
        .select(['medication_administration.id', 'medication_administration.admission_id', 'admission.unit_id'])
        .where('medication_administration.id', '=', input.administrationId)
        .executeTakeFirst();
      if (!original) throw notFound('Administration', input.administrationId);
      await assertNotCorrected(trx, 'administration', original.id, 'Administration');
      let replacementId: number | null = null;
      if (input.replacement) replacementId = await insertAdministration(trx, actor, original.admission_id, input.replacement, original.id);
      await insertCorrection(trx, {
        recordType: 'administration',
        recordId: original.id,
        replacementId,
        reason: input.reason,
        correctedBy: actor.id,
        correctedAt: nowInstant(),
      });
      await writeAudit(trx, actor, 'correct', 'administration', original.id);
      if (replacementId !== null) await writeAudit(trx, actor, 'create', 'administration', replacementId);
      return {
        id: replacementId ?? original.id,
        correctedId: original.id,
        status: replacementId === null ? ('entered-in-error' as const) : ('superseded' as const),
        admissionId: original.admission_id,
        unitId: original.unit_id,
      };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new Refusal('CONFLICT', `Administration ${input.administrationId} was corrected by someone else a moment ago; reload and check`);
    }
    throw error;
  }
}

export async function listAdministrations(db: Kysely<Database>, actor: Actor, admissionId: number): Promise<AdministrationView[]> {
  const admission = await db.selectFrom('admission').select('id').where('id', '=', admissionId).executeTakeFirst();
  if (!admission) throw notFound('Admission', admissionId);
  const rows = await db
    .selectFrom('medication_administration as ma')
    .innerJoin('app_user', 'app_user.id', 'ma.recorded_by')
    .select([
      'ma.id',
      'ma.admission_id',
      'ma.drug',
      'ma.dose_mg',
      'ma.route',
      'ma.given_at',
      'ma.status',
      'ma.prn',
      'ma.indication',
      'ma.hold_reason',
      'ma.assessment_id',
      'ma.override_reason',
      'ma.supersedes_id',
      'ma.recorded_at',
      'app_user.id as user_id',
      'app_user.name as user_name',
    ])
    .where('ma.admission_id', '=', admissionId)
    .orderBy('ma.given_at', 'desc')
    .orderBy('ma.id', 'desc')
    .execute();
  const corrections = await correctionsFor(db, 'administration', rows.map((r) => r.id));
  await db.transaction().execute((trx) => writeAudit(trx, actor, 'read', 'administration-list', admissionId));
  return rows.map((r) => {
    const correction = corrections.get(r.id) ?? null;
    return {
      id: r.id,
      admissionId: r.admission_id,
      drug: r.drug as DrugId,
      doseMg: r.dose_mg,
      route: r.route as Route,
      givenAt: r.given_at,
      status: r.status,
      prn: r.prn === 1,
      indication: r.indication,
      holdReason: r.hold_reason,
      assessmentId: r.assessment_id,
      overrideReason: r.override_reason,
      recordStatus: statusOf(correction ?? undefined),
      supersedesId: r.supersedes_id,
      correction,
      recordedBy: { id: r.user_id, name: r.user_name },
      recordedAt: r.recorded_at,
    };
  });
}
