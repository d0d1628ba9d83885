import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatUnitTime } from '../../lib/unit-time.js';
import { useTRPC } from '../../trpc.js';

/** Open alerts on the admission, loud; a physician acknowledges each (it stays in the record). */
export function AlertsPanel({ admissionId, zone, canAcknowledge }: { admissionId: number; zone: string; canAcknowledge: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const alerts = useQuery(trpc.alerts.list.queryOptions({ admissionId }));
  const [note, setNote] = useState('');
  const acknowledge = useMutation(
    trpc.alerts.acknowledge.mutationOptions({
      onSuccess: async () => {
        setNote('');
        await queryClient.invalidateQueries(trpc.alerts.pathFilter());
        await queryClient.invalidateQueries(trpc.census.pathFilter());
      },
    }),
  );
  const open = (alerts.data ?? []).filter((a) => !a.acknowledged);
  if (open.length === 0) return null;
  return (
    <section className="alerts-panel" aria-label="Open alerts" role="alert">
      {open.map((a) => (
        <div key={a.id} className={`alert alert-${a.severity} alert-large`}>
          <p>
            <strong>{a.message}</strong> <span className="small">Raised {formatUnitTime(a.raisedAt, zone)}.</span>
          </p>
          {canAcknowledge && (
            <form
              className="inline-form"
              onSubmit={(e) => {
                e.preventDefault();
                acknowledge.mutate({ alertId: a.id, note: note.trim() || undefined });
              }}
            >
              <label className="field compact grow">
                <span>What was done (optional)</span>
                <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
              </label>
              <button type="submit" className="button" disabled={acknowledge.isPending}>
                Acknowledge
              </button>
            </form>
          )}
          {acknowledge.error && <p className="error">{acknowledge.error.message}</p>}
        </div>
      ))}
    </section>
  );
}
