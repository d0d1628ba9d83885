import { formatDoseMg, getDrug, type IllnessSeverity } from '@detox/shared';
import type { CensusRow } from '../../lib/api-types.js';
import { formatHours, formatUnitTime } from '../../lib/unit-clock.js';
import { navigate } from '../../router.js';
import { AcknowledgedAlert } from '../alerts/acknowledged-alert.js';
import { SeverityChip } from '../assess/severity-chip.js';

/** The parts of one patient's board entry, shared by the table (wide screens) and the cards (phones). */

export function minutesLabel(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function openAdmission(id: number) {
  navigate(`/admissions/${id}`);
}

export function PatientLink({ row }: { row: CensusRow }) {
  return (
    <a
      href={`/admissions/${row.admissionId}`}
      onClick={(e) => {
        e.preventDefault();
        e.stopPropagation();
        openAdmission(row.admissionId);
      }}
    >
      {row.patient.name}
    </a>
  );
}

/** "Unstable" or "Watcher" in words, with the reasons on hover and for screen readers. */
export function IllnessTag({ illness }: { illness: { severity: IllnessSeverity; reasons: string[] } }) {
  if (illness.severity === 'stable') return null;
  const word = illness.severity === 'unstable' ? 'Unstable' : 'Watcher';
  return (
    <span className={`illness-tag illness-tag-${illness.severity}`} title={illness.reasons.join('; ')}>
      {word}
      <span className="visually-hidden">: {illness.reasons.join('; ')}</span>
    </span>
  );
}

export function SinceLastUse({ row }: { row: CensusRow }) {
  return (
    <>
      {formatHours(row.hoursSinceLastUse)} <span className={`phase phase-${row.phase}`}>{row.phaseLabel}</span>
    </>
  );
}

export function LatestScore({ row, zone }: { row: CensusRow; zone: string }) {
  if (!row.latestScore) return <span className="muted">No score yet</span>;
  return (
    <>
      <SeverityChip
        severity={row.latestScore.severity}
        label={row.latestScore.severityLabel}
        total={row.latestScore.total}
      />
      <div className="muted small">
        {row.latestScore.instrument} · {formatUnitTime(row.latestScore.takenAt, zone)}
      </div>
    </>
  );
}

export function NextAssessment({
  row,
  zone,
  now,
  overdue,
}: {
  row: CensusRow;
  zone: string;
  now: number;
  overdue: boolean;
}) {
  const dueIn = Date.parse(row.nextAssessmentDue) - now;
  return (
    <div data-testid="next-due">
      {overdue ? <strong>Overdue {minutesLabel(dueIn)}</strong> : <span>in {minutesLabel(dueIn)}</span>}
      <div className="muted small">{formatUnitTime(row.nextAssessmentDue, zone)}</div>
      {/* Why it is due then, in the shared rule's words (issue 15): "every hour while COWS is moderate or worse (26, moderately severe)". */}
      <div className="small due-why" data-because={row.dueBecause}>
        {row.dueWhy}
      </div>
    </div>
  );
}

export function LastDoses({ row, zone }: { row: CensusRow; zone: string }) {
  if (row.lastDoses.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="dose-list">
      {row.lastDoses.map((d) => (
        <li key={d.drug}>
          {getDrug(d.drug).name} {formatDoseMg(d.doseMg)}
          {d.status !== 'given' && <strong> ({d.status})</strong>}{' '}
          <span className="muted">{formatUnitTime(d.givenAt, zone)}</span>
        </li>
      ))}
    </ul>
  );
}

/** Open alerts and pending reassessments, then alerts acknowledged in the last 12 h, marked as such (issue 15). */
export function OpenAlerts({ row, zone, now }: { row: CensusRow; zone: string; now: number }) {
  if (row.openAlerts.length === 0 && row.acknowledgedAlerts.length === 0) return <span className="muted">—</span>;
  return (
    <>
      {row.openAlerts.map((a) => (
        <div key={`${a.code}-${a.since}`} className={`alert alert-${a.severity}`}>
          {a.message}
          {a.dueAt && (
            <span>
              {' '}
              · {Date.parse(a.dueAt) < now ? 'overdue since' : 'due'} {formatUnitTime(a.dueAt, zone)}
            </span>
          )}
        </div>
      ))}
      {row.acknowledgedAlerts.map((a) => (
        <AcknowledgedAlert
          key={a.id}
          alert={{
            message: a.message,
            severity: a.severity,
            raisedAt: a.since,
            acknowledgedBy: a.acknowledgedBy,
            acknowledgedAt: a.acknowledgedAt,
            note: a.note,
          }}
          zone={zone}
          compact
        />
      ))}
    </>
  );
}
