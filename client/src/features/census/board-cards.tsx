import { memo } from 'react';
import type { CensusRow } from '../../lib/api-types.js';
import { boardIllness, isOverdue } from './board-filters.js';
import {
  IllnessTag,
  LastDoses,
  LatestScore,
  NextAssessment,
  OpenAlerts,
  PatientLink,
  SinceLastUse,
} from './board-cells.js';
import { OrdersDueCell } from '../orders/board-orders-cell.js';
import { Trend } from './trend.js';

interface Props {
  rows: CensusRow[];
  unitName: string;
  zone: string;
  now: number;
}

/**
 * Phones and portrait tablets: one card per patient, so nothing scrolls sideways and no column is
 * cut mid-word. The order is the board's sort (worst first unless the nurse chose another).
 */
export function BoardCards({ rows, unitName, zone, now }: Props) {
  return (
    <ul className="board-cards" aria-label={`Patients on ${unitName}, one card per occupied bed`}>
      {rows.map((r) => (
        <BoardCard key={r.admissionId} row={r} zone={zone} now={now} />
      ))}
    </ul>
  );
}

/** One patient's card, memoised like the table's rows (board-table.tsx). */
const BoardCard = memo(function BoardCard({ row: r, zone, now }: { row: CensusRow; zone: string; now: number }) {
  const overdue = isOverdue(r, now);
  const illness = boardIllness(r, now);
  return (
    <li
      className={`board-card${overdue ? ' overdue' : ''} board-illness-${illness.severity}`}
      data-testid={`board-card-${r.bed}`}
      data-illness={illness.severity}
    >
      <div className="board-card-head">
        <span className="bed">Bed {r.bed}</span>
        <PatientLink row={r} />
        <IllnessTag illness={illness} />
      </div>
      <div className="board-card-grid">
        <div>
          <span className="board-card-label">Latest score</span>
          <LatestScore row={r} zone={zone} />
        </div>
        <div className={overdue ? 'overdue-cell' : undefined}>
          <span className="board-card-label">Next assessment</span>
          <NextAssessment row={r} zone={zone} now={now} overdue={overdue} />
        </div>
        <div>
          <span className="board-card-label">Trend</span>
          <Trend row={r} />
        </div>
        <div>
          <span className="board-card-label">Since last use</span>
          <SinceLastUse row={r} />
        </div>
      </div>
      <div>
        <span className="board-card-label">Medications due</span>
        <OrdersDueCell admissionId={r.admissionId} summary={r.ordersDue} zone={zone} />
      </div>
      {(r.openAlerts.length > 0 || r.acknowledgedAlerts.length > 0) && (
        <div className="small">
          <OpenAlerts row={r} zone={zone} now={now} />
        </div>
      )}
      {r.lastDoses.length > 0 && (
        <div className="small">
          <span className="board-card-label">Last doses</span>
          <LastDoses row={r} zone={zone} />
        </div>
      )}
    </li>
  );
});
