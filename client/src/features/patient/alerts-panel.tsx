import { isRecentlyAcknowledged } from '@detox/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatUnitTime } from '../../lib/unit-time.js';
import { useNow } from '../../lib/use-now.js';
import { useTRPC } from '../../trpc.js';
import { AcknowledgedAlert } from '../alerts/acknowledged-alert.js';

/**
 * The admission's alerts: open ones loud, each acknowledged by a physician with a note; those
 * acknowledged in the last 12 h stay in sight, marked acknowledged with who, when and the note
 * (issue 15), and older ones fold away below. None leaves the record.
 */
export function AlertsPanel({
  admissionId,
  zone,
  canAcknowledge,
}: {
  admissionId: number;
  zone: string;
  canAcknowledge: boolean;
}) {
  const trpc = useTRPC();
  const alerts = useQuery(trpc.alerts.list.queryOptions({ admissionId }));
  const now = useNow();
  const all = alerts.data ?? [];
  const open = all.filter((a) => !a.acknowledged);
  const acknowledged = all.flatMap((a) => (a.acknowledged ? [{ ...a, acknowledged: a.acknowledged }] : []));
  const recent = acknowledged.filter((a) => isRecentlyAcknowledged(a.acknowledged.at, new Date(now)));
  const earlier = acknowledged.filter((a) => !isRecentlyAcknowledged(a.acknowledged.at, new Date(now)));
  const facts = (a: (typeof acknowledged)[number]) => ({
    message: a.message,
    severity: a.severity,
    raisedAt: a.raisedAt,
    acknowledgedBy: a.acknowledged.by,
    acknowledgedAt: a.acknowledged.at,
    note: a.acknowledged.note,
  });
  if (all.length === 0) return null;
  return (
    <>
      {open.length > 0 && (
        <section className="alerts-panel" aria-label="Open alerts" role="alert">
          {open.map((a) => (
            <OpenAlert key={a.id} alert={a} zone={zone} canAcknowledge={canAcknowledge} />
          ))}
        </section>
      )}
      {(recent.length > 0 || earlier.length > 0) && (
        <section className="alerts-panel alerts-acknowledged" aria-labelledby="acknowledged-alerts-title">
          <h2 id="acknowledged-alerts-title">Acknowledged alerts{recent.length > 0 ? ' (last 12 h)' : ''}</h2>
          {recent.map((a) => (
            <AcknowledgedAlert key={a.id} alert={facts(a)} zone={zone} />
          ))}
          {earlier.length > 0 && (
            <details>
              <summary>Earlier acknowledged alerts ({earlier.length})</summary>
              {earlier.map((a) => (
                <AcknowledgedAlert key={a.id} alert={facts(a)} zone={zone} />
              ))}
            </details>
          )}
        </section>
      )}
    </>
  );
}

/** One open alert with its own note field, so a note typed for one alert is never sent with another. */
function OpenAlert({
  alert: a,
  zone,
  canAcknowledge,
}: {
  alert: { id: number; severity: 'warning' | 'danger'; message: string; raisedAt: string };
  zone: string;
  canAcknowledge: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const acknowledge = useMutation(
    trpc.alerts.acknowledge.mutationOptions({
      onSuccess: async () => {
        setNote('');
        await queryClient.invalidateQueries(trpc.alerts.pathFilter());
        await queryClient.invalidateQueries(trpc.census.pathFilter());
        await queryClient.invalidateQueries(trpc.reports.pathFilter());
      },
    }),
  );
  return (
    <div className={`alert alert-${a.severity} alert-large`} data-testid="open-alert">
      <p>
        <span className="alert-open-tag">Open</span>
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
  );
}
