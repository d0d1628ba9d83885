import type { ChartedDose, MedicationOrder } from '@detox/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { administrationFromRow } from './administration-record.js';
import { chartedDose, orderFromRow } from './order-records.js';
import { notCorrected } from './not-corrected.js';

/**
 * The orders of a unit's admissions as the shift report and the downtime snapshot read them: one
 * query for the orders (with their countersignature, discontinuation and names) and one for the
 * doses charted against them, for the whole unit, never one per bed. Facts written after `asOf`
 * did not exist yet when a past shift ended, so they are left out.
 */

export interface OrderRecord {
  admissionId: number;
  order: MedicationOrder;
  channel: 'written' | 'verbal' | 'telephone';
  orderedBy: string;
  enteredBy: string;
  recordedAt: string;
  countersigned: { by: string; at: string } | null;
}

/** A dose charted against an order (not superseded, not entered in error). */
export interface OrderDose extends ChartedDose {
  orderId: number;
  admissionId: number;
  prn: boolean;
}

export interface UnitOrderRecords {
  orders: OrderRecord[];
  doses: OrderDose[];
}

export async function loadUnitOrders(
  db: Kysely<Database>,
  admissionIds: readonly number[],
  window: { to: string; asOf: string },
): Promise<UnitOrderRecords> {
  if (admissionIds.length === 0) return { orders: [], doses: [] };
  const rows = await db
    .selectFrom('medication_order as o')
    .innerJoin('app_user as ob', 'ob.id', 'o.ordered_by')
    .innerJoin('app_user as eb', 'eb.id', 'o.entered_by')
    .leftJoin('order_countersignature as cs', (join) =>
      join.onRef('cs.order_id', '=', 'o.id').on('cs.signed_at', '<=', window.asOf),
    )
    .leftJoin('app_user as sb', 'sb.id', 'cs.signed_by')
    .leftJoin('order_discontinuation as dc', (join) =>
      join.onRef('dc.order_id', '=', 'o.id').on('dc.discontinued_at', '<=', window.asOf),
    )
    .selectAll('o')
    .select([
      'ob.name as ordered_by_name',
      'eb.name as entered_by_name',
      'cs.signed_at',
      'sb.name as signed_by_name',
      'dc.discontinued_at',
    ])
    .where('o.admission_id', 'in', [...admissionIds])
    .where('o.recorded_at', '<=', window.asOf)
    .orderBy('o.id')
    .execute();
  const orders = rows.map((r): OrderRecord => {
    const { ordered_by_name, entered_by_name, signed_at, signed_by_name, discontinued_at, ...row } = r;
    return {
      admissionId: row.admission_id,
      order: orderFromRow(row, discontinued_at),
      channel: row.channel,
      orderedBy: ordered_by_name,
      enteredBy: entered_by_name,
      recordedAt: row.recorded_at,
      countersigned: signed_at !== null ? { by: signed_by_name ?? '', at: signed_at } : null,
    };
  });
  // Every dose of the stay against an order: a `once` order given days ago is completed, not due.
  const doses = await db
    .selectFrom('medication_administration as m')
    .selectAll('m')
    .where('m.admission_id', 'in', [...admissionIds])
    .where('m.order_id', 'is not', null)
    .where('m.given_at', '<', window.to)
    .where(notCorrected('administration', 'm.id'))
    .orderBy('m.given_at')
    .orderBy('m.id')
    .execute();
  return {
    orders,
    doses: doses
      .map(administrationFromRow)
      .flatMap((m) =>
        m.orderId === null ? [] : [{ ...chartedDose(m), orderId: m.orderId, admissionId: m.admissionId, prn: m.prn }],
      ),
  };
}
