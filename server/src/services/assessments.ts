import {
  type AssessmentContent,
  type CorrectAssessmentInput,
  type InstrumentId,
  type RecordAssessmentInput,
  type Severity,
  getInstrument,
  instrumentWithBands,
  scoreItems,
} from '@detox/shared';
import type { Kysely, Transaction } from 'kysely';
import { compiledOnce } from '../db/compiled-once.js';
import { jsonArrayFromFor, jsonRows } from '../db/json-array.js';
import type { AdmissionRow, Database } from '../db/database.js';
import type { Actor } from './actor.js';
import { type Vitals, assessmentFromRow, vitalsOf } from './assessment-record.js';
import {
  ADMISSION_COLUMNS,
  admissionForCharting,
  chartableAdmission,
  refuseBeforeAdmission,
  takeTurnOnAdmission,
} from './admissions.js';
import { type FirstBuprenorphineDose, firstBuprenorphineDosesOf, watchForPrecipitatedWithdrawal } from './alerts.js';
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
import { currentProtocol } from './protocol.js';
import { nowInstant, toStoredInstant } from './time.js';

export type { Vitals } from './assessment-record.js';

export interface AssessmentView {
  id: number;
  admissionId: number;
  instrument: InstrumentId;
  takenAt: string;
  items: Record<string, number>;
  total: number;
  severity: Severity;
  severityLabel: string;
  vitals: Vitals | null;
  note: string | null;
  /** Why an item was scored below its measurement (COWS pulse not due to withdrawal); {} when none. */
  itemReasons: Record<string, string>;
  status: RecordStatus;
  supersedesId: number | null;
  correction: CorrectionView | null;
  recordedBy: { id: number; name: string };
  recordedAt: string;
}

/** The admission a score is charted on, as the caller already read it. */
type ChartedAdmission = Pick<AdmissionRow, 'id' | 'unit_id' | 'admitted_at'>;

/**
 * The instrument as the admission's unit scores it: CIWA-Ar with the unit's band set
 * (docs/clinical.md §3.2). Other scales have one band set, so they cost no query.
 */
async function instrumentForUnit(trx: Transaction<Database>, unitId: number, id: InstrumentId) {
  const instrument = getInstrument(id);
  if (id !== 'CIWA-Ar') return instrument;
  return instrumentWithBands(instrument, (await currentProtocol(trx, unitId)).protocol.ciwaArBands);
}

// Every charted score runs it (compiledOnce: built once, not per request).
const insertAssessmentRow = compiledOnce((db: Kysely<Database>, slot) =>
  db
    .insertInto('assessment')
    .values({
      admission_id: slot('admission_id'),
      instrument: slot('instrument'),
      taken_at: slot('taken_at'),
      items: slot('items'),
      total: slot('total'),
      severity: slot('severity'),
      heart_rate: slot('heart_rate'),
      systolic: slot('systolic'),
      diastolic: slot('diastolic'),
      temperature_c: slot('temperature_c'),
      respiratory_rate: slot('respiratory_rate'),
      spo2: slot('spo2'),
      note: slot('note'),
      item_reasons: slot('item_reasons'),
      supersedes_id: slot('supersedes_id'),
      recorded_by: slot('recorded_by'),
      recorded_at: slot('recorded_at'),
    })
    .returning('id'),
);

/** Inserts one scored assessment; the total and band are computed here, never taken from the client. */
async function insertAssessment(
  trx: Transaction<Database>,
  actor: Actor,
  admission: ChartedAdmission,
  content: AssessmentContent,
  supersedesId: number | null,
): Promise<{ id: number; total: number; severity: Severity }> {
  refuseBeforeAdmission(admission, content.takenAt, 'assessment', 'takenAt');
  const scored = scoreItems(await instrumentForUnit(trx, admission.unit_id, content.instrument), content.items);
  if (!scored.ok) {
    // The input schema already checked this; reaching here means a caller skipped it.
    const first = scored.issues[0];
    throw new Refusal(
      'BAD_REQUEST',
      first?.message ?? 'the form is incomplete',
      first?.itemKey ? `items.${first.itemKey}` : 'items',
    );
  }
  const v = content.vitals;
  const [row] = await insertAssessmentRow(trx, {
    admission_id: admission.id,
    instrument: content.instrument,
    taken_at: toStoredInstant(content.takenAt),
    items: JSON.stringify(content.items),
    total: scored.total,
    severity: scored.band.severity,
    heart_rate: v?.heartRate ?? null,
    systolic: v?.systolic ?? null,
    diastolic: v?.diastolic ?? null,
    temperature_c: v?.temperatureC ?? null,
    respiratory_rate: v?.respiratoryRate ?? null,
    spo2: v?.spo2 ?? null,
    note: content.note || null,
    item_reasons: content.itemReasons ? JSON.stringify(content.itemReasons) : null,
    supersedes_id: supersedesId,
    recorded_by: actor.id,
    recorded_at: nowInstant(),
  });
  if (!row) throw new Error('The assessment insert returned no id');
  return { id: row.id, total: scored.total, severity: scored.band.severity };
}

export async function recordAssessment(
  db: Kysely<Database>,
  actor: Actor,
  input: RecordAssessmentInput,
): Promise<{ id: number; total: number; severity: Severity; admissionId: number; unitId: number }> {
  return writeOnce(db, actor, clientRequest('assessments.record', input), async (trx) => {
    const cows = input.instrument === 'COWS';
    const { admission, firstBuprenorphineDoses } = cows
      ? await admissionForCows(trx, input.admissionId)
      : { admission: await admissionForCharting(trx, input.admissionId), firstBuprenorphineDoses: [] };
    const saved = await insertAssessment(trx, actor, admission, input, null);
    await writeAudit(trx, actor, 'create', 'assessment', saved.id);
    if (cows) {
      const alertId = await watchForPrecipitatedWithdrawal(trx, admission, firstBuprenorphineDoses);
      if (alertId !== null) await writeAudit(trx, actor, 'create', 'alert', alertId);
    }
    return { ...saved, admissionId: admission.id, unitId: admission.unit_id };
  });
}

// Every charted COWS runs it (compiledOnce: built once, not per request).
const admissionWithFirstBuprenorphineDoses = compiledOnce((db: Kysely<Database>, slot) =>
  db
    .selectFrom('admission')
    .select(ADMISSION_COLUMNS)
    .select(jsonArrayFromFor(db)(firstBuprenorphineDosesOf(db, slot)).as('first_buprenorphine_doses'))
    .where('id', '=', slot('admissionId')),
);

/**
 * The admission a COWS is charted on, read in the stay's turn together with the stay's first
 * buprenorphine doses, which the precipitated-withdrawal watch reads after the score (a score does
 * not change them): one statement instead of two while the stay's next entry waits (issue 16).
 */
async function admissionForCows(
  trx: Transaction<Database>,
  admissionId: number,
): Promise<{ admission: AdmissionRow; firstBuprenorphineDoses: FirstBuprenorphineDose[] }> {
  await takeTurnOnAdmission(trx, admissionId);
  const [row] = await admissionWithFirstBuprenorphineDoses(trx, { admissionId });
  const { first_buprenorphine_doses, ...admission } = chartableAdmission(row, admissionId);
  return { admission, firstBuprenorphineDoses: jsonRows(first_buprenorphine_doses) };
}

export async function correctAssessment(
  db: Kysely<Database>,
  actor: Actor,
  input: CorrectAssessmentInput,
): Promise<{ id: number; correctedId: number; status: RecordStatus; admissionId: number; unitId: number }> {
  try {
    return await writeOnce(db, actor, clientRequest('assessments.correct', input), async (trx) => {
      const original = await trx
        .selectFrom('assessment')
        .innerJoin('admission', 'admission.id', 'assessment.admission_id')
        .select(['assessment.id', 'assessment.admission_id', 'admission.unit_id', 'admission.admitted_at'])
        .where('assessment.id', '=', input.assessmentId)
        .executeTakeFirst();
      if (!original) throw notFound('Assessment', input.assessmentId);
      await assertNotCorrected(trx, 'assessment', original.id, 'Assessment');
      const correctedAt = nowInstant();
      let newId = original.id;
      let replacementId: number | null = null;
      if (input.replacement) {
        const admission = { id: original.admission_id, unit_id: original.unit_id, admitted_at: original.admitted_at };
        const saved = await insertAssessment(trx, actor, admission, input.replacement, original.id);
        newId = saved.id;
        replacementId = saved.id;
      }
      await insertCorrection(trx, {
        recordType: 'assessment',
        recordId: original.id,
        replacementId,
        reason: input.reason,
        correctedBy: actor.id,
        correctedAt,
      });
      await writeAudit(trx, actor, 'correct', 'assessment', original.id);
      if (replacementId !== null) await writeAudit(trx, actor, 'create', 'assessment', replacementId);
      return {
        id: newId,
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
        `Assessment ${input.assessmentId} was corrected by someone else a moment ago; reload and check`,
      );
    }
    throw error;
  }
}

export async function listAssessments(
  db: Kysely<Database>,
  actor: Actor,
  admissionId: number,
): Promise<AssessmentView[]> {
  const admission = await db.selectFrom('admission').select('id').where('id', '=', admissionId).executeTakeFirst();
  if (!admission) throw notFound('Admission', admissionId);
  const rows = await db
    .selectFrom('assessment')
    .innerJoin('app_user', 'app_user.id', 'assessment.recorded_by')
    .selectAll('assessment')
    .select('app_user.name as user_name')
    .where('assessment.admission_id', '=', admissionId)
    .orderBy('assessment.taken_at', 'desc')
    .orderBy('assessment.id', 'desc')
    .execute();
  const corrections = await correctionsFor(
    db,
    'assessment',
    rows.map((r) => r.id),
  );
  await auditRead(db, actor, 'assessment-list', admissionId);
  return rows.map(({ user_name, ...row }) => {
    const a = assessmentFromRow(row);
    const band = getInstrument(a.instrument).bands.find((b) => b.severity === a.severity);
    const correction = corrections.get(a.id) ?? null;
    return {
      id: a.id,
      admissionId: a.admissionId,
      instrument: a.instrument,
      takenAt: a.takenAt,
      items: a.items,
      total: a.total,
      severity: a.severity,
      severityLabel: band?.label ?? a.severity,
      vitals: vitalsOf(a),
      note: a.note,
      itemReasons: a.itemReasons,
      status: statusOf(correction ?? undefined),
      supersedesId: a.supersedesId,
      correction,
      recordedBy: { id: a.recordedById, name: user_name },
      recordedAt: a.recordedAt,
    };
  });
}
