import {
  type DrugId,
  type DueResult,
  type TaperPlanVersion,
  getDrug,
  plannedOn,
  stayDayLabel,
  stayDayOfDate,
} from '@detox/shared';
import { isoDateOfDay, localDayNumber } from '../services/local-day.js';
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
  /** Every taper plan written (oldest first); startDate null: the plan starts on the date of admission. */
  plans: readonly {
    id: number;
    drug: DrugId;
    startDate: string | null;
    days: readonly { day: number; totalMg: number }[];
  }[];
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
  // Why it is due, in the shared rule's words: "every hour while COWS is moderate or worse (26, moderately severe)".
  const reason = due.next.why;
  actions.push({
    kind: 'assessment',
    dueAt: due.next.at,
    text: overdue
      ? `${what} OVERDUE since ${at(due.next.at)} — ${reason}`
      : `Next ${what} due ${at(due.next.at)} — ${reason}`,
  });
  for (const p of due.pendingReassessments) {
    actions.push({
      kind: 'reassessment',
      dueAt: p.dueAt,
      text: `Reassess after the PRN dose given ${at(p.givenAt)}: due ${at(p.dueAt)}`,
    });
  }

  // Each plan's day 1 is its start date (a plan written before plans had one started on the date of
  // admission); the plan in force on a date is the newest starting on or before it (shared
  // taper-schedule.ts). The dates of `asOf` and of the next shift are listed, named by day of stay.
  // Doses count on the local date they were given (a DST day has 23 or 25 hours and is still one day).
  const firstDay = localDayNumber(input.admittedAt, zone);
  const dayNumbers = [
    ...new Set(
      [input.asOf, input.nextShift.start, new Date(Date.parse(input.nextShift.end) - 1).toISOString()].map((t) =>
        localDayNumber(t, zone),
      ),
    ),
  ];
  const byDrug = new Map<DrugId, TaperPlanVersion[]>();
  for (const plan of input.plans) {
    byDrug.set(plan.drug, [
      ...(byDrug.get(plan.drug) ?? []),
      { id: plan.id, startDate: plan.startDate ?? isoDateOfDay(firstDay), days: plan.days },
    ]);
  }
  for (const [drug, versions] of byDrug) {
    for (const dayNumber of dayNumbers) {
      if (stayDayOfDate(isoDateOfDay(firstDay), isoDateOfDay(dayNumber)) < 1) continue;
      const planned = plannedOn(versions, isoDateOfDay(dayNumber));
      if (!planned) continue;
      const givenUg = input.given
        .filter((g) => g.drug === drug && localDayNumber(g.givenAt, zone) === dayNumber)
        .reduce((sum, g) => sum + Math.round(g.doseMg * 1000), 0);
      const remainingUg = Math.max(0, Math.round(planned.totalMg * 1000) - givenUg);
      actions.push({
        kind: 'taper',
        dueAt: null,
        text: `${getDrug(drug).name} taper, ${stayDayLabel(isoDateOfDay(firstDay), isoDateOfDay(dayNumber))}: ${doseText(planned.totalMg)} planned, ${doseText(givenUg / 1000)} given, ${doseText(remainingUg / 1000)} still to give`,
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
  for (const a of input.alerts)
    actions.push({ kind: 'alert', dueAt: null, text: `Open alert since ${at(a.raisedAt)}: ${a.message}` });
  return actions;
}
