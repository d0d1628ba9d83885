import {
  type DrugId,
  type ChartedDose,
  type DueReason,
  type OrdersDueSummary,
  ordersDueSummary,
  type InstrumentId,
  type OpioidKind,
  type Severity,
  type Trend,
  type UnitProtocol,
  type UtcOffsetSpan,
  type WithdrawalPhase,
  compareBeds,
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
import { compiledOnce } from '../db/compiled-once.js';
import { idsInShape, runInShape } from '../db/id-list-shapes.js';
import type { AdministrationRow, AssessmentRow, Database } from '../db/database.js';
import type { Actor } from './actor.js';
import { substancesOf } from './admission-substances.js';
import { openAndRecentlyAcknowledgedAlerts } from './alerts.js';
import { boardOrdersDue } from './census-orders-due.js';
import { chartedDoseOfRow } from './order-records.js';
import { auditRead } from './audit.js';
import { newestProtocolVersion, protocolOfVersion } from './protocol.js';
import { KEPT_FRESH_MS, type KeptByAdmission, type ReadTicket, renewFromFor } from './kept-by-admission.js';
import { unitClock } from './unit-clock.js';
import { UNIT_WITH_BEDS_COLUMNS, type UnitView, unitViewOf } from './units.js';
import { notCorrected } from './not-corrected.js';
import { notFound } from './errors.js';
import { jsonArrayOf, jsonTextGiven, withJsonText } from './json-text.js';

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
  /**
   * What the patient's medication orders ask for now, counted (shared ordersDueSummary over the same
   * rules and facts as orders.due): the board shows this instead of calling orders.due per bed.
   */
  ordersDue: OrdersDueSummary;
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
    /** The unit zone's UTC offset now and the span it holds for: the client formats the board's times with it (unit-clock.ts). */
    clock: UtcOffsetSpan;
  };
  generatedAt: string;
  /**
   * The server's time before anything was read: the board's live stream asks for what changed after
   * it (events.unit `since`). A kept row is served only while no event for its patient has reached
   * this instance, so a change it lacks is one whose event arrives after this time.
   */
  asOf: string;
  rows: CensusRow[];
  emptyBeds: string[];
}

/** Raw-SQL rows carry the columns' own types (database.ts), so nothing is cast on the way out. */
type LatestAssessmentRow = Pick<
  AssessmentRow,
  'id' | 'admission_id' | 'instrument' | 'total' | 'severity' | 'taken_at'
> & {
  rn: number;
};

type DoseRow = Pick<
  AdministrationRow,
  'id' | 'admission_id' | 'order_id' | 'drug' | 'dose_mg' | 'status' | 'given_at' | 'prn'
>;

export type BoardRows = KeptByAdmission<CensusRow>;

const ROWS_OPEN = Buffer.from('{"rows":[');

type OpenStay = Awaited<ReturnType<typeof openStays>>[number];

/**
 * Every board read starts with this one query (compiledOnce: built once, not per request): the unit
 * with its beds, its newest protocol version, and its open stays' ids from the (unit_id,
 * discharged_at) index alone, to find the kept rows. Three lookups were three round trips to
 * PostgreSQL a board (issue 16).
 */
const boardUnitLookup = compiledOnce((db: Kysely<Database>, slot) =>
  db
    .selectFrom('unit')
    .select([
      ...UNIT_WITH_BEDS_COLUMNS,
      newestProtocolVersion('unit.id').as('protocol_version'),
      sql<
        string | null
      >`(select string_agg(cast(admission.id as text), ',') from admission where admission.unit_id = unit.id and admission.discharged_at is null)`.as(
        'open_stay_ids',
      ),
    ])
    .where('id', '=', slot('unitId')),
);

/** The open stays with what a row is computed from, read when a row is not kept (compiledOnce). */
const openStays = compiledOnce((db: Kysely<Database>, slot) =>
  db
    .selectFrom('admission')
    .innerJoin('patient', 'patient.id', 'admission.patient_id')
    .select([
      'admission.id',
      'admission.bed',
      'admission.substance',
      'admission.opioid_kind',
      'admission.last_use_at',
      'admission.admitted_at',
      'admission.weight_kg',
      'patient.id as patient_id',
      'patient.name',
      'patient.mrn',
    ])
    .where('admission.unit_id', '=', slot('unitId'))
    .where('admission.discharged_at', 'is', null),
);

/**
 * The unit's board. With `cache` (the app's, services/kept-by-admission.ts) a bed whose record has not
 * changed is served as last computed, so a read costs the few queries that find the open stays, not
 * the rules run again over every bed; only the changed beds are read and computed.
 */
export async function censusBoard(
  db: Kysely<Database>,
  actor: Actor,
  unitId: number,
  now = new Date(),
  cache?: BoardRows,
): Promise<CensusBoard> {
  // Before anything is read: a change that arrives during the build keeps its row from being kept.
  const ticket = cache?.ticket() ?? 0;
  const asOf = new Date().toISOString();
  const unitRead = await boardUnit(db, unitId);
  if (!unitRead) throw notFound('Unit', unitId);
  const { found, unit, protocol, basis } = unitRead;
  const rowOf = new Map<number, CensusRow>();
  // Without a cache nothing is kept: the stays are read whole straight away.
  const stayIds = cache && found.open_stay_ids ? found.open_stay_ids.split(',').map(Number) : [];
  const nowMs = now.getTime();
  let renewing = false;
  for (const id of stayIds) {
    const row = cache?.get(id, basis, nowMs);
    if (!row) continue;
    rowOf.set(id, row);
    renewing ||= cache?.dueForRenewal(id, nowMs) ?? false;
  }
  if (cache && renewing)
    cache.renew(`board ${unitId}`, now, (at, background) => renewRows(background ?? db, unitId, at, cache));
  // Most reads find every row kept; the stays' records are read only for the rows that are not.
  if (!cache || rowOf.size < stayIds.length) {
    const stale = (await openStays(db, { unitId })).filter((a) => !rowOf.has(a.id));
    for (const [id, row] of await computeAndKeep(db, { unit, protocol, basis }, stale, now, ticket, cache)) {
      rowOf.set(id, row);
    }
  }
  const rows = [...rowOf.values()];
  rows.sort((x, y) => compareBeds(x.bed, y.bed));
  const occupied = new Set(rows.map((r) => r.bed));
  await auditRead(db, actor, 'census-board', unitId);
  const board = {
    unit: {
      id: unit.id,
      name: unit.name,
      timeZone: unit.timeZone,
      beds: unit.beds,
      assessmentIntervalMinutes: reassessmentScheduleOf(protocol).routineMinutes,
      prnReassessMinutes: unit.prnReassessMinutes,
      clock: unitClock(unit.timeZone, now),
    },
    generatedAt: now.toISOString(),
    asOf,
    emptyBeds: unit.beds.filter((b) => !occupied.has(b)),
  };
  // The rows' texts were made when they were computed; the rest is new on every read.
  const rowTexts = rows.map((row) => jsonTextGiven(row) ?? Buffer.from(JSON.stringify(row)));
  const text = jsonArrayOf(rowTexts, ROWS_OPEN, Buffer.from(`],${JSON.stringify(board).slice(1)}`));
  return withJsonText({ ...board, rows }, text);
}

/** Computes the rows of `stays` at `now`, each with its text, and keeps them (when there is a cache). */
async function computeAndKeep(
  db: Kysely<Database>,
  { unit, protocol, basis }: { unit: UnitView; protocol: UnitProtocol; basis: string },
  stays: readonly OpenStay[],
  now: Date,
  ticket: ReadTicket,
  cache: BoardRows | undefined,
): Promise<Map<number, CensusRow>> {
  const rows = new Map<number, CensusRow>();
  // The rows computed together are renewed together: one renewal of the unit takes them all.
  const renewFrom = renewFromFor(now.getTime());
  for (const [id, { row, validUntil }] of await computeRows(db, { unit, protocol }, stays, now)) {
    // Its text is made once, for every read it is kept for (json-text.ts).
    rows.set(id, withJsonText(row, JSON.stringify(row)));
    cache?.put(ticket, id, basis, row, { computedAt: now.getTime(), validUntil, renewFrom });
  }
  return rows;
}

/**
 * How many of a unit's rows one renewal computes: a whole unit takes 16 to 50 ms on the large bench
 * database, too long to hold the loop for. The unit's next read (the boards poll) queues the rest.
 */
const ROWS_A_RENEWAL = 8;

/** Computes again, in the background, the unit's rows that are getting old (kept-by-admission.ts). */
async function renewRows(db: Kysely<Database>, unitId: number, now: Date, cache: BoardRows): Promise<void> {
  const ticket = cache.ticket();
  const unitRead = await boardUnit(db, unitId);
  if (!unitRead) return;
  const due = (await openStays(db, { unitId }))
    .filter((a) => cache.dueForRenewal(a.id, now.getTime()))
    .slice(0, ROWS_A_RENEWAL);
  if (due.length > 0) await computeAndKeep(db, unitRead, due, now, ticket, cache);
}

/** The unit with its open stays' ids, its protocol and the basis its rows are kept under; undefined if there is none. */
async function boardUnit(db: Kysely<Database>, unitId: number) {
  const [found] = await boardUnitLookup(db, { unitId });
  if (!found) return undefined;
  const unit = unitViewOf(found);
  const { version, protocol } = await protocolOfVersion(db, unitId, found.protocol_version);
  return { found, unit, protocol, basis: rowBasis(version, unit) };
}

/** A kept row holds under the protocol version and the unit settings it was computed with. */
export function rowBasis(protocolVersion: number, unit: Pick<UnitView, 'timeZone' | 'prnReassessMinutes'>): string {
  return `${protocolVersion} ${unit.timeZone} ${unit.prnReassessMinutes}`;
}

/**
 * The newest three active scores of each stay, for the whole unit in one query (not one per bed);
 * corrected rows are left out. It reads only the newest rows of each stay through its index, so it
 * costs the same on day 7 of a stay as on day 1 (a window over every row of every stay grew with the
 * length of stay): the third-newest active score (its time, then its id among scores taken at that
 * same time) bounds each stay's rows (null: fewer than three). The bound is found once per stay
 * (materialized): PostgreSQL otherwise folded it into the join and looked it up again for every score
 * of the stay, and a stay with 2,700 scores at one time took 9 s a board.
 */
async function newestScoresOf(db: Kysely<Database>, ids: readonly number[]): Promise<LatestAssessmentRow[]> {
  const shaped = idsInShape(ids);
  return runInShape(
    db,
    sql<LatestAssessmentRow>`
      with bounds as materialized (
        select x.id as admission_id,
               (select a3.id from assessment a3
                where a3.admission_id = x.id
                  and ${notCorrected('assessment', 'a3.id')}
                order by a3.taken_at desc, a3.id desc limit 1 offset 2) as since_id
        from admission x
        where x.id in (${sql.join(shaped)})
      )
      select id, admission_id, instrument, total, severity, taken_at, rn from (
        select a.id, a.admission_id, a.instrument, a.total, a.severity, a.taken_at,
               row_number() over (partition by a.admission_id order by a.taken_at desc, a.id desc) as rn
        from bounds
        left join assessment since on since.id = bounds.since_id
        join assessment a on a.admission_id = bounds.admission_id and a.taken_at >= coalesce(since.taken_at, '')
          and (since.id is null or a.taken_at > since.taken_at or a.id >= since.id)
        where ${notCorrected('assessment', 'a.id')}
      ) ranked where rn <= 3`.compile(db),
    shaped,
  );
}

/**
 * Every active dose of the stays, oldest first, in one query: the last dose of each drug, the PRN
 * doses since the newest score, the first buprenorphine dose and the orders-due summary all come
 * from it (three queries each walking the same rows before). A stay holds a few hundred at most.
 */
async function activeDosesOf(db: Kysely<Database>, ids: readonly number[]): Promise<DoseRow[]> {
  const shaped = idsInShape(ids);
  return runInShape(
    db,
    sql<DoseRow>`
      select m.id, m.admission_id, m.order_id, m.drug, m.dose_mg, m.status, m.given_at, m.prn
      from medication_administration m
      where m.admission_id in (${sql.join(shaped)}) and ${notCorrected('administration', 'm.id')}
      order by m.admission_id, m.given_at, m.id`.compile(db),
    shaped,
  );
}

/**
 * The rows of the given stays at `now`, each with the instant until which it holds without a change
 * to the record: the sooner of KEPT_FRESH_MS and the next time its "overdue" or a PRN
 * reassessment's urgency turns.
 */
async function computeRows(
  db: Kysely<Database>,
  { unit, protocol }: { unit: UnitView; protocol: UnitProtocol },
  admissions: readonly OpenStay[],
  now: Date,
): Promise<Map<number, { row: CensusRow; validUntil: number }>> {
  const result = new Map<number, { row: CensusRow; validUntil: number }>();
  if (admissions.length === 0) return result;
  const ids = admissions.map((a) => a.id);
  // The stays' records are read at once: none of these needs another's answer, and on PostgreSQL each
  // is a round trip of its own. The orders due need the substances and the doses: read after them.
  const [substances, latest, doseRows, { open: alerts, acknowledged }] = await Promise.all([
    substancesOf(db, admissions),
    newestScoresOf(db, ids),
    activeDosesOf(db, ids),
    openAndRecentlyAcknowledgedAlerts(db, ids, recentAcknowledgementSince(now)),
  ]);
  const dosesOf = new Map<number, DoseRow[]>();
  for (const d of doseRows) {
    const doses = dosesOf.get(d.admission_id);
    if (doses) doses.push(d);
    else dosesOf.set(d.admission_id, [d]);
  }
  const chartedOf = new Map<number, ChartedDose[]>(
    [...dosesOf].map(([id, doses]) => [id, doses.map(chartedDoseOfRow)]),
  );

  const dueNow = await boardOrdersDue(
    db,
    { timeZone: unit.timeZone, protocol },
    admissions,
    { substances, doses: chartedOf },
    now,
  );
  const nowMs = now.getTime();
  for (const a of admissions) {
    const scores = latest.filter((r) => r.admission_id === a.id).sort((x, y) => Number(x.rn) - Number(y.rn));
    const newest = scores[0];
    const sameInstrument = newest ? scores.filter((s) => s.instrument === newest.instrument) : [];
    const recentTotals = sameInstrument.map((s) => s.total).reverse();
    const stayDoses = dosesOf.get(a.id) ?? [];
    // The newest dose of each drug (doses are oldest first, so the last one seen wins).
    const lastByDrug = new Map<DrugId, DoseRow>();
    for (const d of stayDoses) lastByDrug.set(d.drug, d);
    const admissionDoses = [...lastByDrug.values()].sort((x, y) => (x.drug < y.drug ? -1 : x.drug > y.drug ? 1 : 0));

    // Every PRN dose since the newest score opens a reassessment, due after the drug's protocol delay.
    const pendingReassessments: CensusRow['openAlerts'] = [];
    // The row changes by itself when the next score or a reassessment falls due.
    const turns = [nowMs + KEPT_FRESH_MS];
    for (const d of admissionDoses) {
      if (d.prn !== 1 || d.status !== 'given') continue;
      if (newest && d.given_at < newest.taken_at) continue; // a dose at the score's minute follows it (the shared rule's order)
      const minutes = protocol.drugs[d.drug]?.reassessAfterMinutes ?? unit.prnReassessMinutes;
      const reassessAt = Date.parse(d.given_at) + minutes * 60_000;
      if (reassessAt >= nowMs) turns.push(reassessAt + 1);
      pendingReassessments.push({
        code: `reassess-${d.drug}`,
        message: `Reassess after PRN ${getDrug(d.drug).name}`,
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
              instrument: newest.instrument,
              total: newest.total,
              severity: newest.severity,
            },
          ]
        : [],
      // Every active PRN dose given at or after the newest score, and the first buprenorphine dose (either product).
      prnDoses: stayDoses
        .filter((d) => d.prn === 1 && d.status === 'given' && (!newest || d.given_at >= newest.taken_at))
        .map((d) => ({ drug: d.drug, givenAt: d.given_at })),
      buprenorphineGivenAt: stayDoses
        .filter((d) => d.status === 'given' && (d.drug === 'buprenorphine' || d.drug === 'buprenorphine-naloxone'))
        .slice(0, 1)
        .map((d) => d.given_at),
      openDangerAlerts: admissionAlerts.filter((x) => x.severity === 'danger').map((x) => ({ raisedAt: x.raisedAt })),
      protocol,
    });
    const nextDue = Date.parse(next.at);
    if (nextDue >= nowMs) turns.push(nextDue + 1);
    const hours = (nowMs - Date.parse(a.last_use_at)) / 3_600_000;
    const used = substances.get(a.id) ?? [];
    const { phase, phaseLabel } = phaseOfCourse(hours, courseForSubstances(used));
    const latestScore = newest
      ? (() => {
          const instrument = getInstrument(newest.instrument);
          return {
            id: newest.id,
            instrument: instrument.id,
            total: newest.total,
            severity: newest.severity,
            severityLabel: instrument.bands.find((b) => b.severity === newest.severity)?.label ?? newest.severity,
            takenAt: newest.taken_at,
          };
        })()
      : null;
    const row: CensusRow = {
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
      ordersDue:
        dueNow.get(a.id) ??
        ordersDueSummary({ at: now.toISOString(), due: [], eligible: [], notEligible: [], upcoming: [] }),
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
    result.set(a.id, { row, validUntil: Math.min(...turns) });
  }
  return result;
}
