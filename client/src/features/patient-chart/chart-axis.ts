import { stayDayLabel } from '@detox/shared';
import { DateTime } from 'luxon';
import type { TimelineData } from '../../lib/api-types.js';

const HOUR_MS = 3_600_000;

/** The hours-since-last-use range every panel shares, so a dose lines up with the score it followed. */
export interface HourDomain {
  readonly from: number;
  readonly to: number;
}

/** Where the chart ends: now for an open admission, the discharge for a closed one. */
export interface ChartEnd {
  readonly hours: number;
  readonly label: 'Now' | 'Discharged';
}

function extent(values: readonly number[]): { min: number; max: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  // A loop, not Math.min(...values): ten days of hourly rows must not hit the argument limit.
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return { min, max };
}

/**
 * How much of the stay the axis spans: `fit` to the records and now (a patient 6 h in fills the
 * width), or the `course` through the end of the expected peak (what is still to come).
 */
export type DomainMode = 'fit' | 'course';

/** A fitted axis spans at least this many hours, so a first score is not alone on a 1-hour axis. */
export const MIN_FIT_SPAN_HOURS = 6;

/**
 * From last use (or the first record, if one was charted before the recorded last use) to the later
 * of the chart's end and the last record, plus a margin so the last dot is not on the edge; in
 * `course` mode, at least to the end of the expected peak and of any taper plan.
 */
export function hourDomain(
  timeline: Pick<TimelineData, 'assessments' | 'medications' | 'vitals' | 'expected'> & {
    taper?: readonly Pick<TimelineData['taper'][number], 'toHours'>[];
  },
  end: ChartEnd,
  mode: DomainMode = 'course',
): HourDomain {
  const hours = [
    ...timeline.assessments.map((a) => a.hoursSinceLastUse),
    ...timeline.medications.map((m) => m.hoursSinceLastUse),
    ...timeline.vitals.map((v) => v.hoursSinceLastUse),
  ];
  const { min, max } = extent(hours);
  // Start on a whole 6 h when a record precedes last use, so the axis does not begin at -0.37 h.
  const from = min < 0 ? Math.floor(min / 6) * 6 : 0;
  // The whole course also takes in the whole taper plan, its days still to come included.
  const peakEnd =
    mode === 'course'
      ? Math.max(timeline.expected?.peakHours[1] ?? 0, ...(timeline.taper ?? []).map((d) => d.toHours))
      : 0;
  const last = Math.max(end.hours, peakEnd, Number.isFinite(max) ? max : 0, from + MIN_FIT_SPAN_HOURS);
  const margin = mode === 'fit' ? Math.max(1, (last - from) * 0.05) : Math.max(6, (last - from) * 0.05);
  return { from, to: Math.ceil(last + margin) };
}

/** An expected window that starts after the fitted axis ends: said in words at the chart's edge. */
export interface WindowAhead {
  readonly label: string;
  readonly from: number;
  readonly to: number;
  /** Hours from the chart's end (now) to the window's start. */
  readonly inHours: number;
}

export function windowsAhead(expected: TimelineData['expected'], domain: HourDomain, end: ChartEnd): WindowAhead[] {
  if (!expected) return [];
  const windows = [
    { label: 'Expected onset', from: expected.onsetHours[0], to: expected.onsetHours[1] },
    { label: 'Expected peak', from: expected.peakHours[0], to: expected.peakHours[1] },
  ];
  return windows
    .filter((w) => w.from >= domain.to)
    .map((w) => ({ ...w, inHours: Math.max(0, Math.round(w.from - end.hours)) }));
}

/** A tick on the clock: at a whole local hour, with the date under the first tick and each midnight. */
export interface ClockTick {
  /** Hours since last use. */
  readonly h: number;
  /** "08:00". */
  readonly time: string;
  /** "Wed 02 Dec" under the first tick and at each new day; null otherwise. */
  readonly date: string | null;
}

const TICK_STEPS_HOURS = [1, 2, 3, 4, 6, 12, 24, 48, 72, 168] as const;

/**
 * Ticks at whole clock hours in the unit's zone (08:00, 10:00…), every 1, 2, 3, 4, 6, 12 or 24 hours
 * (or every 2, 3 or 7 midnights on a long stay drawn narrow), the smallest step that keeps them to
 * `maxTicks`. Steps are counted on the local clock, so they stay on 00:00, 06:00, 12:00 across a
 * daylight-saving change.
 */
export function clockTicks(domain: HourDomain, lastUseAt: string, zone: string, maxTicks: number): ClockTick[] {
  const span = domain.to - domain.from;
  const step = TICK_STEPS_HOURS.find((s) => span / s <= maxTicks) ?? 168;
  const lastUse = Date.parse(lastUseAt);
  const start = DateTime.fromMillis(lastUse + domain.from * HOUR_MS, { zone }).startOf('hour');
  const ticks: ClockTick[] = [];
  let previousDay: string | null = null;
  for (let t = start; ; t = t.plus({ hours: 1 })) {
    const h = (t.toMillis() - lastUse) / HOUR_MS;
    if (h > domain.to) break;
    if (h < domain.from || !onStep(t, step)) continue;
    const day = t.toFormat('yyyy-LL-dd');
    ticks.push({ h, time: t.toFormat('HH:mm'), date: day !== previousDay ? t.toFormat('ccc dd LLL') : null });
    previousDay = day;
  }
  return ticks;
}

/** Steps of a day or less fall on the clock's hours; longer ones on every 2nd, 3rd or 7th local midnight. */
function onStep(t: DateTime, step: number): boolean {
  if (step <= 24) return t.hour % step === 0;
  // Days since 1970-01-01 of the local date, so the chosen midnights do not depend on where the axis starts.
  const dayNumber = Math.round(DateTime.utc(t.year, t.month, t.day).toMillis() / 86_400_000);
  return t.hour === 0 && dayNumber % (step / 24) === 0;
}

/**
 * How far apart, in pixels, the centres of two labels on the axis must be not to touch: a clock time
 * ("08:00", 12 px type) and a date ("Wed 02 Dec", 11 px type), each with a small gap.
 */
export const TIME_LABEL_GAP_PX = 44;
export const DATE_LABEL_GAP_PX = 78;

/**
 * How many steps of the axis fit its width with the times never touching (at least two), as a
 * fraction: clockTicks then picks a step of at least TIME_LABEL_GAP_PX on screen.
 */
export function maxTicksForPlot(plotWidthPx: number): number {
  return Math.max(2, plotWidthPx / TIME_LABEL_GAP_PX);
}

/**
 * Drops the date under a tick where it would run into the previous date shown (a phone's narrow
 * axis, or the first tick just before a midnight). A midnight's date wins over the first tick's,
 * because it marks where the day changes; otherwise the earlier date stays.
 */
export function thinDateLabels(ticks: readonly ClockTick[], domain: HourDomain, plotWidthPx: number): ClockTick[] {
  const pxPerHour = plotWidthPx / Math.max(1e-9, domain.to - domain.from);
  const out = ticks.map((t) => ({ ...t }));
  let shown = -1;
  for (const [i, tick] of out.entries()) {
    if (tick.date === null) continue;
    const previous = out[shown];
    if (!previous || (tick.h - previous.h) * pxPerHour >= DATE_LABEL_GAP_PX) {
      shown = i;
    } else if (shown === 0 && previous.time !== '00:00' && tick.time === '00:00') {
      out[0] = { ...previous, date: null };
      shown = i;
    } else {
      out[i] = { ...tick, date: null };
    }
  }
  return out;
}

/** The clock ticks of an axis drawn `plotWidthPx` wide: times spaced to fit, dates that never touch. */
export function axisTicks(domain: HourDomain, lastUseAt: string, zone: string, plotWidthPx: number): ClockTick[] {
  return thinDateLabels(clockTicks(domain, lastUseAt, zone, maxTicksForPlot(plotWidthPx)), domain, plotWidthPx);
}

/** The wall-clock time in the unit's zone of a point on the hours axis. */
export function clockAt(lastUseAt: string, hours: number, zone: string): DateTime {
  return DateTime.fromMillis(Date.parse(lastUseAt) + hours * HOUR_MS, { zone });
}

export function formatClock(time: DateTime): string {
  return time.toFormat('ccc d LLL, HH:mm');
}

/**
 * "54.2 h since last use", as every tooltip and the summary say it. No day number here: the page
 * names days one way only, the day of stay (stayDayText).
 */
export function formatSinceLastUse(hours: number): string {
  if (hours < 0) return `${Math.abs(hours).toFixed(1)} h before the recorded last use`;
  return `${hours.toFixed(1)} h since last use`;
}

/** "Stay day 3 (Wed 2 Dec)" for an instant: day 1 is the unit's date of admission (shared stayDayLabel). */
export function stayDayText(admittedAt: string, iso: string, zone: string): string {
  const admissionDate = DateTime.fromISO(admittedAt, { zone }).toISODate() ?? '';
  const date = DateTime.fromISO(iso, { zone }).toISODate() ?? '';
  return stayDayLabel(admissionDate, date);
}

/** Hours to the position of an ISO instant on the axis. */
export function hoursOf(lastUseAt: string, iso: string): number {
  return (Date.parse(iso) - Date.parse(lastUseAt)) / HOUR_MS;
}
