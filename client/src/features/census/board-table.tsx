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
  openAdmission,
} from './board-cells.js';
import { OrdersDueCell } from '../orders/board-orders-cell.js';
import { Trend } from './trend.js';

interface Props {
  rows: CensusRow[];
  unitName: string;
  zone: string;
  now: number;
}

/** Wide screens: one row per occupied bed, every column in view. */
export function BoardTable({ rows, unitName, zone, now }: Props) {
  return (
    <table className="table board">
      <caption className="visually-hidden">Patients on {unitName}, one row per occupied bed</caption>
      <thead>
        <tr>
          <th scope="col">Bed</th>
          <th scope="col">Patient</th>
          <th scope="col">Since last use</th>
          <th scope="col">Latest score</th>
          <th scope="col">Trend</th>
          <th scope="col">Next assessment</th>
          <th scope="col">Medications due</th>
          <th scope="col">Last doses</th>
          <th scope="col">Alerts</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <BoardTableRow key={r.admissionId} row={r} zone={zone} now={now} />
        ))}
      </tbody>
    </table>
  );
}

/**
 * One bed's row. Memoised: a refetch keeps unchanged rows as the same objects (react-query's structural
 * sharing), and a new filter or sort only moves them, so only the rows that changed render again.
 */
const BoardTableRow = memo(function BoardTableRow({
  row: r,
  zone,
  now,
}: {
  row: CensusRow;
  zone: string;
  now: number;
}) {
  const overdue = isOverdue(r, now);
  const illness = boardIllness(r, now);
  return (
    <tr
      className={`row-link${overdue ? ' overdue' : ''} board-illness-${illness.severity}`}
      onClick={() => openAdmission(r.admissionId)}
      data-testid={`board-row-${r.bed}`}
      data-illness={illness.severity}
    >
      <td className="bed">
        {r.bed}
        <IllnessTag illness={illness} />
      </td>
      <td>
        <PatientLink row={r} />
        <div className="muted small">{r.substance}</div>
      </td>
      <td>
        <SinceLastUse row={r} />
      </td>
      <td>
        <LatestScore row={r} zone={zone} />
      </td>
      <td>
        <Trend row={r} />
      </td>
      <td className={overdue ? 'due overdue-cell' : 'due'}>
        <NextAssessment row={r} zone={zone} now={now} overdue={overdue} />
      </td>
      <td>
        <OrdersDueCell admissionId={r.admissionId} summary={r.ordersDue} zone={zone} />
      </td>
      <td className="small">
        <LastDoses row={r} zone={zone} />
      </td>
      <td className="small">
        <OpenAlerts row={r} zone={zone} now={now} />
      </td>
    </tr>
  );
});
