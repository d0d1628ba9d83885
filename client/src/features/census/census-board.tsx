import { skipToken, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { learnUnitClock } from '../../lib/unit-clock.js';
import { useMediaQuery } from '../../lib/use-media-query.js';
import { useNow } from '../../lib/use-now.js';
import { useTitle } from '../../router.js';
import { useTRPC } from '../../trpc.js';
import { useUnitEvents } from '../live/use-unit-events.js';
import { AsOf } from '../offline/as-of.js';
import { useCurrentUnit } from '../unit/use-unit.js';
import { BoardCards } from './board-cards.js';
import { type BandFilter, type SortKey, filterAndSort, isOverdue } from './board-filters.js';
import { BoardTable } from './board-table.js';

/** Below this width the board's columns no longer fit without scrolling sideways (a landscape tablet included): cards instead. */
export const BOARD_CARDS_QUERY = '(max-width: 1099px)';

/** The unit at a glance: one row (or card) per occupied bed, live. The home screen. */
export function CensusBoard() {
  const trpc = useTRPC();
  const { unit, isPending, error } = useCurrentUnit();
  useTitle(unit ? `${unit.name} board` : 'Board');
  const board = useQuery({
    ...trpc.census.board.queryOptions(unit ? { unitId: unit.id } : skipToken),
    refetchInterval: 60_000,
  });
  // Opens once the board is here, from its asOf: a patient admitted while the stream connects is sent on it.
  const live = useUnitEvents(unit?.id, board.data?.asOf);
  const now = useNow();
  const cards = useMediaQuery(BOARD_CARDS_QUERY);
  const [band, setBand] = useState<BandFilter>('all');
  const [overdueOnly, setOverdueOnly] = useState(false);
  // Until the nurse picks an order: by bed on a wide board, worst first on a phone's short list.
  const [chosenSort, setSort] = useState<SortKey | null>(null);
  const sort = chosenSort ?? (cards ? 'worst' : 'bed');

  if (isPending) return <p className="page-status">Loading the unit…</p>;
  if (error) return <p className="error">{error.message}</p>;
  if (!unit) return <p className="page-status">No unit is set up yet.</p>;
  // The head waits for the board too: drawn before it, its counts ("8 of 12 beds occupied") arrived
  // later, rewrapped the line and pushed the controls down (a layout shift on every phone load).
  if (board.isPending) return <p className="page-status">Loading the board…</p>;
  const data = board.data;
  // Before any time is drawn: the board's times then need no time-zone data (lib/unit-clock.ts).
  if (data) learnUnitClock(data.unit.timeZone, data.unit.clock);
  const rows = data ? filterAndSort(data.rows, band, overdueOnly, sort, now) : [];
  const overdueCount = data ? data.rows.filter((r) => isOverdue(r, now)).length : 0;
  const zone = unit.timeZone;

  return (
    <section aria-labelledby="board-title" className="board-page">
      <div className="page-head board-head">
        <div>
          <h1 id="board-title">{unit.name}</h1>
          <p className="muted">
            {data ? `${data.rows.length} of ${unit.beds.length} beds occupied` : '…'} ·{' '}
            <span
              data-testid="board-overdue"
              title="Patients whose next assessment time has already passed, counted now"
            >
              {overdueCount} {overdueCount === 1 ? 'patient' : 'patients'} overdue for assessment now
            </span>{' '}
            · times in {zone} <AsOf updatedAt={board.dataUpdatedAt} zone={zone} />
            <span
              className={`live-dot ${live.status === 'pending' ? 'on' : 'off'}`}
              title={live.status === 'pending' ? 'Live: updates arrive as they are charted' : 'Reconnecting…'}
            >
              <span>{live.status === 'pending' ? 'Live' : 'Reconnecting'}</span>
              {/* Holds the pill at its widest word, so connecting → live never rewraps the line under it. */}
              <span className="live-dot-room" aria-hidden="true">
                Reconnecting
              </span>
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
              <option value="worst">Worst first</option>
              <option value="bed">Bed</option>
              <option value="score">Latest score (highest first)</option>
              <option value="due">Next assessment due</option>
            </select>
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={overdueOnly} onChange={(e) => setOverdueOnly(e.target.checked)} /> Overdue
            only
          </label>
        </div>
      </div>
      {board.error && <p className="error">{board.error.message}</p>}
      {data &&
        (cards ? (
          <BoardCards rows={rows} unitName={unit.name} zone={zone} now={now} />
        ) : (
          <BoardTable rows={rows} unitName={unit.name} zone={zone} now={now} />
        ))}
      {data && rows.length === 0 && <p className="muted">No patient matches these filters.</p>}
      {data && data.emptyBeds.length > 0 && <p className="muted small">Empty beds: {data.emptyBeds.join(', ')}</p>}
    </section>
  );
}
