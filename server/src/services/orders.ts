import {
  type CreateOrderInput,
  type DiscontinueOrderInput,
  type DrugId,
  type InstrumentId,
  type OrderKind,
  type Route,
  type OrderTemplate,
  type OrderStatus,
  type VerbalOrderInput,
  formatDoseMg,
  getDrug,
  orderedMaxMg,
} from '@detox/shared';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import type { Actor } from './actor.js';
import { admissionForCharting } from './admissions.js';
import { auditRead, writeAudit } from './audit.js';
import { clientRequest, writeOnce } from './client-requests.js';
import { Refusal, isUniqueViolation, notFound } from './errors.js';
import { chartedDoses, orderFacts, type OrderFacts, statusOfOrder } from './order-records.js';
import { currentProtocol } from './protocol.js';
import { nowInstant, toStoredInstant } from './time.js';

/**
 * Medication orders (issue 9). Physicians write them; a nurse enters a verbal or telephone order on
 * behalf of a named physician after reading it back, active at once and flagged until that
 * physician countersigns. Rows are never changed: countersigning and discontinuing add facts.
 */

type Channel = 'written' | 'verbal' | 'telephone';

const MAX_BACKDATE_MS = 24 * 3_600_000;

interface OrderSource {
  channel: Channel;
  orderedBy: number;
  readBack: boolean;
  orderSetId?: number | null;
}

/** Writes one order inside the caller's transaction, with its audit row; checks it against the unit's hard limits. */
export async function insertOrder(
  trx: Transaction<Database>,
  actor: Actor,
  admission: { id: number; unit_id: number; admitted_at: string },
  content: OrderTemplate & { startAt?: string; endAt?: string },
  source: OrderSource,
  options: { recordedAt?: string; audit?: (orderId: number) => Promise<void> } = {},
): Promise<number> {
  const recordedAt = options.recordedAt ?? nowInstant();
  const protocol = await currentProtocol(trx, admission.unit_id);
  if (content.startAt && !options.recordedAt) {
    // An order may start a little before it is entered (a telephone order given before it was typed
    // in, a set applied for the time of admission), never before the stay or more than a day back.
    const startMs = Date.parse(content.startAt);
    if (startMs < Date.parse(admission.admitted_at) || startMs < Date.now() - MAX_BACKDATE_MS) {
      throw new Refusal(
        'BAD_REQUEST',
        'startAt may be at most 24 h in the past and not before the admission; an order cannot cover doses from before it was given',
        'startAt',
      );
    }
  }
  const limit = protocol.protocol.drugs[content.drug].plausibleMaxDoseMg;
  if (orderedMaxMg({ doseMg: content.doseMg, doseMaxMg: content.doseMaxMg }) > limit) {
    throw new Refusal(
      'BAD_REQUEST',
      `${getDrug(content.drug).name} ${formatDoseMg(orderedMaxMg({ doseMg: content.doseMg, doseMaxMg: content.doseMaxMg }))} is above the unit's hard limit of ${formatDoseMg(limit)} per dose, so no dose of it could be charted; check the dose and its units`,
      content.doseMaxMg !== undefined ? 'doseMaxMg' : 'doseMg',
    );
  }
  const row = await trx
    .insertInto('medication_order')
    .values({
      admission_id: admission.id,
      drug: content.drug,
      dose_mg: content.doseMg,
      dose_max_mg: content.doseMaxMg ?? null,
      route: content.route,
      kind: content.kind,
      every_hours: content.everyHours ?? null,
      times_of_day: content.timesOfDay ? JSON.stringify(content.timesOfDay) : null,
      indication: content.indication ?? null,
      trigger_instrument: content.trigger?.instrument ?? null,
      trigger_min_total: content.trigger?.minTotal ?? null,
      min_interval_minutes: content.minIntervalMinutes ?? null,
      max_per_24h_mg: content.maxPer24hMg ?? null,
      hold: content.hold && Object.keys(content.hold).length > 0 ? JSON.stringify(content.hold) : null,
      start_at: content.startAt ? toStoredInstant(content.startAt) : recordedAt,
      end_at: content.endAt ? toStoredInstant(content.endAt) : null,
      note: content.note ?? null,
      ordered_by: source.orderedBy,
      entered_by: actor.id,
      channel: source.channel,
      read_back: source.readBack ? 1 : 0,
      order_set_id: source.orderSetId ?? null,
      protocol_version: protocol.version,
      recorded_at: recordedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // The demo seed stamps its audit rows with the simulated time; everyone else audits now.
  if (options.audit) await options.audit(row.id);
  else await writeAudit(trx, actor, 'create', 'order', row.id);
  return row.id;
}

/** orders.create: a physician's own order. */
export async function createOrder(
  db: Kysely<Database>,
  actor: Actor,
  input: CreateOrderInput,
): Promise<{ id: number; unitId: number; admissionId: number }> {
  return writeOnce(db, actor, clientRequest('orders.create', input), async (trx) => {
    const admission = await admissionForCharting(trx, input.admissionId);
    const id = await insertOrder(trx, actor, admission, input, {
      channel: 'written',
      orderedBy: actor.id,
      readBack: false,
    });
    return { id, unitId: admission.unit_id, admissionId: admission.id };
  });
}

/** orders.verbal: a nurse enters a physician's verbal or telephone order, read back. */
export async function enterVerbalOrder(
  db: Kysely<Database>,
  actor: Actor,
  input: VerbalOrderInput,
): Promise<{ id: number; unitId: number; admissionId: number }> {
  return writeOnce(db, actor, clientRequest('orders.verbal', input), async (trx) => {
    const admission = await admissionForCharting(trx, input.admissionId);
    const physician = await trx
      .selectFrom('app_user')
      .select(['id', 'role', 'active', 'name'])
      .where('id', '=', input.orderedBy)
      .executeTakeFirst();
    if (physician?.role !== 'physician' || physician.active !== 1) {
      const what = !physician
        ? 'no user'
        : physician.role !== 'physician'
          ? `${physician.name}, a ${physician.role}`
          : `${physician.name}, whose account is deactivated`;
      throw new Refusal(
        'BAD_REQUEST',
        `orderedBy must be the id of an active physician who gave the order; ${input.orderedBy} is ${what}`,
        'orderedBy',
      );
    }
    const id = await insertOrder(trx, actor, admission, input, {
      channel: input.channel,
      orderedBy: physician.id,
      readBack: true,
    });
    return { id, unitId: admission.unit_id, admissionId: admission.id };
  });
}

async function oneOrder(trx: Transaction<Database>, orderId: number): Promise<OrderFacts & { unitId: number }> {
  const [facts] = await orderFacts(trx, { orderId });
  if (!facts) throw notFound('Order', orderId);
  const admission = await trx
    .selectFrom('admission')
    .select('unit_id')
    .where('id', '=', facts.row.admission_id)
    .executeTakeFirstOrThrow();
  return { ...facts, unitId: admission.unit_id };
}

/** orders.countersign: only the physician the verbal order names. */
export async function countersignOrder(
  db: Kysely<Database>,
  actor: Actor,
  input: { orderId: number; requestId?: string | undefined },
): Promise<{ ok: true; unitId: number; admissionId: number }> {
  const { orderId } = input;
  try {
    return await writeOnce(db, actor, clientRequest('orders.countersign', input), async (trx) => {
      const facts = await oneOrder(trx, orderId);
      if (facts.row.channel === 'written')
        throw new Refusal(
          'CONFLICT',
          `Order ${orderId} was written by the physician; only verbal and telephone orders are countersigned`,
        );
      if (facts.countersignedAt !== null)
        throw new Refusal('CONFLICT', `Order ${orderId} was already countersigned at ${facts.countersignedAt}`);
      if (facts.row.ordered_by !== actor.id) {
        const named = await trx
          .selectFrom('app_user')
          .select('name')
          .where('id', '=', facts.row.ordered_by)
          .executeTakeFirstOrThrow();
        throw new Refusal('FORBIDDEN', `Order ${orderId} was given by ${named.name}; only they may countersign it`);
      }
      await trx
        .insertInto('order_countersignature')
        .values({ order_id: orderId, signed_by: actor.id, signed_at: nowInstant() })
        .execute();
      await writeAudit(trx, actor, 'update', 'order', orderId);
      return { ok: true as const, unitId: facts.unitId, admissionId: facts.row.admission_id };
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new Refusal('CONFLICT', `Order ${orderId} was countersigned a moment ago; reload`);
    throw error;
  }
}

/** orders.discontinue: a new fact with who, when and why; the order stays listed as discontinued. */
export async function discontinueOrder(
  db: Kysely<Database>,
  actor: Actor,
  input: DiscontinueOrderInput,
): Promise<{ ok: true; unitId: number; admissionId: number }> {
  try {
    return await writeOnce(db, actor, clientRequest('orders.discontinue', input), async (trx) => {
      const facts = await oneOrder(trx, input.orderId);
      if (facts.discontinuation)
        throw new Refusal(
          'CONFLICT',
          `Order ${input.orderId} was already discontinued at ${facts.discontinuation.at}: ${facts.discontinuation.reason}`,
        );
      const status = statusOfOrder(facts, await chartedDoses(trx, facts.row.admission_id));
      if (status === 'completed')
        throw new Refusal(
          'CONFLICT',
          `Order ${input.orderId} is already completed; there is nothing left to discontinue`,
        );
      await trx
        .insertInto('order_discontinuation')
        .values({
          order_id: input.orderId,
          reason: input.reason,
          discontinued_by: actor.id,
          discontinued_at: nowInstant(),
        })
        .execute();
      await writeAudit(trx, actor, 'update', 'order', input.orderId);
      return { ok: true as const, unitId: facts.unitId, admissionId: facts.row.admission_id };
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new Refusal('CONFLICT', `Order ${input.orderId} was discontinued a moment ago; reload`);
    throw error;
  }
}

type Person = { id: number; name: string };

export interface OrderView {
  id: number;
  admissionId: number;
  drug: DrugId;
  doseMg: number;
  doseMaxMg: number | null;
  route: Route;
  kind: OrderKind;
  everyHours: number | null;
  timesOfDay: string[] | null;
  indication: string | null;
  trigger: { instrument: InstrumentId; minTotal: number } | null;
  minIntervalMinutes: number | null;
  maxPer24hMg: number | null;
  hold: Record<string, number> | null;
  startAt: string;
  endAt: string | null;
  note: string | null;
  channel: Channel;
  readBack: boolean;
  orderedBy: Person;
  enteredBy: Person;
  orderSetId: number | null;
  protocolVersion: number | null;
  recordedAt: string;
  status: OrderStatus;
  needsCountersign: boolean;
  countersigned: { by: Person; at: string } | null;
  discontinued: { by: Person; at: string; reason: string } | null;
}

async function names(db: Kysely<Database>, ids: number[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('app_user').select(['id', 'name']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

function present(facts: OrderFacts, status: OrderStatus, who: Map<number, string>): OrderView {
  const { row, order } = facts;
  const person = (id: number): Person => ({ id, name: who.get(id) ?? '' });
  return {
    id: row.id,
    admissionId: row.admission_id,
    drug: order.drug,
    doseMg: order.doseMg,
    doseMaxMg: order.doseMaxMg ?? null,
    route: order.route,
    kind: order.kind,
    everyHours: order.everyHours ?? null,
    timesOfDay: order.timesOfDay ? [...order.timesOfDay] : null,
    indication: order.indication ?? null,
    trigger: order.trigger ?? null,
    minIntervalMinutes: order.minIntervalMinutes ?? null,
    maxPer24hMg: order.maxPer24hMg ?? null,
    hold: (order.hold as Record<string, number> | null) ?? null,
    startAt: row.start_at,
    endAt: row.end_at,
    note: row.note,
    channel: row.channel,
    readBack: row.read_back === 1,
    orderedBy: person(row.ordered_by),
    enteredBy: person(row.entered_by),
    orderSetId: row.order_set_id,
    protocolVersion: row.protocol_version,
    recordedAt: row.recorded_at,
    status,
    needsCountersign: row.channel !== 'written' && facts.countersignedAt === null,
    countersigned:
      facts.countersignedAt !== null && facts.countersignedBy !== null
        ? { by: person(facts.countersignedBy), at: facts.countersignedAt }
        : null,
    discontinued: facts.discontinuation
      ? { by: person(facts.discontinuation.by), at: facts.discontinuation.at, reason: facts.discontinuation.reason }
      : null,
  };
}

/** orders.list: every order of the stay, discontinued and completed ones included. */
export async function listOrders(db: Kysely<Database>, actor: Actor, admissionId: number): Promise<OrderView[]> {
  const admission = await db.selectFrom('admission').select('id').where('id', '=', admissionId).executeTakeFirst();
  if (!admission) throw notFound('Admission', admissionId);
  const all = await orderFacts(db, { admissionId });
  const doses = await chartedDoses(db, admissionId);
  const who = await names(
    db,
    all.flatMap((f) => [
      f.row.ordered_by,
      f.row.entered_by,
      ...(f.countersignedBy ? [f.countersignedBy] : []),
      ...(f.discontinuation ? [f.discontinuation.by] : []),
    ]),
  );
  await auditRead(db, actor, 'order-list', admissionId);
  const now = Date.now();
  return all.map((f) => present(f, statusOfOrder(f, doses, now), who));
}

export interface AwaitingCountersign extends OrderView {
  bed: string;
  patientName: string;
  unitId: number;
}

/** orders.awaitingCountersign: the verbal and telephone orders naming the calling physician, not yet countersigned. */
export async function ordersAwaitingCountersign(db: Kysely<Database>, actor: Actor): Promise<AwaitingCountersign[]> {
  const rows = await db
    .selectFrom('medication_order as o')
    .innerJoin('admission as a', 'a.id', 'o.admission_id')
    .innerJoin('patient as p', 'p.id', 'a.patient_id')
    .select(['o.id', 'o.admission_id', 'a.bed', 'a.unit_id', 'p.name'])
    .where('o.ordered_by', '=', actor.id)
    .where('o.channel', '!=', 'written')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('order_countersignature as cs').select('cs.id').whereRef('cs.order_id', '=', 'o.id'))),
    )
    .orderBy('o.id', 'asc')
    .execute();
  const result: AwaitingCountersign[] = [];
  for (const r of rows) {
    const [facts] = await orderFacts(db, { orderId: r.id });
    if (!facts) continue;
    const who = await names(db, [
      facts.row.ordered_by,
      facts.row.entered_by,
      ...(facts.discontinuation ? [facts.discontinuation.by] : []),
    ]);
    const status = statusOfOrder(facts, await chartedDoses(db, r.admission_id));
    result.push({ ...present(facts, status, who), bed: r.bed, patientName: r.name, unitId: r.unit_id });
  }
  await auditRead(db, actor, 'order-countersign-list', actor.id);
  return result;
}
