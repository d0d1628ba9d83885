import { useQuery } from '@tanstack/react-query';
import { formatUnitTime } from '../../lib/unit-time.js';
import { useTRPC } from '../../trpc.js';
import { minutesLabel } from '../census/board-cells.js';

/**
 * When this patient's next score is due and why (issue 15, item 2): the board's own row, so the
 * patient page never disagrees with the board. The reason is the shared rule's words ("every hour
 * while COWS is moderate or worse (26, moderately severe)"). Nothing is shown for a closed stay.
 */
export function NextAssessmentDue({
  unitId,
  admissionId,
  zone,
}: {
  unitId: number;
  admissionId: number;
  zone: string;
}) {
  const trpc = useTRPC();
  // Refetched every minute so "in 5 min" turns into "overdue" without a reload; live events refetch it too.
  const board = useQuery({ ...trpc.census.board.queryOptions({ unitId }), refetchInterval: 60_000, retry: false });
  const row = board.data?.rows.find((r) => r.admissionId === admissionId);
  if (!row) return null;
  const dueIn = Date.parse(row.nextAssessmentDue) - Date.now();
  const overdue = dueIn < 0;
  const instrument = row.latestScore?.instrument ?? 'Assessment';
  return (
    <section
      className={`card next-assessment${overdue ? ' overdue' : ''}`}
      aria-labelledby="next-assessment-title"
      data-testid="next-assessment"
    >
      <h2 id="next-assessment-title">Next {instrument === 'Assessment' ? 'assessment' : instrument}</h2>
      <p>
        <strong>
          {overdue ? 'Overdue since' : 'Due'} {formatUnitTime(row.nextAssessmentDue, zone)}
        </strong>{' '}
        <span className="muted">({overdue ? `${minutesLabel(dueIn)} ago` : `in ${minutesLabel(dueIn)}`})</span>
      </p>
      <p className="small" data-because={row.dueBecause}>
        {row.dueWhy}
      </p>
    </section>
  );
}
