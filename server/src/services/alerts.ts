import { formatDoseMg } from '@detox/shared';
import type { Kysely, Transaction } from 'kysely';
import { DateTime } from 'luxon';
import type { Database } from '../db/database.js';
import type { Actor } from './actor.js';
import { auditRead, writeAudit } from './audit.js';
import { Refusal, isUniqueViolation, notFound } from './errors.js';

export interface AlertView {
  id: number;
  admissionId: number;
  code: string;
  severity: 'warning' | 'danger';
  message: string;
  raisedAt: string;
  acknowledged: { by: string; at: string; note: string | null } | null;
}

// Precipitated withdrawal after SL buprenorphine appears within about 90 minutes (clinical.md §5);
// a rise of 6 or more COWS points within 2 h of the first dose is the unit's trigger (issue 4).
const WATCH_HOURS = 2;
const RISE_POINTS = 6;

/**
 * After a COWS is saved: if it falls within 2 h after the first buprenorphine dose and is 6 or more
 * points above the last COWS before that dose, raise a precipitated-withdrawal alert (once).
 */
export async function watchForPrecipitatedWithdrawal(
  trx: Transaction<Database>,
  admission: { id: number; unit_id: number },
  assessment: { id: number; takenAt: string; total: number },
): Promise<number | null> {
  const admissionId = admission.id;
  const firstDose = await trx
    .selectFrom('medication_administration as m')
    .select(['m.given_at', 'm.dose_mg', 'm.drug'])
    .where('m.admission_id', '=', admissionId)
    .where('m.drug', 'in', ['buprenorphine', 'buprenorphine-naloxone'])
    .where('m.status', '=', 'given')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('record_correction as rc').select('rc.id').where('rc.record_type', '=', 'administration').whereRef('rc.record_id', '=', 'm.id'))),
    )
    .orderBy('m.given_at')
    .limit(1)
    .executeTakeFirst();
  if (!firstDose) return null;
  const takenAt = new Date(assessment.takenAt).toISOString();
  const windowEnd = new Date(Date.parse(firstDose.given_at) + WATCH_HOURS * 3_600_000).toISOString();
  if (takenAt <= firstDose.given_at || takenAt > windowEnd) return null;
  const preDose = await trx
    .selectFrom('assessment as a')
    .select(['a.total', 'a.taken_at'])
    .where('a.admission_id', '=', admissionId)
    .where('a.instrument', '=', 'COWS')
    .where('a.taken_at', '<=', firstDose.given_at)
    .where('a.id', '!=', assessment.id)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('record_correction as rc').select('rc.id').where('rc.record_type', '=', 'assessment').whereRef('rc.record_id', '=', 'a.id'))),
    )
    .orderBy('a.taken_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!preDose || assessment.total - preDose.total < RISE_POINTS) return null;
  const open = await openAlerts(trx, [admissionId]);
  if (open.some((a) => a.code === 'precipitated-withdrawal')) return null;
  // The unit's zone is read only here, when an alert is raised: most COWS entries never get this far.
  const unit = await trx.selectFrom('unit').select('time_zone').where('id', '=', admission.unit_id).executeTakeFirstOrThrow();
  const doseTime = DateTime.fromISO(firstDose.given_at, { zone: unit.time_zone }).toFormat('HH:mm');
  const row = await trx
    .insertInto('alert')
    .values({
      admission_id: admissionId,
      code: 'precipitated-withdrawal',
      severity: 'danger',
      message: `Possible precipitated withdrawal: COWS rose from ${preDose.total} to ${assessment.total} after the first buprenorphine dose (${formatDoseMg(Number(firstDose.dose_mg))} at ${doseTime}). Tell the physician now.`,
      assessment_id: assessment.id,
      raised_at: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Alerts not yet acknowledged, for the given admissions. */
export async function openAlerts(db: Kysely<Database> | Transaction<Database>, admissionIds: number[]): Promise<AlertView[]> {
  if (admissionIds.length === 0) return [];
  const rows = await db
    .selectFrom('alert')
    .leftJoin('alert_acknowledgement as ack', 'ack.alert_id', 'alert.id')
    .select(['alert.id', 'alert.admission_id', 'alert.code', 'alert.severity', 'alert.message', 'alert.raised_at'])
    .where('alert.admission_id', 'in', admissionIds)
    .where('ack.id', 'is', null)
    .orderBy('alert.raised_at', 'desc')
    .execute();
  return rows.map((r) => ({ id: r.id, admissionId: r.admission_id, code: r.code, severity: r.severity, message: r.message, raisedAt: r.raised_at, acknowledged: null }));
}

export async function listAlerts(db: Kysely<Database>, actor: Actor, admissionId: number): Promise<AlertView[]> {
  const rows = await db
    .selectFrom('alert')
    .leftJoin('alert_acknowledgement as ack', 'ack.alert_id', 'alert.id')
    .leftJoin('app_user', 'app_user.id', 'ack.acknowledged_by')
    .select(['alert.id', 'alert.admission_id', 'alert.code', 'alert.severity', 'alert.message', 'alert.raised_at', 'ack.acknowledged_at', 'ack.note', 'app_user.name as ack_by'])
    .where('alert.admission_id', '=', admissionId)
    .orderBy('alert.raised_at', 'desc')
    .execute();
  await auditRead(db, actor, 'alert-list', admissionId);
  return rows.map((r) => ({
    id: r.id,
    admissionId: r.admission_id,
    code: r.code,
    severity: r.severity,
    message: r.message,
    raisedAt: r.raised_at,
    acknowledged: r.acknowledged_at ? { by: r.ack_by ?? '', at: r.acknowledged_at, note: r.note } : null,
  }));
}

export async function acknowledgeAlert(db: Kysely<Database>, actor: Actor, input: { alertId: number; note?: string | undefined }): Promise<{ admissionId: number; unitId: number }> {
  try {
    return await db.transaction().execute(async (trx) => {
      const alert = await trx
        .selectFrom('alert')
        .innerJoin('admission', 'admission.id', 'alert.admission_id')
        .select(['alert.id', 'alert.admission_id', 'admission.unit_id'])
        .where('alert.id', '=', input.alertId)
        .executeTakeFirst();
      if (!alert) throw notFound('Alert', input.alertId);
      await trx
        .insertInto('alert_acknowledgement')
        .values({ alert_id: alert.id, note: input.note || null, acknowledged_by: actor.id, acknowledged_at: new Date().toISOString() })
        .execute();
      await writeAudit(trx, actor, 'update', 'alert', alert.id);
      return { admissionId: alert.admission_id, unitId: alert.unit_id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new Refusal('CONFLICT', `Alert ${input.alertId} was already acknowledged`);
    throw error;
  }
}
