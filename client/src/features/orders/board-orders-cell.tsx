import './orders.css';
import { type DrugId, getDrug } from '@detox/shared';
import type { CensusRow } from '../../lib/api-types.js';
import { formatUnitTime } from '../../lib/unit-clock.js';

/** Drug names once each, in the order given, as a charge nurse reads them ("clonidine, loperamide"). */
function names(drugs: readonly DrugId[]): string {
  return [...new Set(drugs.map((d) => getDrug(d).name.toLowerCase()))].join(', ');
}

/**
 * The census board's medication column: per patient, the scheduled doses overdue and due now and
 * how many PRNs may be given now. The counts come with the board's own row (census.board's
 * ordersDue, the same rules as orders.due), so the column paints with the row instead of after one
 * orders.due call per bed; the unit's live events and the board's minute timer keep it current.
 */
export function OrdersDueCell({
  admissionId,
  summary,
  zone,
}: {
  admissionId: number;
  summary: CensusRow['ordersDue'];
  zone: string;
}) {
  // The withdrawal medications (not the comfort ones) are named: what a charge nurse looks for.
  const withdrawalPrns = names(summary.eligiblePrnDrugs.filter((d) => getDrug(d).role !== 'comfort'));
  const nothing = summary.overdue + summary.due + summary.eligiblePrn === 0;
  return (
    <div className="orders-due-cell" data-testid={`orders-due-${admissionId}`}>
      {summary.overdue > 0 && (
        <div>
          <strong className="mar-badge mar-overdue">{summary.overdue} overdue</strong>{' '}
          <span className="small">{names(summary.overdueDrugs)}</span>
        </div>
      )}
      {summary.due > 0 && (
        <div>
          <strong className="mar-badge mar-due">{summary.due} due</strong>{' '}
          <span className="small">{names(summary.dueDrugs)}</span>
        </div>
      )}
      {summary.eligiblePrn > 0 && (
        <div className="small">
          <strong>{summary.eligiblePrn}</strong> PRN eligible now{withdrawalPrns ? `, incl. ${withdrawalPrns}` : ''}
        </div>
      )}
      {nothing && (
        <div className="muted small">
          {summary.notEligiblePrn > 0 || summary.next ? 'Nothing due now' : 'No active orders'}
        </div>
      )}
      {summary.next && (
        <div className="muted small">
          next {getDrug(summary.next.drug).name.toLowerCase()} {formatUnitTime(summary.next.dueAt, zone)}
        </div>
      )}
    </div>
  );
}
