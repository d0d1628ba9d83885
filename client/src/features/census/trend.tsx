import type { CensusRow } from '../../lib/api-types.js';

const ARROW = { rising: '↑', falling: '↓', steady: '→' } as const;
const WORD = { rising: 'rising', falling: 'falling', steady: 'steady' } as const;

/** The last three totals with the direction in words, so it reads without colour. */
export function Trend({ row }: { row: CensusRow }) {
  if (!row.trend) return <span className="muted">—</span>;
  return (
    <span className={`trend trend-${row.trend}`}>
      <span aria-hidden="true">{ARROW[row.trend]} </span>
      {WORD[row.trend]}
      <span className="muted small"> ({row.recentTotals.join(' → ')})</span>
    </span>
  );
}
