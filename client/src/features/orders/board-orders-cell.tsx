import './orders.css';
import { getDrug } from '@detox/shared';
import { useQuery } from '@tanstack/react-query';
import { formatUnitTime } from '../../lib/unit-time.js';
import { useTRPC } from '../../trpc.js';

/**
 * The census board's medication column: per patient, the scheduled doses overdue and due now and
 * how many PRNs may be given now. The unit's live events refetch the patient charted on (see
 * use-unit-events.ts); a minute's timer catches intervals elapsing with nothing charted.
 */
export function OrdersDueCell({ admissionId, zone }: { admissionId: number; zone: string }) {
  const trpc = useTRPC();
  const due = useQuery({ ...trpc.orders.due.queryOptions({ admissionId }), refetchInterval: 60_000 });
  if (due.error) return <span className="muted small">Orders not available</span>;
  if (!due.data) return <span className="muted small">…</span>;
  const overdue = due.data.due.filter((d) => d.state === 'overdue');
  const dueNow = due.data.due.filter((d) => d.state === 'due');
  const eligible = due.data.eligible.length;
  const names = (lines: { drug: Parameters<typeof getDrug>[0] }[]) =>
    [...new Set(lines.map((l) => getDrug(l.drug).name.toLowerCase()))].join(', ');
  // The withdrawal medications (not the comfort ones) are named: what a charge nurse looks for.
  const withdrawalPrns = names(due.data.eligible.filter((l) => getDrug(l.drug).role !== 'comfort'));
  const next = due.data.upcoming[0];
  const nothing = overdue.length + dueNow.length + eligible === 0;
  return (
    <div className="orders-due-cell" data-testid={`orders-due-${admissionId}`}>
      {overdue.length > 0 && (
        <div>
          <strong className="mar-badge mar-overdue">{overdue.length} overdue</strong>{' '}
          <span className="small">{names(overdue)}</span>
        </div>
      )}
      {dueNow.length > 0 && (
        <div>
          <strong className="mar-badge mar-due">{dueNow.length} due</strong>{' '}
          <span className="small">{names(dueNow)}</span>
        </div>
      )}
      {eligible > 0 && (
        <div className="small">
          <strong>{eligible}</strong> PRN eligible now{withdrawalPrns ? `, incl. ${withdrawalPrns}` : ''}
        </div>
      )}
      {nothing && (
        <div className="muted small">
          {due.data.notEligible.length + due.data.upcoming.length > 0 ? 'Nothing due now' : 'No active orders'}
        </div>
      )}
      {next && (
        <div className="muted small">
          next {getDrug(next.drug).name.toLowerCase()} {formatUnitTime(next.dueAt, zone)}
        </div>
      )}
    </div>
  );
}
