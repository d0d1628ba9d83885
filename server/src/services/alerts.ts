import {
  type AdministrationWarning,
  type DrugId,
  PRECIPITATED_WATCH_HOURS,
  offlineDoseAlertMessage,
  precipitatedWithdrawal,
} from '@detox/shared';
import { type Kysely, type Transaction, sql } from 'kysely';
import { DateTime } from 'luxon';
import { type Slots, compiledOnce } from '../db/compiled-once.js';
import type { Database } from '../db/database.js';
import { idsInShape, runInShape } from '../db/id-list-shapes.js';
import { ONE_ROW } from '../db/literal-limit.js';
import type { Actor } from './actor.js';
import { clientRequest, writeOnce } from './client-requests.js';
import { auditRead, writeAudit } from './audit.js';
import { Refusal, isUniqueViolation, notFound } from './errors.js';
import { notCorrected } from './not-corrected.js';
import { unitTimeZoneOf } from './units.js';

export interface AlertView {
  id: number;
  admissionId: number;
  code: string;
  severity: 'warning' | 'danger';
  message: string;
  raisedAt: string;
  acknowledged: { by: string; at: string; note: string | null } | null;
}

/** A stay's first dose of one buprenorphine product, from the (admission_id, drug, given_at) index. */
function firstGivenDoseOf(
  db: Kysely<Database>,
  slot: Slots<'admissionId'>,
  drug: 'buprenorphine' | 'buprenorphine-naloxone',
) {
  return (
    db
      .selectFrom('medication_administration as m')
      .select(['m.given_at', 'm.dose_mg'])
      .where('m.admission_id', '=', slot('admissionId'))
      // Literals, not parameters: words fixed in the code, which the one plan PostgreSQL keeps for
      // every stay (a generic plan) is then made for.
      .where('m.drug', '=', sql.lit(drug))
      .where('m.status', '=', sql.lit('given'))
      .where(notCorrected('administration', 'm.id'))
      .orderBy('m.given_at')
      .limit(ONE_ROW)
  );
}

/** A stay's first buprenorphine dose, as precipitated-withdrawal.ts reads it. */
export interface FirstBuprenorphineDose {
  given_at: string;
  /** A numeric column: some drivers hand it over as text. */
  dose_mg: number | string;
}

/**
 * The first dose of each buprenorphine product (at most two rows; the earlier is the stay's first).
 * One search of the drug index each: with `drug in (…)` SQLite walked every dose of the stay in time
 * order instead, 120 to 270 µs a charted score on the bench databases against under 40 (issue 16).
 * Selected by name, so that it can also be read as a JSON array beside the admission (assessments.ts).
 */
export function firstBuprenorphineDosesOf(db: Kysely<Database>, slot: Slots<'admissionId'>) {
  return db
    .selectFrom(
      db
        // Columns named, not `*`: a text with `*` is never kept prepared (db/prepared-statements.ts).
        .selectFrom(firstGivenDoseOf(db, slot, 'buprenorphine').as('mono'))
        .select(['mono.given_at', 'mono.dose_mg'])
        .unionAll(
          db
            .selectFrom(firstGivenDoseOf(db, slot, 'buprenorphine-naloxone').as('combined'))
            .select(['combined.given_at', 'combined.dose_mg']),
        )
        .as('first_dose'),
    )
    .select(['first_dose.given_at', 'first_dose.dose_mg']);
}

// A charted buprenorphine dose runs this and cowsUntil (compiledOnce: built once, not per request).
const firstBuprenorphineDoses = compiledOnce(firstBuprenorphineDosesOf);
const cowsUntil = compiledOnce((db: Kysely<Database>, slot) =>
  db
    .selectFrom('assessment as a')
    .select(['a.id', 'a.total', 'a.taken_at'])
    .where('a.admission_id', '=', slot('admissionId'))
    .where('a.instrument', '=', 'COWS')
    .where('a.taken_at', '<=', slot('windowEnd'))
    .where(notCorrected('assessment', 'a.id'))
    .orderBy('a.taken_at', 'desc'),
);

/**
 * After a COWS or a buprenorphine dose is charted: the shared rule (precipitated-withdrawal.ts)
 * reads the first buprenorphine dose and the active COWS scores, whichever was charted last, and an
 * alert is raised once per admission while one is open. Returns the new alert's id, or null.
 * `firstDoses`: the stay's first buprenorphine doses when the caller read them in its turn already
 * (a COWS reads them with its admission); a dose just charted may be the first, so it has them read here.
 */
export async function watchForPrecipitatedWithdrawal(
  trx: Transaction<Database>,
  admission: { id: number; unit_id: number },
  firstDoses?: readonly FirstBuprenorphineDose[],
): Promise<number | null> {
  const admissionId = admission.id;
  const [firstDose] = [...(firstDoses ?? (await firstBuprenorphineDoses(trx, { admissionId })))].sort((a, b) =>
    a.given_at.localeCompare(b.given_at),
  );
  if (!firstDose) return null;
  const windowEnd = new Date(Date.parse(firstDose.given_at) + PRECIPITATED_WATCH_HOURS * 3_600_000).toISOString();
  // The last COWS at or before the dose (the baseline) and every COWS in the watch window.
  const cows = await cowsUntil(trx, { admissionId, windowEnd });
  const baselineIndex = cows.findIndex((c) => c.taken_at <= firstDose.given_at);
  const relevant = baselineIndex === -1 ? cows : cows.slice(0, baselineIndex + 1);
  const timeZone = await unitTimeZoneOf(trx, admission.unit_id);
  const finding = precipitatedWithdrawal(
    { givenAt: firstDose.given_at, doseMg: Number(firstDose.dose_mg) },
    relevant.map((c) => ({ id: c.id, takenAt: c.taken_at, total: c.total })),
    (iso) => DateTime.fromISO(iso, { zone: timeZone }).toFormat('HH:mm'),
  );
  if (!finding) return null;
  const open = await openAlerts(trx, [admissionId]);
  if (open.some((a) => a.code === 'precipitated-withdrawal')) return null;
  const row = await trx
    .insertInto('alert')
    .values({
      admission_id: admissionId,
      code: 'precipitated-withdrawal',
      severity: 'danger',
      message: finding.message,
      assessment_id: finding.assessmentId,
      raised_at: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * A dose charted offline that failed its safety check on arrival (issue 13): recorded, because it was
 * given, and raised for the physician, one alert per dose. Returns the alert's id.
 */
export async function raiseOfflineDoseAlert(
  trx: Transaction<Database>,
  admission: { id: number; unit_id: number },
  dose: { id: number; drug: DrugId; doseMg: number; route: string; givenAt: string },
  warnings: readonly AdministrationWarning[],
): Promise<number> {
  const timeZone = await unitTimeZoneOf(trx, admission.unit_id);
  const givenAtClock = DateTime.fromISO(dose.givenAt, { zone: timeZone }).toFormat('dd LLL HH:mm');
  const row = await trx
    .insertInto('alert')
    .values({
      admission_id: admission.id,
      code: 'offline-dose-check',
      severity: 'danger',
      message: offlineDoseAlertMessage({ ...dose, givenAtClock }, warnings),
      assessment_id: null,
      raised_at: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

type Reader = Kysely<Database> | Transaction<Database>;

/** Alerts with their acknowledgement (if any) and who gave it: the one query every alert view starts from. */
export function alertRows(db: Reader) {
  return db
    .selectFrom('alert')
    .leftJoin('alert_acknowledgement as ack', 'ack.alert_id', 'alert.id')
    .leftJoin('app_user', 'app_user.id', 'ack.acknowledged_by')
    .select([
      'alert.id',
      'alert.admission_id',
      'alert.code',
      'alert.severity',
      'alert.message',
      'alert.raised_at',
      'ack.acknowledged_at',
      'ack.note',
      'app_user.name as ack_by',
    ]);
}

type AlertRow = Awaited<ReturnType<ReturnType<typeof alertRows>['execute']>>[number];

function toAlertView(r: AlertRow): AlertView {
  return {
    id: r.id,
    admissionId: r.admission_id,
    code: r.code,
    severity: r.severity,
    message: r.message,
    raisedAt: r.raised_at,
    acknowledged: r.acknowledged_at ? { by: r.ack_by ?? '', at: r.acknowledged_at, note: r.note } : null,
  };
}

/** Alerts not yet acknowledged, for the given admissions. */
export async function openAlerts(db: Reader, admissionIds: number[]): Promise<AlertView[]> {
  if (admissionIds.length === 0) return [];
  const ids = idsInShape(admissionIds);
  const rows = await runInShape(
    db,
    alertRows(db)
      .where('alert.admission_id', 'in', ids)
      .where('ack.id', 'is', null)
      .orderBy('alert.raised_at', 'desc')
      .compile(),
    ids,
  );
  return rows.map(toAlertView);
}

/**
 * The board's alerts of the given admissions, in one query: those still open, newest first, and
 * those acknowledged at or after `since` (the board passes the last 12 h,
 * shared/src/handoff/recent-alerts.ts), newest acknowledgement first: an acknowledged alert stays in
 * sight, marked as acknowledged, for the shift that takes over (issue 15).
 */
export async function openAndRecentlyAcknowledgedAlerts(
  db: Reader,
  admissionIds: number[],
  since: string,
): Promise<{ open: AlertView[]; acknowledged: AlertView[] }> {
  if (admissionIds.length === 0) return { open: [], acknowledged: [] };
  const ids = idsInShape(admissionIds);
  const rows = await runInShape(
    db,
    alertRows(db)
      .where('alert.admission_id', 'in', ids)
      .where((eb) => eb.or([eb('ack.id', 'is', null), eb('ack.acknowledged_at', '>=', since)]))
      .compile(),
    ids,
  );
  const views = rows.map(toAlertView);
  const newestFirst = (x: string, y: string) => (x < y ? 1 : x > y ? -1 : 0);
  return {
    open: views.filter((a) => a.acknowledged === null).sort((x, y) => newestFirst(x.raisedAt, y.raisedAt)),
    acknowledged: views
      .filter((a) => a.acknowledged !== null)
      .sort((x, y) => newestFirst(x.acknowledged?.at ?? '', y.acknowledged?.at ?? '') || y.id - x.id),
  };
}

export async function listAlerts(db: Kysely<Database>, actor: Actor, admissionId: number): Promise<AlertView[]> {
  const rows = await alertRows(db)
    .where('alert.admission_id', '=', admissionId)
    .orderBy('alert.raised_at', 'desc')
    .execute();
  await auditRead(db, actor, 'alert-list', admissionId);
  return rows.map(toAlertView);
}

export async function acknowledgeAlert(
  db: Kysely<Database>,
  actor: Actor,
  input: { alertId: number; note?: string | undefined; requestId?: string | undefined },
): Promise<{ admissionId: number; unitId: number }> {
  try {
    return await writeOnce(db, actor, clientRequest('alerts.acknowledge', input), async (trx) => {
      const alert = await trx
        .selectFrom('alert')
        .innerJoin('admission', 'admission.id', 'alert.admission_id')
        .select(['alert.id', 'alert.admission_id', 'admission.unit_id'])
        .where('alert.id', '=', input.alertId)
        .executeTakeFirst();
      if (!alert) throw notFound('Alert', input.alertId);
      await trx
        .insertInto('alert_acknowledgement')
        .values({
          alert_id: alert.id,
          note: input.note || null,
          acknowledged_by: actor.id,
          acknowledged_at: new Date().toISOString(),
        })
        .execute();
      await writeAudit(trx, actor, 'update', 'alert', alert.id);
      return { admissionId: alert.admission_id, unitId: alert.unit_id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new Refusal('CONFLICT', `Alert ${input.alertId} was already acknowledged`);
    throw error;
  }
}
