import { formatUnitTime } from '../../lib/unit-clock.js';
import './alerts.css';

export interface AcknowledgedAlertFacts {
  message: string;
  severity: 'warning' | 'danger';
  raisedAt: string;
  acknowledgedBy: string;
  acknowledgedAt: string;
  note: string | null;
}

/**
 * One acknowledged alert, in the same words on the board, the patient page and the handoff: what
 * it said, when it was raised, who acknowledged it and when, and the note (issue 15). Drawn apart
 * from open alerts (alerts.css) and without role="alert": it needs reading, not acting on.
 */
export function AcknowledgedAlert({
  alert: a,
  zone,
  compact = false,
}: {
  alert: AcknowledgedAlertFacts;
  zone: string;
  compact?: boolean;
}) {
  return (
    <div className={`alert-acknowledged alert-acknowledged-${a.severity}`} data-testid="acknowledged-alert">
      <span className="alert-ack-tag">✓ Acknowledged</span>
      {compact ? a.message : <strong>{a.message}</strong>}
      <div className="alert-ack-meta">
        {!compact && <>Raised {formatUnitTime(a.raisedAt, zone)}; </>}
        acknowledged {formatUnitTime(a.acknowledgedAt, zone)} by {a.acknowledgedBy}
        {a.note ? (
          <>
            : <span className="alert-ack-note">“{a.note}”</span>
          </>
        ) : (
          ' (no note)'
        )}
      </div>
    </div>
  );
}
