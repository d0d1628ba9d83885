import './offline.css';
import { useQuery } from '@tanstack/react-query';
import { formatUnitTime } from '../../lib/unit-time.js';
import { useTRPC } from '../../trpc.js';
import { NeedsAttention } from './needs-attention.js';
import { describeWrite } from './pending-text.js';
import { useOutbox } from './use-outbox.js';

interface Props {
  admissionId: number;
  zone: string;
}

/**
 * This patient's entries that are on the tablet but not in the record yet (issue 13): waiting to be
 * sent, or refused by the server and waiting for the nurse. Set apart (dashed, labelled "not yet in
 * the record") so nobody takes one for a saved score or dose.
 */
export function PendingEntries({ admissionId, zone }: Props) {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  const entries = useOutbox().filter(
    (e) => e.admissionId === admissionId && (e.state === 'waiting' || e.state === 'needs-attention'),
  );
  if (entries.length === 0) return null;
  return (
    <section className="card pending-entries" aria-labelledby="pending-title" data-testid="pending-entries">
      <h2 id="pending-title">Not yet in the record ({entries.length})</h2>
      <p className="muted small">
        Saved on this tablet only. Waiting entries are sent by themselves once the connection is back, under the session
        of the nurse who charted them, with the time charted.
      </p>
      {entries.map((entry) => (
        <div key={entry.requestId} className="pending-entry" data-testid="pending-entry">
          <span className={`pending-tag${entry.state === 'needs-attention' ? ' attention' : ''}`}>
            {entry.state === 'needs-attention' ? 'Needs attention' : 'Pending: not sent'}
          </span>
          <span className="pending-what">{describeWrite(entry.write, zone)}</span>
          <span className="muted small">
            charted by {entry.userName}, saved on this tablet {formatUnitTime(entry.savedAt, zone)}
          </span>
          {entry.state === 'needs-attention' && (
            <NeedsAttention entry={entry} zone={zone} me={me.data ? { id: me.data.id, name: me.data.name } : null} />
          )}
        </div>
      ))}
    </section>
  );
}
