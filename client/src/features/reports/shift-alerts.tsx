import { formatUnitTime } from '../../lib/unit-time.js';
import { AcknowledgedAlert } from '../alerts/acknowledged-alert.js';
import type { ReportPatient } from './report-types.js';

/**
 * The alerts of the shift in I-PASS situation awareness: the open ones first, marked OPEN, then
 * those acknowledged during the shift with who, when and the note (issue 15: an acknowledged alert
 * used to leave the handoff as if nothing had happened).
 */
export function ShiftAlerts({ patient: p, zone }: { patient: ReportPatient; zone: string }) {
  if (p.shiftAlerts.length === 0) return null;
  return (
    <ul className="alert-list" aria-label={`Alerts this shift, bed ${p.bed}`} data-testid="shift-alerts">
      {p.shiftAlerts.map((a) => (
        <li key={a.id}>
          {a.acknowledged ? (
            <AcknowledgedAlert
              alert={{
                message: a.message,
                severity: a.severity,
                raisedAt: a.raisedAt,
                acknowledgedBy: a.acknowledged.by,
                acknowledgedAt: a.acknowledged.at,
                note: a.acknowledged.note,
              }}
              zone={zone}
            />
          ) : (
            <div className={`alert alert-${a.severity}`} data-testid="open-alert">
              <span className="alert-open-tag">Open</span>
              {a.message} <span className="small">since {formatUnitTime(a.raisedAt, zone)}</span>
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
