import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatUnitTimeLong } from '../../lib/unit-time.js';
import { useTRPC } from '../../trpc.js';

/**
 * Protocol changes that loosen a hard limit wait here until a second physician approves them
 * (the one who proposed a change cannot approve it; the server refuses that too).
 */
export function PendingProtocolChanges({
  unitId,
  zone,
  myId,
  canApprove,
}: {
  unitId: number;
  zone: string;
  myId: number | undefined;
  canApprove: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const pending = useQuery(trpc.protocol.pending.queryOptions({ unitId }));
  const approve = useMutation(
    trpc.protocol.approve.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.protocol.pathFilter()),
    }),
  );
  if (!pending.data || pending.data.length === 0) return null;
  return (
    <section className="card" aria-labelledby="pending-title">
      <h2 id="pending-title">Waiting for a second physician</h2>
      <p className="small">
        These changes loosen a hard limit, so they take effect only once another physician approves them.
      </p>
      {approve.error && (
        <p className="error" role="alert">
          {approve.error.message}
        </p>
      )}
      <ul>
        {pending.data.map((change) => (
          <li key={change.id}>
            <strong>{change.proposedBy.name}</strong>, {formatUnitTimeLong(change.proposedAt, zone)}: {change.reason}
            <ul>
              {change.loosened.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
            {canApprove && change.proposedBy.id !== myId && (
              <button
                type="button"
                className="button primary"
                disabled={approve.isPending}
                onClick={() => approve.mutate({ changeId: change.id })}
              >
                Approve this change
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
