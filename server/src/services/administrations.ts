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
  hasHardStop,
  hardStop,
  needsOverride,
} from '@detox/shared';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import { checkProposedAdministration } from './administration-check.js';
import { type DoseCheckRecord, readDoseCheckRecord } from './dose-check-reads.js';
import { orderForDose } from './dose-order.js';
import type { Actor } from './actor.js';
import { administrationFromRow } from './administration-record.js';
import { chartableAdmission, refuseBeforeAdmission, takeTurnOnAdmission } from './admissions.js';
import { raiseOfflineDoseAlert, watchForPrecipitatedWithdrawal } from './alerts.js';
import { auditRead, writeAudit } from './audit.js';
import { clientRequest, writeOnce } from './client-requests.js';
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
  /** Charted offline and recorded on arrival: its warnings are what the check found then (issue 13). */
  givenOffline: boolean;
  recordStatus: RecordStatus;
  supersedesId: number | null;
  correction: CorrectionView | null;
  recordedBy: { id: number; name: string };
  recordedAt: string;
}

/**
 * Runs the safety rules and decides: a hard stop is refused outright; a warning that needs an
 * override is refused (412) unless the nurse gave a reason, which is then stored with who gave it.
 * A dose given while the tablet was offline is a fact, not a request: it is never refused here, and
 * `failed` says whether the check failed on arrival (issue 13).
 */
function enforceSafetyRules(
  stay: DoseCheckRecord,
  content: AdministrationContent,
  order: MedicationOrder | undefined,
  givenOffline: boolean,
) {
  const checked = checkProposedAdministration(stay, content, order);
  if (givenOffline) {
    const overridden = needsOverride(checked.warnings) && Boolean(content.overrideReason);
    const failed = hasHardStop(checked.warnings) || (needsOverride(checked.warnings) && !content.overrideReason);
    return { ...checked, overridden, failed };
  }
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
  return { ...checked, overridden, failed: false };
}

/**
 * The order a dose names. For a dose given offline, an order that was not in force on arrival
 * (discontinued or completed meanwhile, or starting later) does not refuse the dose: it becomes a
 * hard-stop warning kept with the dose. An order that does not exist, or is for another patient or
 * drug, is refused either way: the entry needs a nurse's attention.
 */
function orderOfDose(
  stay: DoseCheckRecord,
  orderId: number | null,
  content: AdministrationContent,
  givenOffline: boolean,
): { order: MedicationOrder | undefined; problems: AdministrationWarning[] } {
  if (orderId === null) return { order: undefined, problems: [] };
  try {
    return { order: orderForDose(stay, orderId, content), problems: [] };
  } catch (error) {
    if (givenOffline && error instanceof Refusal && error.code === 'CONFLICT') {
      return { order: undefined, problems: [hardStop('order-not-in-force', error.message)] };
    }
    throw error;
  }
}

/**
 * Checks and inserts a dose. `stay` is read for it in the same transaction (readDoseCheckRecord,
 * asked for the dose's time, order and assessment, and for a correction without the dose it
 * replaces), after the stay's turn was taken.
 */
async function insertAdministration(
  trx: Transaction<Database>,
  actor: Actor,
  stay: DoseCheckRecord,
  content: AdministrationContent,
  supersedesId: number | null,
  orderId: number | null,
  givenOffline = false,
): Promise<{ id: number; warnings: AdministrationWarning[]; checkFailed: boolean }> {
  const { admission } = stay;
  const admissionId = admission.id;
  refuseBeforeAdmission(admission, content.givenAt, 'dose', 'givenAt');
  const { order, problems } = orderOfDose(stay, orderId, content, givenOffline);
  const safety = enforceSafetyRules(stay, content, order, givenOffline);
  const checked = { ...safety, warnings: [...problems, ...safety.warnings] };
  if (content.assessmentId !== undefined) {
    if (stay.assessmentAdmissionId !== admissionId) {
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
      given_offline: givenOffline ? 1 : 0,
      supersedes_id: supersedesId,
      recorded_by: actor.id,
      recorded_at: nowInstant(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, warnings: checked.warnings, checkFailed: problems.length > 0 || safety.failed };
}

/** The stay a new dose is for; refuses unknown ids and closed stays (chartableAdmission). */
function chartableStay(stay: DoseCheckRecord | undefined, admissionId: number): DoseCheckRecord {
  if (!stay) throw notFound('Admission', admissionId);
  chartableAdmission(stay.admission, admissionId);
  return stay;
}

/** medications.check: the warnings a dose would meet, without writing anything. */
export async function previewAdministration(
  db: Kysely<Database>,
  input: Omit<RecordAdministrationInput, 'overrideReason' | 'orderId'> & { orderId?: number },
): Promise<{ warnings: AdministrationWarning[]; protocolVersion: number }> {
  // What a check sees, without taking the stay's turn: it writes nothing, and a dose then charted
  // is checked again in its own turn.
  const stay = chartableStay(await readDoseCheckRecord(db, input), input.admissionId);
  const order = input.orderId === undefined ? undefined : orderForDose(stay, input.orderId, input);
  return checkProposedAdministration(stay, input, order);
}

const isBuprenorphineProduct = (drug: DrugId) => drug === 'buprenorphine' || drug === 'buprenorphine-naloxone';

export async function recordAdministration(
  db: Kysely<Database>,
  actor: Actor,
  input: RecordAdministrationInput,
): Promise<{
  id: number;
  warnings: AdministrationWarning[];
  givenOffline: boolean;
  admissionId: number;
  unitId: number;
}> {
  return writeOnce(db, actor, clientRequest('medications.record', input), async (trx) => {
    await takeTurnOnAdmission(trx, input.admissionId);
    const stay = chartableStay(await readDoseCheckRecord(trx, input), input.admissionId);
    const { admission } = stay;
    const givenOffline = input.givenOffline === true && input.status === 'given';
    const saved = await insertAdministration(trx, actor, stay, input, null, input.orderId, givenOffline);
    await writeAudit(trx, actor, 'create', 'administration', saved.id);
    if (givenOffline && saved.checkFailed) {
      const alertId = await raiseOfflineDoseAlert(trx, admission, { ...input, id: saved.id }, saved.warnings);
      await writeAudit(trx, actor, 'create', 'alert', alertId);
    }
    // A first buprenorphine dose charted after its COWS is watched too (issue 10, item 6).
    if (input.status === 'given' && isBuprenorphineProduct(input.drug)) {
      const alertId = await watchForPrecipitatedWithdrawal(trx, admission);
      if (alertId !== null) await writeAudit(trx, actor, 'create', 'alert', alertId);
    }
    return {
      id: saved.id,
      warnings: saved.warnings,
      givenOffline,
      admissionId: admission.id,
      unitId: admission.unit_id,
    };
  });
}

export async function correctAdministration(
  db: Kysely<Database>,
  actor: Actor,
  input: CorrectAdministrationInput,
): Promise<{ id: number; correctedId: number; status: RecordStatus; admissionId: number; unitId: number }> {
  try {
    return await writeOnce(db, actor, clientRequest('medications.correct', input), async (trx) => {
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
        // The replacement keeps the corrected dose's order unless it names another one. It is checked
        // in the stay's turn, as a new dose is: against the day's doses as they stand.
        const orderId = input.replacement.orderId ?? original.order_id;
        await takeTurnOnAdmission(trx, original.admission_id);
        const stay = await readDoseCheckRecord(trx, {
          ...input.replacement,
          admissionId: original.admission_id,
          orderId,
          excludeAdministrationId: original.id,
        });
        if (!stay) throw notFound('Admission', original.admission_id);
        replacementId = (await insertAdministration(trx, actor, stay, input.replacement, original.id, orderId)).id;
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
    .selectAll('ma')
    .select('app_user.name as user_name')
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
  return rows.map(({ user_name, ...row }) => {
    const { overrideById, recordedById, ...m } = administrationFromRow(row);
    const correction = corrections.get(m.id) ?? null;
    return {
      ...m,
      overrideBy: overrideById === null ? null : { id: overrideById, name: userNames.get(overrideById) ?? '' },
      recordStatus: statusOf(correction ?? undefined),
      correction,
      recordedBy: { id: recordedById, name: user_name },
    };
  });
}
