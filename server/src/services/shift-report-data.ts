import { courseForSubstances } from '@detox/shared';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.js';
import { substancesOf } from './admission-substances.js';
import { loadUnitOrders } from './shift-report-orders.js';
import { currentProtocol } from './protocol.js';
import type { RecordWindow, ReportedBy, TaperPlanRecord, UnitRecords } from './shift-report-records.js';
import { administrationFromRow } from './administration-record.js';
import { assessmentFromRow } from './assessment-record.js';
import { readJsonColumn } from '../db/json-column.js';
import { storedTaperDays } from '../db/stored-json.js';
import { notCorrected } from './not-corrected.js';

/**
 * What the shift report and the downtime snapshot read: every record of a unit over a window, one
 * query per table for the whole unit (never one per bed), so a 40-bed unit costs the same handful
 * of queries as a 4-bed one. Corrections come joined onto their record, so a corrected row is known
 * as such without another round trip.
 */

export async function loadUnitRecords(
  db: Kysely<Database>,
  unitId: number,
  window: RecordWindow,
): Promise<UnitRecords> {
  let admissionQuery = db
    .selectFrom('admission as ad')
    .innerJoin('patient as p', 'p.id', 'ad.patient_id')
    .select([
      'ad.id',
      'ad.bed',
      'p.id as patient_id',
      'p.name as patient_name',
      'p.mrn',
      'p.birth_date',
      'ad.substance',
      'ad.opioid_kind',
      'ad.last_use_at',
      'ad.admitted_at',
      'ad.discharged_at',
      'ad.weight_kg',
    ])
    .where('ad.unit_id', '=', unitId)
    .where('ad.admitted_at', '<', window.to);
  admissionQuery = window.openOnly
    ? admissionQuery.where('ad.discharged_at', 'is', null)
    : admissionQuery.where((eb) =>
        eb.or([eb('ad.discharged_at', 'is', null), eb('ad.discharged_at', '>=', window.from)]),
      );
  const admissionRows = await admissionQuery.execute();
  // The expected course follows the coded substances (alcohol-only stays get alcohol's course).
  const substances = await substancesOf(db, admissionRows);
  const admissions = admissionRows.map((a) => ({ ...a, course: courseForSubstances(substances.get(a.id) ?? []) }));
  // The 24 h totals are read against the limits the safety rules check doses against.
  const protocol = (await currentProtocol(db, unitId)).protocol;
  const ids = admissions.map((a) => a.id);
  if (ids.length === 0)
    return {
      admissions,
      assessments: [],
      administrations: [],
      taperPlans: [],
      alerts: [],
      protocol,
      orders: { orders: [], doses: [] },
    };

  const assessments = await db
    .selectFrom('assessment as a')
    .innerJoin('app_user as u', 'u.id', 'a.recorded_by')
    .leftJoin('record_correction as rc', (join) =>
      join.on('rc.record_type', '=', 'assessment').onRef('rc.record_id', '=', 'a.id'),
    )
    .selectAll('a')
    .select(['u.name as recorded_by_name', 'rc.action as correction_action', 'rc.reason as correction_reason'])
    .where('a.admission_id', 'in', ids)
    .where('a.taken_at', '<', window.to)
    // Everything since the look-back, and each admission's latest active score before it: the
    // baseline a trend and the next due time start from, however long ago it was taken.
    .where((eb) =>
      eb.or([
        eb('a.taken_at', '>=', window.lookbackFrom),
        eb(
          'a.id',
          'in',
          sql<number>`(select id from (
            select b.id, row_number() over (partition by b.admission_id order by b.taken_at desc, b.id desc) as rn
            from assessment b
            where b.admission_id in (${sql.join(ids)}) and b.taken_at < ${window.lookbackFrom}
              and ${notCorrected('assessment', 'b.id')}
          ) latest where rn = 1)`,
        ),
      ]),
    )
    .orderBy('a.taken_at')
    .orderBy('a.id')
    .execute();

  const administrations = await db
    .selectFrom('medication_administration as m')
    .innerJoin('app_user as u', 'u.id', 'm.recorded_by')
    .leftJoin('record_correction as rc', (join) =>
      join.on('rc.record_type', '=', 'administration').onRef('rc.record_id', '=', 'm.id'),
    )
    .selectAll('m')
    .select(['u.name as recorded_by_name', 'rc.action as correction_action', 'rc.reason as correction_reason'])
    .where('m.admission_id', 'in', ids)
    .where('m.given_at', '>=', window.lookbackFrom)
    .where('m.given_at', '<', window.to)
    .orderBy('m.given_at')
    .orderBy('m.id')
    .execute();

  // Every plan, oldest first: the one in force on a date is the newest starting on or before it
  // (shared taper-schedule.ts), so a superseded plan still says what was planned before the change.
  const planRows = await db
    .selectFrom('taper_plan')
    .select(['id', 'admission_id', 'drug', 'days', 'start_date'])
    .where('admission_id', 'in', ids)
    .orderBy('id')
    .execute();
  const plans: TaperPlanRecord[] = planRows.map((r) => ({
    id: r.id,
    admission_id: r.admission_id,
    drug: r.drug,
    start_date: r.start_date,
    days: readJsonColumn(storedTaperDays, r.days, { table: 'taper_plan', column: 'days', id: r.id }),
  }));

  // Alerts raised by `asOf` and either still open at that instant or acknowledged in [from, asOf]:
  // an acknowledged alert stays in the handoff of the shift it was acknowledged in (issue 15). An
  // acknowledgement after `asOf` is not known to the window: the alert was open then.
  const alertRows = await db
    .selectFrom('alert as al')
    .leftJoin('alert_acknowledgement as ack', 'ack.alert_id', 'al.id')
    .leftJoin('app_user as acker', 'acker.id', 'ack.acknowledged_by')
    .select([
      'al.id',
      'al.admission_id',
      'al.code',
      'al.severity',
      'al.message',
      'al.raised_at',
      'ack.acknowledged_at',
      'ack.note',
      'acker.name as acker_name',
    ])
    .where('al.admission_id', 'in', ids)
    .where('al.raised_at', '<=', window.asOf)
    .where((eb) => eb.or([eb('ack.id', 'is', null), eb('ack.acknowledged_at', '>=', window.from)]))
    .orderBy('al.raised_at')
    .orderBy('al.id')
    .execute();
  const alerts = alertRows.map(({ acknowledged_at, note, acker_name, ...al }) => {
    const known = acknowledged_at !== null && acknowledged_at <= window.asOf;
    return {
      ...al,
      acknowledged_at: known ? acknowledged_at : null,
      acknowledged_by_name: known ? acker_name : null,
      acknowledgement_note: known ? note : null,
    };
  });

  return {
    admissions,
    assessments: assessments.map(({ recorded_by_name, correction_action, correction_reason, ...a }) => ({
      ...assessmentFromRow(a),
      ...reportedBy(recorded_by_name, correction_action, correction_reason),
    })),
    administrations: administrations.map(({ recorded_by_name, correction_action, correction_reason, ...m }) => ({
      ...administrationFromRow(m),
      ...reportedBy(recorded_by_name, correction_action, correction_reason),
    })),
    taperPlans: plans,
    alerts,
    protocol,
    orders: await loadUnitOrders(db, ids, window),
  };
}

const reportedBy = (
  recordedByName: string,
  correctionAction: ReportedBy['correctionAction'],
  correctionReason: string | null,
): ReportedBy => ({ recordedByName, correctionAction, correctionReason });
