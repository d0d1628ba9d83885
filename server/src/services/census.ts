import {
  type DrugId,
  type DueReason,
  type InstrumentId,
  type OpioidKind,
  type Severity,
  type Trend,
  type WithdrawalPhase,
  getDrug,
  courseForSubstances,
  getInstrument,
  nextAssessmentDue,
  phaseOfCourse,
  reassessmentScheduleOf,
  recentAcknowledgementSince,
  trendOf,
} from '@detox/shared';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { Actor } from './actor.js';
import { substancesOf } from './admission-substances.js';
import { openAlerts, recentlyAcknowledgedAlerts } from './alerts.js';
import { auditRead } from './audit.js';
import { currentProtocol } from './protocol.js';
import { getUnit } from './units.js';
import { notCorrected } from './not-corrected.js';

/** The drugs whose last dose the board shows for every patient (the mission drugs). */
export const BOARD_DRUGS: readonly DrugId[] = [
  'methadone',
  'buprenorphine',
  'buprenorphine-naloxone',
  'clonidine',
  'lofexidine',
  'loperamide',
];

export interface CensusRow {
  admissionId: number;
  bed: string;
  patient: { id: number; name: string; mrn: string };
  substance: string;
  opioidKind: OpioidKind;
  lastUseAt: string;
  admittedAt: string;
  hoursSinceLastUse: number;
  /** Null when the substances used have no expected course (sedatives, other substances). */
  phase: WithdrawalPhase | null;
  phaseLabel: string;
  latestScore: {
    id: number;
    instrument: InstrumentId;
    total: number;
    severity: Severity;
    severityLabel: string;
    takenAt: string;
  } | null;
  /** The last three totals on the latest score's instrument, oldest first. */
  recentTotals: number[];
  trend: Trend | null;
  nextAssessmentDue: string;
  /** Which rule set the due time (shared/src/assessments/reassessment-schedule.ts): the earliest wins. */
  dueBecause: DueReason;
  /** The same in words: "every hour while COWS is moderate or worse (26, moderately severe)". */
  dueWhy: string;
  overdue: boolean;
  lastDoses: { drug: DrugId; doseMg: number; status: 'given' | 'held' | 'refused'; givenAt: string }[];
  /** Unacknowledged alerts, then reassessments pending after PRN doses (closed by the next score). */
  openAlerts: { code: string; message: string; severity: 'warning' | 'danger'; since: string; dueAt: string | null }[];
  /** Alerts acknowledged in the last 12 h (shared/src/handoff/recent-alerts.ts), newest first: still in sight, marked acknowledged. */
  acknowledgedAlerts: {
    id: number;
    code: string;
    message: string;
    severity: 'warning' | 'danger';
    since: string;
    acknowledgedBy: string;
    acknowledgedAt: string;
    note: string | null;
  }[];
}

export interface CensusBoard {
  /** assessmentIntervalMinutes: the protocol's routine interval (below its "more often" band). */
  unit: {
    id: number;
    name: string;
    timeZone: string;
    beds: string[];
    assessmentIntervalMinutes: number;
    prnReassessMinutes: number;
  };
  generatedAt: string;
  rows: CensusRow[];
  emptyBeds: string[];
}

interface LatestAssessmentRow {
  id: number;
  admission_id: number;
  instrument: string;
  total: number;
  severity: string;
  taken_at: string;
  rn: number;
}

interface LastDoseRow {
  admission_id: number;
  drug: string;
  dose_mg: number;
  status: 'given' | 'held' | 'refused';
  given_at: string;
  prn: number;
}

export async function censusBoard(
  db: Kysely<Database>,
  actor: Actor,
  unitId: number,
  now = new Date(),
): Promise<CensusBoard> {
  const unit = await getUnit(db, unitId);
  const admissions = await db
    .selectFrom('admission')
    .innerJoin('patient', 'patient.id', 'admission.patient_id')
    .select([
      'admission.id',
      'admission.bed',
      'admission.substance',
      'admission.opioid_kind',
      'admission.last_use_at',
      'admission.admitted_at',
      'patient.id as patient_id',
      'patient.name',
      'patient.mrn',
    ])
    .where('admission.unit_id', '=', unitId)
    .where('admission.discharged_at', 'is', null)
    .execute();
  const ids = admissions.map((a) => a.id);
  const substances = await substancesOf(db, admissions);

  // Two queries for the whole unit, not two per bed: the newest three active scores per admission,
  // and the newest active dose per admission and drug. Corrected rows are left out.
  // Both read only the newest rows of each stay through its index, so they cost the same on day 7 of
  // a stay as on day 1 (a window over every row of every stay grew with the length of stay):
  // - scores: the third-newest active score's time bounds each stay's rows (null: fewer than three);
  // - doses: each (admission, drug) pair, then its newest active dose, by the (admission_id, drug,
  //   given_at) index; ordered as the window query's partitions were.
  const latest = ids.length
    ? (
        await sql<LatestAssessmentRow>`
          select id, admission_id, instrument, total, severity, taken_at, rn from (
            select a.id, a.admission_id, a.instrument, a.total, a.severity, a.taken_at,
                   row_number() over (partition by a.admission_id order by a.taken_at desc, a.id desc) as rn
            from (
              select x.id as admission_id,
                     (select a3.taken_at from assessment a3
                      where a3.admission_id = x.id
                        and ${notCorrected('assessment', 'a3.id')}
                      order by a3.taken_at desc, a3.id desc limit 1 offset 2) as since
              from admission x
              where x.id in (${sql.join(ids)})
            ) bounds
            join assessment a on a.admission_id = bounds.admission_id and a.taken_at >= coalesce(bounds.since, '')
            where ${notCorrected('assessment', 'a.id')}
          ) ranked where rn <= 3`.execute(db)
      ).rows
    : [];
  const doses = ids.length
    ? (
        await sql<LastDoseRow>`
          select m.admission_id, m.drug, m.dose_mg, m.status, m.given_at, m.prn
          from (select distinct admission_id, drug from medication_administration where admission_id in (${sql.join(ids)})) pairs
          join medication_administration m on m.id = (
            select m2.id from medication_administration m2
            where m2.admission_id = pairs.admission_id and m2.drug = pairs.drug
              and ${notCorrected('administration', 'm2.id')}
            order by m2.given_at desc, m2.id desc limit 1)
          order by m.admission_id, m.drug`.execute(db)
      ).rows
    : [];

  const protocol = (await currentProtocol(db, unitId)).protocol;
  const alerts = await openAlerts(db, ids);
  const acknowledged = await recentlyAcknowledgedAlerts(db, ids, recentAcknowledgementSince(now));
  const { prnSinceScore, firstBuprenorphine } = await reassessmentDoses(db, ids);
  const nowMs = now.getTime();
  const rows = admissions.map((a): CensusRow => {
    const scores = latest.filter((r) => r.admission_id === a.id).sort((x, y) => Number(x.rn) - Number(y.rn));
    const newest = scores[0];
    const sameInstrument = newest ? scores.filter((s) => s.instrument === newest.instrument) : [];
    const recentTotals = sameInstrument.map((s) => s.total).reverse();
    const admissionDoses = doses.filter((d) => d.admission_id === a.id);

    // Every PRN dose since the newest score opens a reassessment, due after the drug's protocol delay.
    const pendingReassessments: CensusRow['openAlerts'] = [];
    for (const d of admissionDoses) {
      if (d.prn !== 1 || d.status !== 'given') continue;
      if (newest && d.given_at < newest.taken_at) continue; // a dose at the score's minute follows it (the shared rule's order)
      const minutes = protocol.drugs[d.drug as DrugId]?.reassessAfterMinutes ?? unit.prnReassessMinutes;
      const reassessAt = Date.parse(d.given_at) + minutes * 60_000;
      pendingReassessments.push({
        code: `reassess-${d.drug}`,
        message: `Reassess after PRN ${getDrug(d.drug as DrugId).name}`,
        severity: reassessAt < nowMs ? 'danger' : 'warning',
        since: d.given_at,
        dueAt: new Date(reassessAt).toISOString(),
      });
    }
    // The next score: the shared rule over the band, PRN doses, the first buprenorphine dose and open danger alerts.
    const admissionAlerts = alerts.filter((x) => x.admissionId === a.id);
    const next = nextAssessmentDue({
      admittedAt: a.admitted_at,
      scores: newest
        ? [
            {
              takenAt: newest.taken_at,
              instrument: newest.instrument as InstrumentId,
              total: newest.total,
              severity: newest.severity as Severity,
            },
          ]
        : [],
      prnDoses: prnSinceScore
        .filter((d) => d.admission_id === a.id)
        .map((d) => ({ drug: d.drug as DrugId, givenAt: d.given_at })),
      buprenorphineGivenAt: firstBuprenorphine.filter((d) => d.admission_id === a.id).map((d) => d.first_at),
      openDangerAlerts: admissionAlerts.filter((x) => x.severity === 'danger').map((x) => ({ raisedAt: x.raisedAt })),
      protocol,
    });
    const nextDue = Date.parse(next.at);
    const hours = (nowMs - Date.parse(a.last_use_at)) / 3_600_000;
    const used = substances.get(a.id) ?? [];
    const { phase, phaseLabel } = phaseOfCourse(hours, courseForSubstances(used));
    const latestScore = newest
      ? (() => {
          const instrument = getInstrument(newest.instrument as InstrumentId);
          return {
            id: newest.id,
            instrument: instrument.id,
            total: newest.total,
            severity: newest.severity as Severity,
            severityLabel: instrument.bands.find((b) => b.severity === newest.severity)?.label ?? newest.severity,
            takenAt: newest.taken_at,
          };
        })()
      : null;
    return {
      admissionId: a.id,
      bed: a.bed,
      patient: { id: a.patient_id, name: a.name, mrn: a.mrn },
      substance: a.substance,
      opioidKind: a.opioid_kind,
      lastUseAt: a.last_use_at,
      admittedAt: a.admitted_at,
      hoursSinceLastUse: Math.round(hours * 10) / 10,
      phase,
      phaseLabel,
      latestScore,
      recentTotals,
      trend: trendOf(recentTotals),
      nextAssessmentDue: next.at,
      dueBecause: next.because,
      dueWhy: next.why,
      overdue: nextDue < nowMs,
      lastDoses: BOARD_DRUGS.flatMap((drug) => {
        const d = admissionDoses.find((x) => x.drug === drug);
        return d ? [{ drug, doseMg: Number(d.dose_mg), status: d.status, givenAt: d.given_at }] : [];
      }),
      openAlerts: [
        ...admissionAlerts.map((x) => ({
          code: x.code,
          message: x.message,
          severity: x.severity,
          since: x.raisedAt,
          dueAt: null,
        })),
        ...pendingReassessments,
      ],
      acknowledgedAlerts: acknowledged.flatMap((x) =>
        x.admissionId === a.id && x.acknowledged
          ? [
              {
                id: x.id,
                code: x.code,
                message: x.message,
                severity: x.severity,
                since: x.raisedAt,
                acknowledgedBy: x.acknowledged.by,
                acknowledgedAt: x.acknowledged.at,
                note: x.acknowledged.note,
              },
            ]
          : [],
      ),
    };
  });
  rows.sort((x, y) => x.bed.localeCompare(y.bed, undefined, { numeric: true }));
  const occupied = new Set(rows.map((r) => r.bed));
  await auditRead(db, actor, 'census-board', unitId);
  return {
    unit: {
      id: unit.id,
      name: unit.name,
      timeZone: unit.timeZone,
      beds: unit.beds,
      assessmentIntervalMinutes: reassessmentScheduleOf(protocol).routineMinutes,
      prnReassessMinutes: unit.prnReassessMinutes,
    },
    generatedAt: now.toISOString(),
    rows,
    emptyBeds: unit.beds.filter((b) => !occupied.has(b)),
  };
}

/**
 * What the reassessment rule reads besides the newest score, for the whole unit in two queries: every
 * active PRN dose given at or after the stay's newest active score, and the stay's first active
 * buprenorphine dose (either product). Both walk the (admission_id, …) indexes from the newest rows.
 */
async function reassessmentDoses(db: Kysely<Database>, ids: number[]) {
  if (ids.length === 0) return { prnSinceScore: [], firstBuprenorphine: [] };
  const prnSinceScore = (
    await sql<{ admission_id: number; drug: string; given_at: string }>`
      select m.admission_id, m.drug, m.given_at from medication_administration m
      where m.admission_id in (${sql.join(ids)}) and m.prn = 1 and m.status = 'given'
        and ${notCorrected('administration', 'm.id')}
        and m.given_at >= coalesce((
          select a.taken_at from assessment a
          where a.admission_id = m.admission_id
            and ${notCorrected('assessment', 'a.id')}
          order by a.taken_at desc limit 1), '')
      order by m.admission_id, m.given_at`.execute(db)
  ).rows;
  const firstBuprenorphine = (
    await sql<{ admission_id: number; first_at: string }>`
      select m.admission_id, min(m.given_at) as first_at from medication_administration m
      where m.admission_id in (${sql.join(ids)}) and m.drug in ('buprenorphine', 'buprenorphine-naloxone') and m.status = 'given'
        and ${notCorrected('administration', 'm.id')}
      group by m.admission_id`.execute(db)
  ).rows;
  return { prnSinceScore, firstBuprenorphine };
}
