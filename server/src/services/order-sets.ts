import {
  type ApplyOrderSetInput,
  DEFAULT_ORDER_SETS,
  type OrderTemplate,
  checkOrderContent,
  getDrug,
  orderContentFields,
} from '@detox/shared';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import { readJsonColumn } from '../db/json-column.js';
import { storedOrderTemplates } from '../db/stored-json.js';
import type { Actor } from './actor.js';
import { clientRequest, writeOnce } from './client-requests.js';
import { admissionForCharting } from './admissions.js';
import { auditRead, writeAudit } from './audit.js';
import { Refusal, notFound } from './errors.js';
import { insertOrder } from './orders.js';
import { currentProtocol } from './protocol.js';

/**
 * Order sets per unit, versioned with the unit protocol: a set row belongs to the protocol version it
 * was written for, and stays in force for later versions until a newer row of the same code
 * replaces it. A physician applies one to an admission in one transaction, adjusting lines first.
 */

type Reader = Kysely<Database> | Transaction<Database>;

export interface OrderSetView {
  id: number;
  unitId: number;
  code: string;
  name: string;
  description: string;
  protocolVersion: number;
  orders: OrderTemplate[];
}

/** The shipped sets for a new unit, written for its first protocol version. */
export async function insertInitialOrderSets(
  trx: Transaction<Database>,
  unitId: number,
  protocolVersion: number,
  recordedAt: string,
): Promise<void> {
  await trx
    .insertInto('order_set')
    .values(
      DEFAULT_ORDER_SETS.map((set) => ({
        unit_id: unitId,
        protocol_version: protocolVersion,
        code: set.code,
        name: set.name,
        description: set.description,
        orders: JSON.stringify(set.orders),
        recorded_by: null,
        recorded_at: recordedAt,
      })),
    )
    .execute();
}

/** The sets in force on a unit: per code, the newest row written for the current protocol version or an earlier one. */
export async function orderSetsInForce(db: Reader, unitId: number): Promise<OrderSetView[]> {
  const { version } = await currentProtocol(db, unitId);
  const rows = await db
    .selectFrom('order_set')
    .select(['id', 'unit_id', 'code', 'name', 'description', 'protocol_version', 'orders'])
    .where('unit_id', '=', unitId)
    .where('protocol_version', '<=', version)
    .orderBy('protocol_version', 'asc')
    .orderBy('id', 'asc')
    .execute();
  const byCode = new Map<string, OrderSetView>();
  for (const r of rows) {
    byCode.set(r.code, {
      id: r.id,
      unitId: r.unit_id,
      code: r.code,
      name: r.name,
      description: r.description,
      protocolVersion: r.protocol_version,
      orders: readJsonColumn(storedOrderTemplates, r.orders, { table: 'order_set', column: 'orders', id: r.id }),
    });
  }
  return [...byCode.values()];
}

export async function listOrderSets(db: Kysely<Database>, actor: Actor, unitId: number): Promise<OrderSetView[]> {
  const unit = await db.selectFrom('unit').select('id').where('id', '=', unitId).executeTakeFirst();
  if (!unit) throw notFound('Unit', unitId);
  const sets = await orderSetsInForce(db, unitId);
  await auditRead(db, actor, 'order-set-list', unitId);
  return sets;
}

/** The set's lines with the physician's adjustments; each line is checked like an order of its own. */
function adjustedLines(set: OrderSetView, input: ApplyOrderSetInput): OrderTemplate[] {
  const lines: (OrderTemplate | null)[] = set.orders.map((o) => ({ ...o }));
  for (const [i, adj] of (input.adjustments ?? []).entries()) {
    const line = lines[adj.line];
    if (line === undefined) {
      throw new Refusal(
        'BAD_REQUEST',
        `adjustments.${i}.line: the set "${set.name}" has lines 0 to ${set.orders.length - 1}; got ${adj.line}`,
        `adjustments.${i}.line`,
      );
    }
    if (line === null) continue;
    if (adj.omit) {
      lines[adj.line] = null;
      continue;
    }
    const next: OrderTemplate = { ...line };
    if (adj.doseMg !== undefined) next.doseMg = adj.doseMg;
    if (adj.doseMaxMg === null) delete next.doseMaxMg;
    else if (adj.doseMaxMg !== undefined) next.doseMaxMg = adj.doseMaxMg;
    if (adj.minIntervalMinutes === null) delete next.minIntervalMinutes;
    else if (adj.minIntervalMinutes !== undefined) next.minIntervalMinutes = adj.minIntervalMinutes;
    if (adj.maxPer24hMg === null) delete next.maxPer24hMg;
    else if (adj.maxPer24hMg !== undefined) next.maxPer24hMg = adj.maxPer24hMg;
    if (adj.note !== undefined) next.note = adj.note;
    lines[adj.line] = next;
  }
  return lines.flatMap((line, index) => {
    if (line === null) return [];
    const parsed = orderContentFields.superRefine((v, ctx) => checkOrderContent(v, ctx)).safeParse(line);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const where = first ? first.path.map(String).join('.') : '';
      throw new Refusal(
        'BAD_REQUEST',
        `line ${index} (${getDrug(line.drug).name}) of the set: ${where ? `${where}: ` : ''}${first?.message ?? 'not a valid order'}; change the adjustment`,
        `adjustments`,
      );
    }
    return [line];
  });
}

/** orderSets.apply: every line of the set becomes an order of the admission, in one transaction. */
export async function applyOrderSet(
  db: Kysely<Database>,
  actor: Actor,
  input: ApplyOrderSetInput,
): Promise<{ ids: number[]; unitId: number }> {
  return writeOnce(db, actor, clientRequest('orderSets.apply', input), async (trx) => {
    const admission = await admissionForCharting(trx, input.admissionId);
    const exists = await trx
      .selectFrom('order_set')
      .select(['id', 'unit_id'])
      .where('id', '=', input.setId)
      .executeTakeFirst();
    if (!exists) throw notFound('Order set', input.setId);
    if (exists.unit_id !== admission.unit_id)
      throw new Refusal(
        'BAD_REQUEST',
        `Order set ${input.setId} belongs to another unit; choose one of this unit's sets (orderSets.list)`,
        'setId',
      );
    const set = (await orderSetsInForce(trx, admission.unit_id)).find((s) => s.id === input.setId);
    if (!set)
      throw new Refusal(
        'CONFLICT',
        `Order set ${input.setId} was replaced when the unit protocol changed; reload the order sets and choose again`,
        'setId',
      );
    const lines = adjustedLines(set, input);
    const ids: number[] = [];
    for (const line of lines) {
      ids.push(
        await insertOrder(
          trx,
          actor,
          admission,
          { ...line, startAt: input.startAt },
          { channel: 'written', orderedBy: actor.id, readBack: false, orderSetId: set.id },
        ),
      );
    }
    await writeAudit(trx, actor, 'create', 'order-set-application', set.id);
    return { ids, unitId: admission.unit_id };
  });
}
