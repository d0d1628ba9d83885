import type { ChartedDose, DrugId, UsedSubstance } from '@detox/shared';
import type { Kysely, Transaction } from 'kysely';
import { compiledOnce } from '../db/compiled-once.js';
import type { AdmissionRow, Database } from '../db/database.js';
import { jsonArrayFromFor, jsonRows } from '../db/json-array.js';
import { substanceRows, substancesOfRows } from './admission-substances.js';
import { ADMISSION_COLUMNS } from './admissions.js';
import {
  type OrderFacts,
  type ScoresForDoseRules,
  activeDoses,
  chartedDoseOfRow,
  newestScoresBefore,
  orderFactsOfRow,
  ordersWithFacts,
  scoresForDoseRulesFrom,
} from './order-records.js';
import { type ProtocolVersion, newestProtocolVersion, protocolOfVersion } from './protocol.js';
import { type StoredTaperPlan, planRows, plansByDrug, storedPlanFromRow } from './taper-plans.js';

/** What a dose is checked against: its stay as it stands, and the order and score it names. */
export interface DoseCheckRecord {
  admission: AdmissionRow;
  /** The stay's active doses, oldest first (less the one a correction replaces). */
  doses: ChartedDose[];
  /** The order the dose names, whoever's it is (orderForDose judges it); undefined: none named, or no such order. */
  order: OrderFacts | undefined;
  timeZone: string;
  protocol: ProtocolVersion;
  scores: ScoresForDoseRules;
  plans: Map<DrugId, StoredTaperPlan[]>;
  substances: UsedSubstance[];
  /** The admission of the assessment the dose names (null: no such assessment, or none named). */
  assessmentAdmissionId: number | null;
}

export interface DoseCheckQuestion {
  admissionId: number;
  givenAt: string;
  orderId?: number | null | undefined;
  assessmentId?: number | undefined;
  /** A correction's replacement is checked without the dose it replaces. */
  excludeAdministrationId?: number | undefined;
}

/** Stands for "none" where an id is asked for: ids start at 1, so it matches no row. */
const NO_ID = 0;

/**
 * Everything a dose check reads (the admission, the stay's doses, the order named, the unit's clock
 * and protocol version, the newest scores, the taper plans, the substances, the assessment named) in
 * one statement: on PostgreSQL a dose is charted inside its stay's turn, and each statement there was
 * a round trip that every later dose on the stay waited behind (issue 16: seven, now one). Each part
 * is the query its own reader runs, as a JSON array; the arrays are put back in order here, since an
 * aggregate's order is not promised.
 * Undefined: no such admission.
 */
export async function readDoseCheckRecord(
  trx: Kysely<Database> | Transaction<Database>,
  question: DoseCheckQuestion,
): Promise<DoseCheckRecord | undefined> {
  const givenAt = new Date(question.givenAt).toISOString();
  const [row] = await doseCheckRecordOf(trx, {
    admissionId: question.admissionId,
    givenAt,
    orderId: question.orderId ?? NO_ID,
    assessmentId: question.assessmentId ?? NO_ID,
    excludedId: question.excludeAdministrationId ?? NO_ID,
  });
  if (!row) return undefined;
  const {
    time_zone,
    protocol_version,
    doses,
    orders,
    scores,
    plans,
    substances,
    assessment_admission_id,
    ...admission
  } = row;
  const newest = jsonRows(scores).sort((a, b) => compare(b.taken_at, a.taken_at));
  return {
    admission,
    doses: jsonRows(doses)
      .sort((a, b) => compare(a.given_at, b.given_at))
      .map(chartedDoseOfRow),
    order: jsonRows(orders).map(orderFactsOfRow)[0],
    timeZone: time_zone,
    protocol: await protocolOfVersion(trx, admission.unit_id, protocol_version),
    scores: await scoresForDoseRulesFrom(trx, admission.id, givenAt, newest),
    plans: plansByDrug(
      jsonRows(plans)
        .sort((a, b) => a.id - b.id)
        .map(storedPlanFromRow),
    ),
    substances:
      substancesOfRows(
        [admission],
        jsonRows(substances).sort((a, b) => a.position - b.position),
      ).get(admission.id) ?? [],
    assessmentAdmissionId: assessment_admission_id,
  };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// Every charted dose and every dose preview runs it (compiledOnce: built once, not per request).
const doseCheckRecordOf = compiledOnce((db: Kysely<Database>, slot) => {
  const jsonArrayFrom = jsonArrayFromFor(db);
  const admissionId = () => slot('admissionId') as number;
  return db
    .selectFrom('admission')
    .innerJoin('unit', 'unit.id', 'admission.unit_id')
    .select(ADMISSION_COLUMNS.map((column) => `admission.${column}` as const))
    .select((eb) => [
      'unit.time_zone',
      newestProtocolVersion('admission.unit_id').as('protocol_version'),
      jsonArrayFrom(activeDoses(db, admissionId()).where('m.id', '!=', slot('excludedId'))).as('doses'),
      jsonArrayFrom(ordersWithFacts(db).where('o.id', '=', slot('orderId'))).as('orders'),
      jsonArrayFrom(newestScoresBefore(db, admissionId(), slot('givenAt'))).as('scores'),
      jsonArrayFrom(planRows(db).where('taper_plan.admission_id', '=', admissionId())).as('plans'),
      jsonArrayFrom(substanceRows(db).select('position').where('admission_id', '=', admissionId())).as('substances'),
      eb
        .selectFrom('assessment')
        .select('assessment.admission_id')
        .where('assessment.id', '=', slot('assessmentId'))
        .as('assessment_admission_id'),
    ])
    .where('admission.id', '=', admissionId());
});
