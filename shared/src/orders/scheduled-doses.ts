import { DateTime } from 'luxon';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../medications/clinical-time.js';
import type { MedicationOrder } from './order.js';

/**
 * The times a scheduled order falls due. "Every N hours" counts real hours from the order's start,
 * so it runs through midnight and DST changes unchanged; "times of day" are wall-clock times in the
 * unit's zone, so 08:00 stays 08:00 across a DST change (a time the spring-forward skips is given
 * at the first valid minute after it, luxon's rule; a time the fall-back repeats is given once, at
 * its first occurrence).
 */
export function scheduledTimesMs(order: MedicationOrder, fromMs: number, toMs: number, zone: string): number[] {
  const startMs = Date.parse(order.startAt);
  const endMs = order.endAt == null ? Number.POSITIVE_INFINITY : Date.parse(order.endAt);
  const lo = Math.max(fromMs, startMs);
  const hi = Math.min(toMs, endMs - 1);
  if (hi < lo) return [];
  if (order.kind === 'once') return startMs >= fromMs && startMs <= toMs && startMs < endMs ? [startMs] : [];
  if (order.kind !== 'scheduled') return [];
  if (order.everyHours != null) {
    const stepMs = order.everyHours * HOUR_MS;
    const times: number[] = [];
    for (let t = startMs + Math.ceil((lo - startMs) / stepMs) * stepMs; t <= hi; t += stepMs) times.push(t);
    return times;
  }
  const times: number[] = [];
  // Calendar dates step by whole days whatever the zone does (a DST change moves clocks, not dates).
  const first = DateTime.fromMillis(lo - DAY_MS, { zone });
  const last = DateTime.fromMillis(hi + DAY_MS, { zone });
  const lastDate = Date.UTC(last.year, last.month - 1, last.day);
  for (let date = Date.UTC(first.year, first.month - 1, first.day); date <= lastDate; date += DAY_MS) {
    const day = new Date(date);
    for (const hhmm of order.timesOfDay ?? []) {
      const [hour = 0, minute = 0] = hhmm.split(':').map(Number);
      const t = wallClockMs(zone, day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), hour, minute);
      if (t >= lo && t <= hi) times.push(t);
    }
  }
  return [...new Set(times)].sort((a, b) => a - b);
}

/**
 * A wall-clock time in a zone as an instant (luxon's rules for skipped and repeated times), kept:
 * the same few times of day recur for every order of every stay, and placing one asks Intl for the
 * zone's offset several times (issue 16: most of the census board's orders-due time).
 */
const wallClockTimes = new Map<string, number>();
const WALL_CLOCK_TIMES_KEPT = 20_000;

function wallClockMs(zone: string, year: number, month: number, day: number, hour: number, minute: number): number {
  const key = `${zone} ${year}-${month}-${day} ${hour}:${minute}`;
  const kept = wallClockTimes.get(key);
  if (kept !== undefined) return kept;
  const ms = DateTime.fromObject({ year, month, day, hour, minute }, { zone }).toMillis();
  if (wallClockTimes.size >= WALL_CLOCK_TIMES_KEPT) wallClockTimes.clear();
  wallClockTimes.set(key, ms);
  return ms;
}

export interface ScheduledSlot {
  atMs: number;
  state: 'upcoming' | 'due' | 'overdue' | 'charted';
}

/**
 * Each scheduled time in the 24 h before `atMs` and up to one window after it, with its state. A
 * time is charted when a dose against the order (given, held or refused: each is an answer) lies
 * within the window either side of it; otherwise it is due inside its window (both ends included),
 * overdue after, upcoming before.
 */
export function scheduledSlots(
  order: MedicationOrder,
  chartedAtMs: readonly number[],
  atMs: number,
  windowMinutes: number,
  zone: string,
): ScheduledSlot[] {
  const windowMs = windowMinutes * MINUTE_MS;
  // A `once` order stays overdue until charted, however long ago it started.
  const lookBack = order.kind === 'once' ? Number.NEGATIVE_INFINITY : atMs - DAY_MS;
  const lookAhead = atMs + DAY_MS;
  const used = new Set<number>();
  return scheduledTimesMs(order, lookBack, lookAhead, zone).map((t) => {
    const answer = chartedAtMs.findIndex((c, i) => !used.has(i) && Math.abs(c - t) <= windowMs);
    if (answer !== -1) {
      used.add(answer);
      return { atMs: t, state: 'charted' as const };
    }
    if (atMs < t - windowMs) return { atMs: t, state: 'upcoming' as const };
    if (atMs <= t + windowMs) return { atMs: t, state: 'due' as const };
    return { atMs: t, state: 'overdue' as const };
  });
}
