import { DateTime } from 'luxon';

/**
 * Taper plans on the unit's calendar (issue 15, item 8). A plan starts on the date the physician
 * chooses; its day N is the calendar date start + N - 1 in the unit's time zone. The page names every
 * date by one notion, the day of stay: "Stay day N (date)", day 1 being the date of admission.
 * Dates here are plain ISO dates ("2026-12-02") already on the unit's calendar, so these functions
 * need no time zone.
 */

/** A plan as written: its first date and the planned total for each of its days (day 1 = startDate). */
export interface TaperPlanVersion {
  /** Newer plans have larger ids: the newest one starting on or before a date is the one in force. */
  id: number;
  startDate: string;
  days: readonly { day: number; totalMg: number }[];
}

/** What a plan says for one calendar date. */
export interface PlannedDate {
  planId: number;
  /** The plan's own day number (day 1 = its start date). */
  planDay: number;
  totalMg: number;
}

/** How far ahead a plan may start: a plan further out belongs to a later decision. */
export const TAPER_START_MAX_DAYS_AHEAD = 30;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const DAY_MS = 86_400_000;

/**
 * Days since 1970-01-01 of a plain date, by integer arithmetic: a plain date has no zone, and the
 * timeline and the board ask this for every planned day (issue 16: luxon here was most of its time).
 * The text must name a real date: printing it back must give the same text ("2026-02-30" does not).
 */
function epochDay(iso: string): number {
  const ms = ISO_DATE.test(iso) ? Date.parse(`${iso}T00:00:00.000Z`) : Number.NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== iso)
    throw new RangeError(`"${iso}" is not a date (YYYY-MM-DD)`);
  return Math.round(ms / DAY_MS);
}

function dateOf(iso: string): DateTime {
  return DateTime.fromMillis(epochDay(iso) * DAY_MS, { zone: 'utc' });
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return epochDay(to) - epochDay(from);
}

export function addDays(date: string, days: number): string {
  return new Date((epochDay(date) + days) * DAY_MS).toISOString().slice(0, 10);
}

/** The calendar date of a plan's day N. */
export function planDayDate(startDate: string, planDay: number): string {
  return addDays(startDate, planDay - 1);
}

/** Day of stay of a calendar date: 1 on the date of admission; 0 or less before it. */
export function stayDayOfDate(admissionDate: string, date: string): number {
  return daysBetween(admissionDate, date) + 1;
}

/** "Stay day 3 (Wed 2 Dec)": the one way the patient page names a day. */
export function stayDayLabel(admissionDate: string, date: string): string {
  return `Stay day ${stayDayOfDate(admissionDate, date)} (${dateOf(date).toFormat('ccc d LLL')})`;
}

/**
 * Why a start date cannot be used, in words, or null. A plan may start today or later (never on a
 * day already past, whose doses can no longer follow it), and at most TAPER_START_MAX_DAYS_AHEAD
 * days ahead. `today` is the unit's date now.
 */
export function taperStartProblem(startDate: string, today: string): string | null {
  if (!ISO_DATE.test(startDate) || !DateTime.fromISO(startDate, { zone: 'utc' }).isValid)
    return `the start date must be a date (YYYY-MM-DD); got "${startDate}"`;
  const ahead = daysBetween(today, startDate);
  if (ahead < 0) {
    return `a taper plan cannot start on ${startDate}: that day is already past (today is ${today} on the unit's clock); start it today or later, and record doses already given as doses`;
  }
  if (ahead > TAPER_START_MAX_DAYS_AHEAD) {
    return `a taper plan can start at most ${TAPER_START_MAX_DAYS_AHEAD} days ahead (by ${addDays(today, TAPER_START_MAX_DAYS_AHEAD)}); got ${startDate}`;
  }
  return null;
}

/**
 * The plan in force on `date` for one drug: among the plans starting on or before that date, the
 * newest. A changed plan supersedes the earlier ones from its own start on; before its start the
 * earlier plan still says what was planned. A date past the newest plan's last day has no plan.
 */
export function planInForce(plans: readonly TaperPlanVersion[], date: string): TaperPlanVersion | null {
  let best: TaperPlanVersion | null = null;
  for (const plan of plans) {
    if (daysBetween(plan.startDate, date) < 0) continue;
    if (!best || plan.id > best.id) best = plan;
  }
  return best;
}

/** What is planned on `date` by the plan in force, or null when nothing is. */
export function plannedOn(plans: readonly TaperPlanVersion[], date: string): PlannedDate | null {
  const plan = planInForce(plans, date);
  if (!plan) return null;
  const planDay = daysBetween(plan.startDate, date) + 1;
  const entry = plan.days.find((d) => d.day === planDay);
  return entry ? { planId: plan.id, planDay, totalMg: entry.totalMg } : null;
}

/** Every date some plan of the drug has a planned total for, in order, with what is in force then. */
export function plannedDates(plans: readonly TaperPlanVersion[]): { date: string; planned: PlannedDate }[] {
  const dates = new Set<string>();
  for (const plan of plans) for (const d of plan.days) dates.add(planDayDate(plan.startDate, d.day));
  return [...dates]
    .sort()
    .map((date) => ({ date, planned: plannedOn(plans, date) }))
    .filter((d): d is { date: string; planned: PlannedDate } => d.planned !== null);
}

/**
 * Milligrams of the drug given on a calendar date: doses with status "given", counted on the unit's
 * date they were given (`localDate` of each dose worked out by the caller), in whole micrograms so
 * 0.1 mg steps add up exactly.
 */
export function givenOnDate(
  doses: readonly { drug: string; doseMg: number; status: string; localDate: string }[],
  drug: string,
  date: string,
): number {
  const ug = doses
    .filter((d) => d.drug === drug && d.status === 'given' && d.localDate === date)
    .reduce((sum, d) => sum + Math.round(d.doseMg * 1000), 0);
  return ug / 1000;
}
