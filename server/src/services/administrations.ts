import {
  type AdministrationContent,
  type AdministrationStatus,
  type CorrectAdministrationInput,
  type DrugId,
  type RecordAdministrationInput,
  type AdministrationWarning,
  type MedicationOrder,
  type Route,
  getDrug,
  needsOverride,
} from '@detox/shared';
import type { Kysely, Transaction } from 'kysely';
import type { AdmissionRow, Database } from '../db/database.js';
import { checkProposedAdministration } from './administration-check.js';
import { orderForDose } from './dose-order.js';
import type { Actor } from './actor.js';
import { admissionForCharting, refuseBeforeAdmission } from './admissions.js';
import { watchForPrecipitatedWithdrawal } from './alerts.js';
import { auditRead, writeAudit } from './audit.js';
import {
  type CorrectionView,
  type RecordStatus,
  assertNotCorrected,
  correctionsFor,
  insertCorrection,
  statusOf,
} from './corrections.js';
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
  overrideBy: { id: number; name: string } | null;
  warnings: AdministrationWarning[];
  protocolVersion: number | null;
  /** The order it was charted against; null only for doses charted before orders existed. */
  orderId: number | null;
  recordStatus: RecordStatus;
  supersedesId: number | null;
  correction: CorrectionView | null;
  recordedBy: { id: number; name: string };
  recordedAt: string;
}

/**
 * Runs the safety rules and decides: a hard stop is refused outright; a warning that needs an
 * override is refused (412) unless the nurse gave a reason, which is then stored with who gave it.
 */
async function enforceSafetyRules(
  trx: Transaction<Database>,
  admission: AdmissionRow,
  content: AdministrationContent,
  order: MedicationOrder | undefined,
  excludeAdministrationId?: number,
) {
  const checked = await checkProposedAdministration(trx, admission, content, { excludeAdministrationId, order });
  const stop = checked.warnings.find((w) => w.hardStop);
  if (stop) throw new Refusal('BAD_REQUEST', stop.message, 'doseMg', checked.warnings);
  const overridden = needsOverride(checked.warnings);
  if (overridden && !content.overrideReason) {
    const needing = checked.warnings.filter((w) => w.requiresOverride);
    throw new Refusal(
      'PRECONDITION_FAILED',
      `${needing.map((w) => (/[.!?]$/.test(w.message) ? w.message : `${w.message}.`)).join(' ')} To record it anyway, give an override reason.`,
      'overrideReason',
      checked.warnings,
    );
  }
  return { ...checked, overridden };
}

async function insertAdministration(
  trx: Transaction<Database>,
  actor: Actor,
  admission: AdmissionRow,
  content: AdministrationContent,
  supersedesId: number | null,
  orderId: number | null,
): Promise<{ id: number; warnings: AdministrationWarning[] }> {
  const admissionId = admission.id;
  await refuseBeforeAdmission(trx, admissionId, content.givenAt, 'dose', 'givenAt');
  const excluded = supersedesId === null ? {} : { excludeAdministrationId: supersedesId };
  const order = orderId === null ? undefined : await orderForDose(trx, admission, orderId, content, excluded);
  const checked = await enforceSafetyRules(trx, admission, content, order, supersedesId ?? undefined);
  if (content.assessmentId !== undefined) {
    const linked = await trx
      .selectFrom('assessment')
      .select('admission_id')
      .where('id', '=', content.assessmentId)
      .executeTakeFirst();
    if (!linked || linked.admission_id !== admissionId) {
      throw new Refusal(
        'BAD_REQUEST',
        `Assessment ${content.assessmentId} is not an assessment of this admission`,
        'assessmentId',
      );
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
      prn: (content.prn ?? (order ? order.kind === 'prn' : getDrug(content.drug).prnByDefault)) ? 1 : 0,
      indication: content.indication ?? null,
      hold_reason: content.status === 'given' ? null : (content.holdReason ?? null),
      assessment_id: content.assessmentId ?? null,
      override_reason: checked.overridden ? (content.overrideReason ?? null) : null,
      override_by: checked.overridden ? actor.id : null,
      warnings: JSON.stringify(checked.warnings),
      protocol_version: checked.protocolVersion,
      order_id: orderId,
      supersedes_id: supersedesId,
      recorded_by: actor.id,
      recorded_at: nowInstant(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, warnings: checked.warnings };
}

/** medications.check: the warnings a dose would meet, without writing anything. */
export async function previewAdministration(
  db: Kysely<Database>,
  input: Omit<RecordAdministrationInput, 'overrideReason' | 'orderId'> & { orderId?: number },
): Promise<{ warnings: AdministrationWarning[]; protocolVersion: number }> {
  return db.transaction().execute(async (trx) => {
    const admission = await admissionForCharting(trx, input.admissionId);
    const order = input.orderId === undefined ? undefined : await orderForDose(trx, admission, input.orderId, input);
    return checkProposedAdministration(trx, admission, input, { order });
  });
}

const isBuprenorphineProduct = (drug: DrugId) => drug === 'buprenorphine' || drug === 'buprenorphine-naloxone';

export async function recordAdministration(
  db: Kysely<Database>,
  actor: Actor,
  input: RecordAdministrationInput,
): Promise<{ id: number; warnings: AdministrationWarning[]; admissionId: number; unitId: number }> {
  return db.transaction().execute(async (trx) => {
    const admission = await admissionForCharting(trx, input.admissionId);
    const saved = await insertAdministration(trx, actor, admission, input, null, input.orderId);
    await writeAudit(trx, actor, 'create', 'administration', saved.id);
    // A first buprenorphine dose charted after its COWS is watched too (issue 10, item 6).
    if (input.status === 'given' && isBuprenorphineProduct(input.drug)) {
      const alertId = await watchForPrecipitatedWithdrawal(trx, admission);
      if (alertId !== null) await writeAudit(trx, actor, 'create', 'alert', alertId);
    }
    return { id: saved.id, warnings: saved.warnings, admissionId: admission.id, unitId: admission.unit_id };
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
        .select([
          'medication_administration.id',
          'medication_administration.admission_id',
          'medication_administration.order_id',
          'admission.unit_id',
        ])
        .where('medication_administration.id', '=', input.administrationId)
        .executeTakeFirst();
      if (!original) throw notFound('Administration', input.administrationId);
      await assertNotCorrected(trx, 'administration', original.id, 'Administration');
      let replacementId: number | null = null;
      if (input.replacement) {
        const admission = await trx
          .selectFrom('admission')
          .selectAll()
          .where('id', '=', original.admission_id)
          .executeTakeFirstOrThrow();
        // The replacement keeps the corrected dose's order unless it names another one.
        replacementId = (
          await insertAdministration(
            trx,
            actor,
            admission,
            input.replacement,
            original.id,
            input.replacement.orderId ?? original.order_id,
          )
        ).id;
      }
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
      throw new Refusal(
        'CONFLICT',
        `Administration ${input.administrationId} was corrected by someone else a moment ago; reload and check`,
      );
    }
    throw error;
  }
}

export async function listAdministrations(
  db: Kysely<Database>,
  actor: Actor,
  admissionId: number,
): Promise<AdministrationView[]> {
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
      'ma.override_by',
      'ma.warnings',
      'ma.protocol_version',
      'ma.order_id',
      'ma.supersedes_id',
      'ma.recorded_at',
      'app_user.id as user_id',
      'app_user.name as user_name',
    ])
    .where('ma.admission_id', '=', admissionId)
    .orderBy('ma.given_at', 'desc')
    .orderBy('ma.id', 'desc')
    .execute();
  const corrections = await correctionsFor(
    db,
    'administration',
    rows.map((r) => r.id),
  );
  const overriders = [...new Set(rows.flatMap((r) => (r.override_by === null ? [] : [r.override_by])))];
  const userNames = new Map(
    overriders.length
      ? (await db.selectFrom('app_user').select(['id', 'name']).where('id', 'in', overriders).execute()).map(
          (u) => [u.id, u.name] as const,
        )
      : [],
  );
  await auditRead(db, actor, 'administration-list', admissionId);
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
      overrideBy: r.override_by === null ? null : { id: r.override_by, name: userNames.get(r.override_by) ?? '' },
      warnings: JSON.parse(r.warnings) as AdministrationWarning[],
      protocolVersion: r.protocol_version,
      orderId: r.order_id,
      recordStatus: statusOf(correction ?? undefined),
      supersedesId: r.supersedes_id,
      correction,
      recordedBy: { id: r.user_id, name: r.user_name },
      recordedAt: r.recorded_at,
    };
  });
}
