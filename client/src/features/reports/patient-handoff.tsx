import { formatDoseMg, getInstrument } from '@detox/shared';
import { formatUnitTime } from '../../lib/unit-time.js';
import { SeverityChip } from '../assess/severity-chip.js';
import { PatientOrders } from './patient-orders.js';
import { ShiftAlerts } from './shift-alerts.js';
import type { ReportAdministration, ReportPatient, ShiftReportData } from './report-types.js';
import { ScoreSparkline } from './score-sparkline.js';

const TREND_WORD = { rising: '↑ rising', falling: '↓ falling', steady: '→ steady' } as const;

function doseOutcome(a: ReportAdministration): string {
  if (a.recordStatus === 'entered-in-error') return 'entered in error';
  return a.status === 'given' ? (a.prn ? 'given PRN' : 'given') : a.status;
}

function Medications({ patient, zone }: { patient: ReportPatient; zone: string }) {
  if (patient.administrations.length === 0) return <p className="muted">No medications charted this shift.</p>;
  return (
    <table className="table records report-doses" aria-label={`Medications this shift, bed ${patient.bed}`}>
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Medication</th>
          <th scope="col">Outcome</th>
          <th scope="col">Reason · PRN effect</th>
          <th scope="col">Charted by</th>
        </tr>
      </thead>
      <tbody>
        {patient.administrations.map((a) => (
          <tr key={a.id} className={a.recordStatus !== 'active' ? `inactive status-${a.recordStatus}` : undefined}>
            <td>{formatUnitTime(a.givenAt, zone)}</td>
            <td>
              <strong>{a.drugName}</strong> {formatDoseMg(a.doseMg)} {a.route}
            </td>
            <td>
              <span className={`status status-${a.status}`}>{doseOutcome(a)}</span>
            </td>
            <td className="small">
              {a.reason}
              {a.overrideReason && <div>Override: {a.overrideReason}</div>}
              {a.prnEffect && (
                <div
                  className={a.prnEffect.effect === 'not attributed' ? 'prn-not-attributed' : undefined}
                  data-testid="prn-effect"
                >
                  PRN effect: <strong>{a.prnEffect.effect}</strong> · {a.prnEffect.text}
                </div>
              )}
              {a.correctionReason && (
                <div className="correction-note error-note">Entered in error: {a.correctionReason}</div>
              )}
            </td>
            <td className="small">{a.recordedBy}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One bed's handover in I-PASS order: illness severity, patient summary and course, action list, situation awareness. */
export function PatientHandoff({ patient: p, report }: { patient: ReportPatient; report: ShiftReportData }) {
  const zone = report.unit.timeZone;
  const s = p.summary;
  const ss = p.scoreSummary;
  const instrument = ss.instrument;
  const guides = instrument
    ? getInstrument(instrument)
        .bands.filter((b) => b.severity === 'moderate' || b.severity === 'moderately-severe')
        .map((b) => b.min)
    : [];
  const points = [
    ...(ss.baseline ? [ss.baseline] : []),
    ...p.scores.filter((x) => x.status === 'active' && x.instrument === instrument),
  ];
  const todo = p.actions.filter((a) => a.kind === 'assessment' || a.kind === 'reassessment' || a.kind === 'taper');
  const watch = p.actions.filter((a) => a.kind === 'limit');
  return (
    <article
      className={`card handoff handoff-${p.illness.severity}`}
      aria-labelledby={`handoff-${p.admissionId}`}
      data-testid={`handoff-bed-${p.bed}`}
    >
      <header className="handoff-head">
        <h2 id={`handoff-${p.admissionId}`}>
          <span className="bed-tag">Bed {p.bed}</span> {p.patient.name}
        </h2>
        <span className={`illness illness-${p.illness.severity}`}>{p.illness.severity}</span>
        <p className="muted small handoff-sub">
          MRN {p.patient.mrn}
          {p.admittedDuringShift && ` · admitted ${formatUnitTime(p.admittedAt, zone)}`}
          {p.dischargedDuringShift && p.dischargedAt && ` · discharged ${formatUnitTime(p.dischargedAt, zone)}`}
        </p>
      </header>

      <h3>
        <abbr title="Illness severity">I</abbr> Illness severity
      </h3>
      <p>{p.illness.reasons.length ? p.illness.reasons.join('; ') : 'No concerns this shift.'}</p>

      <h3>
        <abbr title="Patient summary">P</abbr> Patient summary
      </h3>
      <p>
        {s.substance} ({s.courseLabel}) · last use {formatUnitTime(s.lastUseAt, zone)}, {s.hoursSinceLastUse} h ago ·{' '}
        <span className={`phase phase-${s.phase}`}>{s.phaseLabel}</span> · day {s.dayOfStay} of stay · withdrawal day{' '}
        {s.withdrawalDay}
      </p>

      <h3>
        <abbr title="Patient summary">P</abbr> Course this shift
      </h3>
      <div className="handoff-scores">
        <div>
          {p.scores.length === 0 && <p className="muted">No scores this shift.</p>}
          <ul className="score-list">
            {p.scores.map((x) => (
              <li key={x.id} className={x.status !== 'active' ? 'entered-in-error' : undefined}>
                <span className="muted">{formatUnitTime(x.takenAt, zone)}</span> {x.instrument}{' '}
                <SeverityChip severity={x.severity} label={x.severityLabel} total={x.total} />
                {x.status === 'entered-in-error' && <strong> entered in error</strong>}
                {x.note && <span className="small"> “{x.note}”</span>}
                {x.itemReasons && <span className="small muted"> ({x.itemReasons})</span>}
              </li>
            ))}
          </ul>
          {ss.latest && (
            <p className="small">
              {ss.instrument}: min {ss.min ?? '—'} · max {ss.max ?? '—'} · trend {ss.trend ? TREND_WORD[ss.trend] : '—'}
              {ss.baseline && ` (from ${ss.baseline.total} before the shift)`}
            </p>
          )}
        </div>
        <ScoreSparkline
          points={points}
          from={report.window.shiftStart}
          to={report.window.dataUntil}
          guides={guides}
          label={`${instrument ?? 'Score'} course: ${points.map((x) => x.total).join(', ') || 'no scores'}`}
        />
      </div>
      {p.vitalsOutOfRange.length > 0 && (
        <p className="small">
          <strong>Vital signs out of range: </strong>
          {p.vitalsOutOfRange.map((v) => `${formatUnitTime(v.takenAt, zone)} ${v.message}`).join('; ')}
        </p>
      )}
      <Medications patient={p} zone={zone} />
      {p.totals24h.length > 0 && (
        <p className="small">
          <strong>Last 24 h: </strong>
          {p.totals24h.map((t) => (
            <span key={t.drug} className={`total-24h total-${t.level}`}>
              {t.drugName} {formatDoseMg(t.givenMg)}
              {t.maxMg !== null && ` of ${formatDoseMg(t.maxMg)} (${t.percentOfMax} %)`}
              {t.level === 'near' && ' near limit'}
              {t.level === 'over' && ' OVER limit'}
            </span>
          ))}
        </p>
      )}
      <PatientOrders orders={p.orders} zone={zone} bed={p.bed} />
      {todo.length > 0 && (
        <>
          <h3>
            <abbr title="Action list">A</abbr> Action list for the next shift
          </h3>
          <ul className="action-list">
            {todo.map((a) => (
              <li key={`${a.kind}-${a.text}`} className={`action action-${a.kind}`}>
                {a.text}
              </li>
            ))}
          </ul>
        </>
      )}

      <h3>
        <abbr title="Situation awareness">S</abbr> Situation awareness
      </h3>
      {watch.length === 0 && p.overdue.length === 0 && p.shiftAlerts.length === 0 && (
        <p className="muted">
          Nothing overdue, no alert open or acknowledged this shift, no drug near its 24 h maximum.
        </p>
      )}
      {watch.map((a) => (
        <p key={a.text} className="small total-near">
          {a.text}
        </p>
      ))}
      {p.overdue.length > 0 && (
        <p className="small overdue-note">
          <strong>Overdue: </strong>
          {p.overdue
            .map(
              (o) =>
                `due ${formatUnitTime(o.dueAt, zone)} (${o.why}), ${o.assessedAt ? `taken ${formatUnitTime(o.assessedAt, zone)}, ${o.minutesLate} min late` : `still overdue, ${o.minutesLate} min`}`,
            )
            .join('; ')}
        </p>
      )}
      <ShiftAlerts patient={p} zone={zone} />
    </article>
  );
}
