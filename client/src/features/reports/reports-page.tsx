import { skipToken, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { formatUnitTime, formatUnitTimeLong } from '../../lib/unit-time.js';
import { useTitle } from '../../router.js';
import { useTRPC } from '../../trpc.js';
import { chooseUnit, useCurrentUnit } from '../unit/use-unit.js';
import { PatientHandoff } from './patient-handoff.js';
import { CountersignList } from './patient-orders.js';
import { downtimePdfUrl, reportPageUrl, shiftCsvUrl, shiftPdfUrl } from './report-links.js';
import { UnitTotals } from './unit-totals.js';

function shiftFromAddress(): string | null {
  return new URLSearchParams(window.location.search).get('shift');
}

/**
 * The shift handover report: pick the unit and the shift (the one in progress by default), read it
 * by bed in I-PASS order, download it as CSV or PDF, or print the downtime snapshot.
 */
export function ReportsPage() {
  const trpc = useTRPC();
  const current = useCurrentUnit();
  const [chosenUnitId, setChosenUnitId] = useState<number | null>(null);
  const { units, isPending, error } = current;
  const unit = units.find((u) => u.id === chosenUnitId) ?? current.unit;
  const [shiftStart, setShiftStart] = useState<string | null>(shiftFromAddress);
  useTitle(unit ? `${unit.name} shift report` : 'Shift report');
  const report = useQuery({
    ...trpc.reports.shift.queryOptions(unit ? { unitId: unit.id, ...(shiftStart ? { shiftStart } : {}) } : skipToken),
    // The shift in progress keeps changing; a past shift does not.
    refetchInterval: shiftStart ? false : 60_000,
  });

  const go = (start: string | null) => {
    setShiftStart(start);
    window.history.replaceState(null, '', reportPageUrl(start));
  };

  if (isPending) return <p className="page-status">Loading the unit…</p>;
  if (error) return <p className="error">{error.message}</p>;
  if (!unit) return <p className="page-status">No unit is set up yet.</p>;
  const data = report.data;
  const zone = unit.timeZone;

  return (
    <section aria-labelledby="report-title" className="report-page">
      <div className="page-head board-head">
        <div>
          <h1 id="report-title">Shift report</h1>
          <p className="muted">
            {data ? (
              <>
                {unit.name} · {formatUnitTimeLong(data.window.shiftStart, zone)} to{' '}
                {formatUnitTime(data.window.shiftEnd, zone)}
                {data.window.inProgress && (
                  <strong> · in progress, up to {formatUnitTime(data.window.dataUntil, zone)}</strong>
                )}
              </>
            ) : (
              '…'
            )}
          </p>
        </div>
        <div className="board-controls">
          {units.length > 1 && (
            <label className="field compact">
              <span>Unit</span>
              <select
                value={unit.id}
                onChange={(e) => {
                  chooseUnit(Number(e.target.value));
                  setChosenUnitId(Number(e.target.value));
                  go(null);
                }}
              >
                {units.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <nav className="shift-nav" aria-label="Choose the shift">
            <button
              type="button"
              className="button small"
              disabled={!data}
              onClick={() => data && go(data.window.previousShiftStart)}
            >
              ← Previous shift
            </button>
            <button type="button" className="button small" disabled={!shiftStart} onClick={() => go(null)}>
              Current shift
            </button>
            <button
              type="button"
              className="button small"
              disabled={!data?.window.nextShiftStart}
              onClick={() => data?.window.nextShiftStart && go(data.window.nextShiftStart)}
            >
              Next shift →
            </button>
          </nav>
        </div>
      </div>

      {data && (
        <div className="actions-bar report-downloads">
          <a className="button" href={shiftCsvUrl(unit.id, data.window.shiftStart)} download>
            Download CSV
          </a>
          <a className="button" href={shiftPdfUrl(unit.id, data.window.shiftStart)} download>
            Download PDF
          </a>
          <a className="button" href={downtimePdfUrl(unit.id)} target="_blank" rel="noopener">
            Print downtime snapshot
          </a>
        </div>
      )}

      {report.isPending && <p className="page-status">Building the report…</p>}
      {report.error && <p className="error">{report.error.message}</p>}
      {data && (
        <>
          <UnitTotals report={data} />
          <CountersignList report={data} />
          {data.patients.length === 0 && <p className="muted">No patient was in a bed during this shift.</p>}
          {data.patients.map((p) => (
            <PatientHandoff key={p.admissionId} patient={p} report={data} />
          ))}
          <details className="card small report-rules">
            <summary>How the derived fields are worked out</summary>
            <ul>
              {Object.entries(data.rules).map(([key, rule]) => (
                <li key={key}>{rule}</li>
              ))}
            </ul>
          </details>
        </>
      )}
    </section>
  );
}
