import type { ChartedDose, LatestVitals, MedicationOrder, OrderStatus, ScoreReading } from '@detox/shared';
import { orderStatusAt } from '@detox/shared';
import { type Kysely, type Transaction, sql } from 'kysely';
import type { AdministrationRow, Database, MedicationOrderRow } from '../db/database.js';
import { compiledOnce } from '../db/compiled-once.js';
import { idsInShape, runInShape } from '../db/id-list-shapes.js';
import { readJsonColumn } from '../db/json-column.js';
import { ONE_ROW } from '../db/literal-limit.js';
import { storedOrderHold, storedTimesOfDay } from '../db/stored-json.js';
import type { ChartedAdministration } from './administration-record.js';
import { notCorrected } from './not-corrected.js';

/** Reading orders and what they are judged against, shared by the order services and the dose check. */

type Reader = Kysely<Database> | Transaction<Database>;

export interface OrderFacts {
  row: MedicationOrderRow;
  order: MedicationOrder;
  countersignedAt: string | null;
  countersignedBy: number | null;
  discontinuation: { reason: string; by: number; at: string } | null;
}

/** Reals are read through Number(): a driver that hands back a numeric as text still gives a number. */
const real = (v: number | null) => (v === null ? null : Number(v));

/** An order row as every reader sees it (order services, the dose check, the timeline, the shift report, the FHIR export). */
export function orderFromRow(row: MedicationOrderRow, discontinuedAt: string | null): MedicationOrder {
  const at = { table: 'medication_order', id: row.id } as const;
  return {
    id: row.id,
    drug: row.drug,
    doseMg: Number(row.dose_mg),
    doseMaxMg: real(row.dose_max_mg),
    route: row.route,
    kind: row.kind,
    everyHours: real(row.every_hours),
    timesOfDay:
      row.times_of_day === null
        ? null
        : readJsonColumn(storedTimesOfDay, row.times_of_day, { ...at, column: 'times_of_day' }),
    indication: row.indication,
    trigger:
      row.trigger_instrument === null || row.trigger_min_total === null
        ? null
        : { instrument: row.trigger_instrument, minTotal: row.trigger_min_total },
    minIntervalMinutes: row.min_interval_minutes,
    maxPer24hMg: real(row.max_per_24h_mg),
    hold: row.hold === null ? null : readJsonColumn(storedOrderHold, row.hold, { ...at, column: 'hold' }),
    startAt: row.start_at,
    endAt: row.end_at,
    discontinuedAt,
  };
}

/**
 * Every column of an order row, named: the dose check reads an order inside a JSON aggregate
 * (dose-check-reads.ts), where SQLite needs each column by name. A column added to the table and
 * not here fails to compile: orderFromRow takes a whole MedicationOrderRow.
 */
const ORDER_COLUMNS = [
  'id',
  'admission_id',
  'drug',
  'dose_mg',
  'dose_max_mg',
  'route',
  'kind',
  'every_hours',
  'times_of_day',
  'indication',
  'trigger_instrument',
  'trigger_min_total',
  'min_interval_minutes',
  'max_per_24h_mg',
  'hold',
  'start_at',
  'end_at',
  'note',
  'ordered_by',
  'entered_by',
  'channel',
  'read_back',
  'order_set_id',
  'protocol_version',
  'recorded_at',
] as const;

/** Orders with their countersignature and discontinuation facts. */
export function ordersWithFacts(db: Reader) {
  return db
    .selectFrom('medication_order as o')
    .leftJoin('order_countersignature as cs', 'cs.order_id', 'o.id')
    .leftJoin('order_discontinuation as dc', 'dc.order_id', 'o.id')
    .select(ORDER_COLUMNS.map((column) => `o.${column}` as const))
    .select(['cs.signed_at', 'cs.signed_by', 'dc.reason as dc_reason', 'dc.discontinued_by', 'dc.discontinued_at']);
}

/** A row of ordersWithFacts. */
export type OrderRowWithFacts = Awaited<ReturnType<ReturnType<typeof ordersWithFacts>['execute']>>[number];

// One stay's orders and one order are read by every timeline and orders.due (compiledOnce:
// built once, not per request); a unit's stays at once, for the census board, in a list of its size.
const ordersOfAdmission = compiledOnce((db: Kysely<Database>, slot) =>
  ordersWithFacts(db).where('o.admission_id', '=', slot('admissionId')).orderBy('o.id', 'asc'),
);
const orderWithId = compiledOnce((db: Kysely<Database>, slot) =>
  ordersWithFacts(db).where('o.id', '=', slot('orderId')),
);

/** Orders with their countersignature and discontinuation facts, oldest first. */
export async function orderFacts(
  db: Reader,
  where: { admissionId: number } | { orderId: number } | { admissionIds: readonly number[] },
): Promise<OrderFacts[]> {
  let rows: OrderRowWithFacts[];
  if ('admissionId' in where) rows = await ordersOfAdmission(db, where);
  else if ('orderId' in where) rows = await orderWithId(db, where);
  // A whole unit's stays at once (the census board); no stays, no orders.
  else if (where.admissionIds.length === 0) return [];
  else {
    const ids = idsInShape(where.admissionIds);
    rows = await runInShape(
      db,
      ordersWithFacts(db).where('o.admission_id', 'in', ids).orderBy('o.id', 'asc').compile(),
      ids,
    );
  }
  return rows.map(orderFactsOfRow);
}

/** An order with its facts as every reader sees it. */
export function orderFactsOfRow(r: OrderRowWithFacts): OrderFacts {
  const { signed_at, signed_by, dc_reason, discontinued_by, discontinued_at, ...row } = r;
  return {
    row,
    order: orderFromRow(row, discontinued_at),
    countersignedAt: signed_at,
    countersignedBy: signed_by,
    discontinuation:
      dc_reason !== null && discontinued_by !== null && discontinued_at !== null
        ? { reason: dc_reason, by: discontinued_by, at: discontinued_at }
        : null,
  };
}

/**
 * The admission's active administrations (not superseded, not entered in error), every status, oldest
 * first: only the columns a dose is counted by (its order, drug, dose, time and status), since a long
 * stay has many doses and every dose check reads them all.
 */
export async function chartedDoses(db: Reader, admissionId: number): Promise<ChartedDose[]> {
  return (await dosesOfAdmission(db, { admissionId })).map(chartedDoseOfRow);
}

/** The stay's active doses, with the columns a dose is counted by (chartedDoseOfRow). */
export function activeDoses(db: Reader, admissionId: number) {
  return db
    .selectFrom('medication_administration as m')
    .select(['m.order_id', 'm.drug', 'm.dose_mg', 'm.given_at', 'm.status'])
    .where('m.admission_id', '=', admissionId)
    .where(notCorrected('administration', 'm.id'));
}

// Timelines, orders.due and order lists read them (compiledOnce: built once, not per request); a
// dose check reads them with the rest of its stay (dose-check-reads.ts).
const dosesOfAdmission = compiledOnce((db: Kysely<Database>, slot) =>
  activeDoses(db, slot('admissionId')).orderBy('m.given_at', 'asc'),
);

/** A dose row as the order and safety rules count it (chartedDoses, the census board's doses). */
export function chartedDoseOfRow(
  row: Pick<AdministrationRow, 'order_id' | 'drug' | 'dose_mg' | 'given_at' | 'status'>,
): ChartedDose {
  return {
    orderId: row.order_id,
    drug: row.drug,
    doseMg: Number(row.dose_mg),
    givenAt: row.given_at,
    status: row.status,
  };
}

/** A dose as the order and safety rules count it. */
export function chartedDose(m: ChartedAdministration): ChartedDose {
  return { orderId: m.orderId, drug: m.drug, doseMg: m.doseMg, givenAt: m.givenAt, status: m.status };
}

/** How many of the newest scores a PRN trigger looks through: enough to hold the newest of each instrument. */
export const SCORES_FOR_TRIGGERS = 50;

/** What the dose rules read of a stay's scores at an instant (the dose check and orders.due). */
export interface ScoresForDoseRules {
  /** Active scores at or before the instant, newest first, for PRN triggers (the newest of each instrument decides). */
  scores: ScoreReading[];
  /** The newest active COWS at or before the instant (the buprenorphine induction gate). */
  latestCows: { total: number; takenAt: string } | undefined;
  /** The newest active score with vital signs at or before the instant (hold parameters). */
  latestVitals: LatestVitals | undefined;
}

/**
 * The stay's newest active scores at or before the instant, newest first, with their vital signs:
 * SCORES_FOR_TRIGGERS of them. The latest COWS and the latest vitals are found among them
 * (scoresForDoseRulesFrom).
 */
export function newestScoresBefore(db: Reader, admissionId: number, atIso: string) {
  return activeScoresBefore(db, admissionId, atIso)
    .select(['a.instrument', 'a.total', 'a.taken_at', 'a.heart_rate', 'a.systolic', 'a.diastolic'])
    .limit(sql.lit(SCORES_FOR_TRIGGERS)); // A literal, not bound: db/literal-limit.ts.
}

/** A row of newestScoresBefore. */
export type NewestScoreRow = Awaited<ReturnType<ReturnType<typeof newestScoresBefore>['execute']>>[number];

function activeScoresBefore(db: Reader, admissionId: number, atIso: string) {
  return db
    .selectFrom('assessment as a')
    .where('a.admission_id', '=', admissionId)
    .where('a.taken_at', '<=', atIso)
    .where(notCorrected('assessment', 'a.id'))
    .orderBy('a.taken_at', 'desc');
}

/** The stay's newest scores with their vital signs, in one query (issue 16: it was three). */
export async function scoresForDoseRules(db: Reader, admissionId: number, atIso: string): Promise<ScoresForDoseRules> {
  return scoresForDoseRulesFrom(db, admissionId, atIso, await newestScoresBefore(db, admissionId, atIso).execute());
}

/**
 * What the dose rules need, from the stay's newest scores (newestScoresBefore, newest first). Only a
 * stay with more newer scores than that read holds and none of them a COWS (or none with vitals) is
 * asked again.
 */
export async function scoresForDoseRulesFrom(
  db: Reader,
  admissionId: number,
  atIso: string,
  newest: readonly NewestScoreRow[],
): Promise<ScoresForDoseRules> {
  const readAll = newest.length < SCORES_FOR_TRIGGERS;
  const cows =
    newest.find((a) => a.instrument === 'COWS') ??
    (readAll
      ? undefined
      : await activeScoresBefore(db, admissionId, atIso)
          .select(['a.total', 'a.taken_at'])
          .where('a.instrument', '=', 'COWS')
          .limit(ONE_ROW)
          .executeTakeFirst());
  const vitals =
    newest.find((a) => a.heart_rate !== null || a.systolic !== null) ??
    (readAll
      ? undefined
      : await activeScoresBefore(db, admissionId, atIso)
          .select(['a.taken_at', 'a.heart_rate', 'a.systolic', 'a.diastolic'])
          .where((eb) => eb.or([eb('a.heart_rate', 'is not', null), eb('a.systolic', 'is not', null)]))
          .limit(ONE_ROW)
          .executeTakeFirst());
  return {
    scores: newest.map((a) => ({ instrument: a.instrument, total: a.total, takenAt: a.taken_at })),
    latestCows: cows && { total: cows.total, takenAt: cows.taken_at },
    latestVitals: vitals && {
      takenAt: vitals.taken_at,
      heartRate: vitals.heart_rate,
      systolic: vitals.systolic,
      diastolic: vitals.diastolic,
    },
  };
}

export function statusOfOrder(facts: OrderFacts, doses: readonly ChartedDose[], atMs = Date.now()): OrderStatus {
  return orderStatusAt(facts.order, doses, atMs);
}
