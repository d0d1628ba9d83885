import { type DrugId, getDrug } from '@detox/shared';
import type { DueResult } from './assessment-due.js';
import { localDayNumber, localDayOfStay } from './local-day.js';
import { doseText, unitClock } from './report-format.js';
import type { ActionItem, DailyTotal, ReportAlert } from './shift-report-types.js';

export interface ActionInput {
  zone: string;
  admittedAt: string;
  instrument: string | null;
  due: DueResult;
  /** The instant the report speaks for: now, or the end of a past shift. */
  asOf: string;
  /** The next shift's bounds: taper days it touches are listed. */
  nextShift: { start: string; end: string };
  plans: readonly { drug: string; days: readonly { day: number; totalMg: number }[] }[];
  given: readonly { drug: DrugId; doseMg: number; givenAt: string }[];
  totals: readonly DailyTotal[];
  alerts: readonly ReportAlert[];
}

/**
 * The to-do list handed to the next shift (I-PASS "action list", docs/clinical.md §9.2-9.3): the next
 * assessment, reassessments owed after PRN doses, the taper doses still to give by the plan's
 * daily totals (the plan holds totals, not times, so the amount is what can be derived), drugs at
 * or near their 24 h maximum, and open alerts.
 */
export function nextShiftActions(input: ActionInput): ActionItem[] {
  const { zone, due } = input;
  const at = (iso: string) => unitClock(iso, zone);
  const what = input.instrument ?? 'Withdrawal score';
  const actions: ActionItem[] = [];
  const overdue = Date.parse(due.next.at) < Date.parse(input.asOf);
  const reason = due.next.because === 'after-prn' ? 'reassessment after a PRN dose' : due.next.because === 'admission' ? 'first score since admission' : 'routine';
  actions.push({
    kind: 'assessment',
    dueAt: due.next.at,
    text: overdue ? `${what} OVERDUE since ${at(due.next.at)} (${reason})` : `Next ${what} due ${at(due.next.at)} (${reason})`,
  });
  for (const p of due.pendingReassessments) {
    actions.push({ kind: 'reassessment', dueAt: p.dueAt, text: `Reassess after the PRN dose given ${at(p.givenAt)}: due ${at(p.dueAt)}` });
  }

  // Plans hold a total per day of stay (day 1 = the local date of admission, taper-plans.ts): the
  // days of `asOf` and of the next shift. Doses count on the local date they were given (a DST day
  // has 23 or 25 hours and is still one day).
  const days = [...new Set([input.asOf, input.nextShift.start, new Date(Date.parse(input.nextShift.end) - 1).toISOString()].map((t) => localDayOfStay(input.admittedAt, t, zone)))];
  const firstDay = localDayNumber(input.admittedAt, zone);
  for (const plan of input.plans) {
    const drug = plan.drug as DrugId;
    for (const day of days) {
      const planned = plan.days.find((d) => d.day === day);
      if (!planned) continue;
      const givenUg = input.given
        .filter((g) => g.drug === drug && localDayNumber(g.givenAt, zone) - firstDay + 1 === day)
        .reduce((sum, g) => sum + Math.round(g.doseMg * 1000), 0);
      const remainingUg = Math.max(0, Math.round(planned.totalMg * 1000) - givenUg);
      actions.push({
        kind: 'taper',
        dueAt: null,
        text: `${getDrug(drug).name} taper, day ${day}: ${doseText(planned.totalMg)} planned, ${doseText(givenUg / 1000)} given, ${doseText(remainingUg / 1000)} still to give`,
      });
    }
  }
  for (const t of input.totals) {
    if (t.level !== 'near' && t.level !== 'over') continue;
    actions.push({
      kind: 'limit',
      dueAt: null,
      text: `${t.drugName}: ${doseText(t.givenMg)} of the ${doseText(t.maxMg ?? 0)} 24 h maximum given${t.level === 'over' ? ' (OVER the maximum)' : ''}`,
    });
  }
  for (const a of input.alerts) actions.push({ kind: 'alert', dueAt: null, text: `Open alert since ${at(a.raisedAt)}: ${a.message}` });
  return actions;
}
