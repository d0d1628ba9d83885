import { withdrawalDay } from '@detox/shared';
import { DateTime } from 'luxon';
import type { TimelineData } from '../../lib/api-types.js';

const HOUR_MS = 3_600_000;
const HOURS_PER_DAY = 24;

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
 * From last use (or the first record, if one was charted before the recorded last use) to the later
 * of the chart's end and the end of the expected peak, plus a margin so the last dot is not on the edge.
 */
export function hourDomain(timeline: TimelineData, end: ChartEnd): HourDomain {
  const hours = [
    ...timeline.assessments.map((a) => a.hoursSinceLastUse),
    ...timeline.medications.map((m) => m.hoursSinceLastUse),
    ...timeline.vitals.map((v) => v.hoursSinceLastUse),
  ];
  const { min, max } = extent(hours);
  // Start on a whole 6 h when a record precedes last use, so the axis does not begin at -0.37 h.
  const from = min < 0 ? Math.floor(min / 6) * 6 : 0;
  const last = Math.max(end.hours, timeline.expected.peakHours[1], Number.isFinite(max) ? max : 0);
  const margin = Math.max(6, (last - from) * 0.05);
  return { from, to: Math.ceil(last + margin) };
}

/** Day N covers hours [24(N-1), 24N); its label sits over the middle of the day. */
export interface DayTick {
  readonly day: number;
  readonly mid: number;
}

export function dayTicks(domain: HourDomain): DayTick[] {
  const ticks: DayTick[] = [];
  for (let day = Math.max(1, Math.floor(domain.from / HOURS_PER_DAY) + 1); ; day++) {
    const mid = HOURS_PER_DAY * (day - 1) + HOURS_PER_DAY / 2;
    if (mid > domain.to) break;
    ticks.push({ day, mid });
  }
  return ticks;
}

/** The hours at which a day starts (0, 24, 48…) inside the domain: drawn as faint vertical lines. */
export function dayBoundaries(domain: HourDomain): number[] {
  const lines: number[] = [];
  // "+ 0" turns the -0 of Math.ceil(-0.25) into 0.
  for (let h = Math.ceil(domain.from / HOURS_PER_DAY) * HOURS_PER_DAY + 0; h <= domain.to; h += HOURS_PER_DAY) lines.push(h);
  return lines;
}

/** The wall-clock time in the unit's zone of a point on the hours axis. */
export function clockAt(lastUseAt: string, hours: number, zone: string): DateTime {
  return DateTime.fromMillis(Date.parse(lastUseAt) + hours * HOUR_MS, { zone });
}

export function formatClock(time: DateTime): string {
  return time.toFormat('ccc d LLL, HH:mm');
}

/** "54.2 h since last use · day 3", as every tooltip and the summary say it. */
export function formatSinceLastUse(hours: number): string {
  if (hours < 0) return `${Math.abs(hours).toFixed(1)} h before the recorded last use`;
  return `${hours.toFixed(1)} h since last use · day ${withdrawalDay(hours)}`;
}

/** Hours to the position of an ISO instant on the axis. */
export function hoursOf(lastUseAt: string, iso: string): number {
  return (Date.parse(iso) - Date.parse(lastUseAt)) / HOUR_MS;
}
