import type { AlertRecord } from '../services/shift-report-records.js';
import type { ReportAlert, ReportShiftAlert } from './shift-report-types.js';

/**
 * The alerts a handoff mentions (I-PASS situation awareness, docs/clinical.md §9.2): every alert
 * open at the end of the window, and every alert acknowledged during it with who, when and the
 * note. The rows come from loadUnitRecords, which reads exactly those. A patient discharged by then
 * hands no open alert over (as before), but what was acknowledged during the shift is still told.
 */
export function shiftAlerts(
  rows: readonly AlertRecord[],
  from: string,
  discharged: boolean,
): { open: ReportAlert[]; all: ReportShiftAlert[] } {
  const all = rows.flatMap((a): ReportShiftAlert[] => {
    const base = {
      id: a.id,
      code: a.code,
      severity: a.severity,
      message: a.message,
      raisedAt: a.raised_at,
      raisedDuringShift: a.raised_at >= from,
    };
    if (a.acknowledged_at === null) return discharged ? [] : [{ ...base, status: 'open', acknowledged: null }];
    return [
      {
        ...base,
        status: 'acknowledged',
        acknowledged: { by: a.acknowledged_by_name ?? '', at: a.acknowledged_at, note: a.acknowledgement_note },
      },
    ];
  });
  const open = all
    .filter((a) => a.status === 'open')
    .map(({ id, code, severity, message, raisedAt }) => ({ id, code, severity, message, raisedAt }));
  // Open first (they need acting on), then acknowledged; each group by the time raised.
  all.sort((x, y) =>
    x.status === y.status ? x.raisedAt.localeCompare(y.raisedAt) || x.id - y.id : x.status === 'open' ? -1 : 1,
  );
  return { open, all };
}
