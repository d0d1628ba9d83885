import {
  type AdministrationContent,
  type MedicationOrder,
  getDrug,
  orderStatusAt,
  orderedDoseText,
} from '@detox/shared';
import type { DoseCheckRecord } from './dose-check-reads.js';
import { Refusal } from './errors.js';

/** What a nurse without a usable order can do: said at the end of every refusal below. */
export const HOW_TO_GET_AN_ORDER = 'ask the physician for an order, or enter a verbal order';

/**
 * The order a dose is charted against (issue 9): it must exist, be this patient's, be for this
 * drug, and be in force when the dose was given (started, not discontinued, not completed). A dose
 * charted late against an order discontinued after it was given is accepted: the order stood then.
 * Anything else is refused before anything is written. The order and the stay's active doses are
 * read with the rest of the dose check (readDoseCheckRecord, asked for `orderId`).
 */
export function orderForDose(
  stay: Pick<DoseCheckRecord, 'admission' | 'order' | 'doses'>,
  orderId: number,
  content: Pick<AdministrationContent, 'drug' | 'givenAt'>,
): MedicationOrder {
  const { admission, order: facts, doses } = stay;
  if (!facts || facts.row.id !== orderId)
    throw new Refusal(
      'NOT_FOUND',
      `Order ${orderId} does not exist; choose one of this patient's orders, or ${HOW_TO_GET_AN_ORDER}`,
      'orderId',
    );
  const { order, row } = facts;
  if (row.admission_id !== admission.id) {
    throw new Refusal(
      'BAD_REQUEST',
      `Order ${orderId} is another patient's order; choose one of this patient's orders, or ${HOW_TO_GET_AN_ORDER}`,
      'orderId',
    );
  }
  const ordered = `${getDrug(order.drug).name} ${orderedDoseText(order)} ${order.route} ${order.kind === 'prn' ? 'PRN' : order.kind}`;
  if (order.drug !== content.drug) {
    throw new Refusal(
      'BAD_REQUEST',
      `Order ${orderId} is for ${getDrug(order.drug).name.toLowerCase()}, not ${getDrug(content.drug).name.toLowerCase()}; chart the dose against a ${getDrug(content.drug).name.toLowerCase()} order, or ${HOW_TO_GET_AN_ORDER}`,
      'orderId',
    );
  }
  const givenMs = Date.parse(content.givenAt);
  if (Date.parse(order.startAt) > givenMs) {
    throw new Refusal(
      'CONFLICT',
      `Order ${orderId} (${ordered}) starts at ${order.startAt}, after this dose's time; check the time, or ${HOW_TO_GET_AN_ORDER}`,
      'orderId',
    );
  }
  const status = orderStatusAt(order, doses, givenMs);
  if (status === 'discontinued' && facts.discontinuation) {
    throw new Refusal(
      'CONFLICT',
      `Order ${orderId} (${ordered}) was discontinued at ${facts.discontinuation.at}: ${facts.discontinuation.reason}. No dose can be charted against it; ${HOW_TO_GET_AN_ORDER}`,
      'orderId',
    );
  }
  if (status === 'completed') {
    const why =
      order.endAt != null && Date.parse(order.endAt) <= givenMs
        ? `ended at ${order.endAt}`
        : 'was a single dose, already given';
    throw new Refusal(
      'CONFLICT',
      `Order ${orderId} (${ordered}) is completed: it ${why}. No dose can be charted against it; ${HOW_TO_GET_AN_ORDER}`,
      'orderId',
    );
  }
  return order;
}
