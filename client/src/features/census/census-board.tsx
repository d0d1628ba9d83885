import { formatDoseMg, getDrug } from '@detox/shared';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { formatHours, formatUnitTime } from '../../lib/unit-time.js';
import { useNow } from '../../lib/use-now.js';
import { navigate, useTitle } from '../../router.js';
import { useTRPC } from '../../trpc.js';
import { SeverityChip } from '../assess/severity-chip.js';
import { useUnitEvents } from '../live/use-unit-events.js';
import { useCurrentUnit } from '../unit/use-unit.js';
import { type BandFilter, type SortKey, filterAndSort, isOverdue } from './board-filters.js';
import { Trend } from './trend.js';

function minutesLabel(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** The unit at a glance: one row per occupied bed, live. The home screen. */
export function CensusBoard() {
  const trpc = useTRPC();
  const { unit, isPending, error } = useCurrentUnit();
  useTitle(unit ? `${unit.name} board` : 'Board');
  const board = useQuery({ ...trpc.census.board.queryOptions({ unitId: unit?.id ?? 0 }), enabled: Boolean(unit), refetchInterval: 60_000 });
  const live = useUnitEvents(unit?.id);
  const now = useNow();
  const [band, setBand] = useState<BandFilter>('all');
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [sort, setSort] = useState<SortKey>('bed');

  if (isPending) return <p className="page-status">Loading the unit…</p>;
  if (error) return <p className="error">{error.message}</p>;
  if (!unit) return <p className="page-status">No unit is set up yet.</p>;
  const data = board.data;
  const rows = data ? filterAndSort(data.rows, band, overdueOnly, sort, now) : [];
  const overdueCount = data ? data.rows.filter((r) => isOverdue(r, now)).length : 0;
  const zone = unit.timeZone;
  const open = (id: number) => navigate(`/admissions/${id}`);

  return (
    <section aria-labelledby="board-title">
      <div className="page-head board-head">
        <div>
          <h1 id="board-title">{unit.name}</h1>
          <p className="muted">
            {data ? `${data.rows.length} of ${unit.beds.length} beds occupied` : '…'} · {overdueCount} overdue · times in {zone}
            <span className={`live-dot ${live.status === 'pending' ? 'on' : 'off'}`} title={live.status === 'pending' ? 'Live: updates arrive as they are charted' : 'Reconnecting…'}>
              {live.status === 'pending' ? 'Live' : 'Reconnecting'}
            </span>
          </p>
        </div>
        <div className="board-controls">
          <label className="field compact">
            <span>Band</span>
            <select value={band} onChange={(e) => setBand(e.target.value as BandFilter)}>
              <option value="all">All patients</option>
              <option value="mild">Mild or worse</option>
              <option value="moderate">Moderate or worse</option>
              <option value="severe">Moderately severe or worse</option>
            </select>
          </label>
          <label className="field compact">
            <span>Sort by</span>
            <select value={sort} onChange={(e) => setSort(e.target.value as SortKey)}>
              <option value="bed">Bed</option>
              <option value="score">Latest score (highest first)</option>
              <option value="due">Next assessment due</option>
            </select>
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={overdueOnly} onChange={(e) => setOverdueOnly(e.target.checked)} /> Overdue only
          </label>
        </div>
      </div>
      {board.error && <p className="error">{board.error.message}</p>}
      {data && (
        <table className="table board">
          <caption className="visually-hidden">Patients on {unit.name}, one row per occupied bed</caption>
          <thead>
            <tr>
              <th scope="col">Bed</th>
              <th scope="col">Patient</th>
              <th scope="col">Since last use</th>
              <th scope="col">Latest score</th>
              <th scope="col">Trend</th>
              <th scope="col">Next assessment</th>
              <th scope="col">Last doses</th>
              <th scope="col">Alerts</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const overdue = isOverdue(r, now);
              const dueIn = Date.parse(r.nextAssessmentDue) - now;
              return (
                <tr key={r.admissionId} className={`row-link${overdue ? ' overdue' : ''}`} onClick={() => open(r.admissionId)} data-testid={`board-row-${r.bed}`}>
                  <td className="bed">{r.bed}</td>
                  <td>
                    <a
                      href={`/admissions/${r.admissionId}`}
                      onClick={(e) => {
                        e.preventDefault();
                        e.stopPropagation();
                        open(r.admissionId);
                      }}
                    >
                      {r.patient.name}
                    </a>
                    <div className="muted small">{r.substance}</div>
                  </td>
                  <td>
                    {formatHours(r.hoursSinceLastUse)}
                    <div>
                      <span className={`phase phase-${r.phase}`}>{r.phaseLabel}</span>
                    </div>
                  </td>
                  <td>
                    {r.latestScore ? (
                      <>
                        <SeverityChip severity={r.latestScore.severity} label={r.latestScore.severityLabel} total={r.latestScore.total} />
                        <div className="muted small">
                          {r.latestScore.instrument} · {formatUnitTime(r.latestScore.takenAt, zone)}
                        </div>
                      </>
                    ) : (
                      <span className="muted">No score yet</span>
                    )}
                  </td>
                  <td>
                    <Trend row={r} />
                  </td>
                  <td className={overdue ? 'due overdue-cell' : 'due'}>
                    {overdue ? <strong>Overdue {minutesLabel(dueIn)}</strong> : <span>in {minutesLabel(dueIn)}</span>}
                    <div className="muted small">
                      {formatUnitTime(r.nextAssessmentDue, zone)}
                      {r.dueBecause === 'after-prn' && ' · after PRN dose'}
                    </div>
                  </td>
                  <td className="small">
                    {r.lastDoses.length === 0 && <span className="muted">—</span>}
                    <ul className="dose-list">
                      {r.lastDoses.map((d) => (
                        <li key={d.drug}>
                          {getDrug(d.drug).name} {formatDoseMg(d.doseMg)}
                          {d.status !== 'given' && <strong> ({d.status})</strong>} <span className="muted">{formatUnitTime(d.givenAt, zone)}</span>
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td className="small">
                    {r.openAlerts.length === 0 && <span className="muted">—</span>}
                    {r.openAlerts.map((a) => (
                      <div key={`${a.code}-${a.since}`} className={`alert alert-${a.severity}`}>
                        {a.message}
                        {a.dueAt && <span> · {Date.parse(a.dueAt) < now ? 'overdue since' : 'due'} {formatUnitTime(a.dueAt, zone)}</span>}
                      </div>
                    ))}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {data && rows.length === 0 && <p className="muted">No patient matches these filters.</p>}
      {data && data.emptyBeds.length > 0 && <p className="muted small">Empty beds: {data.emptyBeds.join(', ')}</p>}
    </section>
  );
}
