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
  let day = DateTime.fromMillis(lo - DAY_MS, { zone }).startOf('day');
  const lastDay = DateTime.fromMillis(hi + DAY_MS, { zone }).startOf('day');
  while (day <= lastDay) {
    for (const hhmm of order.timesOfDay ?? []) {
      const [hour, minute] = hhmm.split(':').map(Number);
      const t = DateTime.fromObject(
        { year: day.year, month: day.month, day: day.day, hour, minute },
        { zone },
      ).toMillis();
      if (t >= lo && t <= hi) times.push(t);
    }
    day = day.plus({ days: 1 });
  }
  return [...new Set(times)].sort((a, b) => a - b);
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
