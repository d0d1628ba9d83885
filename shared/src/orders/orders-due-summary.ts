import type { DrugId } from '../medications/catalogue.js';
import type { OrdersDue } from './orders-due.js';

/**
 * One line of the census board's medication column (issue 16): what orders.due says for a patient,
 * counted, so the board need not ask orders.due once per bed. Drugs are named once each, in the
 * order orders.due lists them (overdue and due by time, PRNs in order of writing).
 */
export interface OrdersDueSummary {
  /** Scheduled (and one-time) doses past their window and not charted. */
  overdue: number;
  /** Scheduled doses inside their window now. */
  due: number;
  /** PRN orders that may be given now. */
  eligiblePrn: number;
  /** PRN orders that may not be given now (a score, an interval, a maximum or a hold says no). */
  notEligiblePrn: number;
  overdueDrugs: DrugId[];
  dueDrugs: DrugId[];
  eligiblePrnDrugs: DrugId[];
  /** The next scheduled dose not yet in its window; null when none in the next 24 h. */
  next: { drug: DrugId; dueAt: string } | null;
}

function distinct(drugs: readonly DrugId[]): DrugId[] {
  return [...new Set(drugs)];
}

export function ordersDueSummary(due: OrdersDue): OrdersDueSummary {
  const overdue = due.due.filter((d) => d.state === 'overdue');
  const dueNow = due.due.filter((d) => d.state === 'due');
  const next = due.upcoming[0];
  return {
    overdue: overdue.length,
    due: dueNow.length,
    eligiblePrn: due.eligible.length,
    notEligiblePrn: due.notEligible.length,
    overdueDrugs: distinct(overdue.map((d) => d.drug)),
    dueDrugs: distinct(dueNow.map((d) => d.drug)),
    eligiblePrnDrugs: distinct(due.eligible.map((d) => d.drug)),
    next: next ? { drug: next.drug, dueAt: next.dueAt } : null,
  };
}
