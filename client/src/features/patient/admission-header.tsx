import type { Admission } from '../../lib/api-types.js';
import { formatHours, formatUnitTimeLong, hoursSince } from '../../lib/unit-time.js';

function age(birthDate: string): number {
  const born = new Date(birthDate);
  const now = new Date();
  let years = now.getFullYear() - born.getFullYear();
  if (now.getMonth() < born.getMonth() || (now.getMonth() === born.getMonth() && now.getDate() < born.getDate()))
    years -= 1;
  return years;
}

export function AdmissionHeader({ admission, zone }: { admission: Admission; zone: string }) {
  const since = hoursSince(admission.lastUseAt);
  return (
    <div className="admission-header card">
      <div>
        <h1>
          {admission.patient.name} <span className="muted">· bed {admission.bed}</span>
        </h1>
        <p className="muted">
          MRN {admission.patient.mrn} · born {admission.patient.birthDate} ({age(admission.patient.birthDate)} y)
        </p>
      </div>
      <dl className="facts">
        <div>
          <dt>{admission.substances.length > 1 ? 'Substances' : 'Substance'}</dt>
          <dd>
            {admission.substances.map((u, i) => (
              <span key={u.code}>
                {i > 0 && '; '}
                {u.name}
                {u.detail && <span className="muted"> ({u.detail})</span>}
              </span>
            ))}
            {admission.weightKg !== null && <span className="muted"> · {admission.weightKg} kg</span>}
          </dd>
        </div>
        <div>
          <dt>Since last use</dt>
          <dd>
            <strong>{formatHours(since)}</strong>{' '}
            <span className="muted">{formatUnitTimeLong(admission.lastUseAt, zone)}</span>
          </dd>
        </div>
        <div>
          <dt>Admitted</dt>
          <dd>{formatUnitTimeLong(admission.admittedAt, zone)}</dd>
        </div>
        {admission.dischargedAt && (
          <div>
            <dt>Discharged</dt>
            <dd>{formatUnitTimeLong(admission.dischargedAt, zone)}</dd>
          </div>
        )}
      </dl>
    </div>
  );
}
