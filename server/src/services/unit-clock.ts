import { type UtcOffsetSpan, utcOffsetSpan } from '@detox/shared';

const DAY_MS = 86_400_000;
const known = new Map<string, { span: UtcOffsetSpan; computedAtMs: number }>();

/**
 * The unit's UTC offset and the span it holds for (shared utcOffsetSpan), sent with the census
 * board so the client puts its times on the unit's clock by arithmetic. Finding the span probes the
 * zone a few hundred times, so it is kept per zone while `now` stays inside it, and at most a day
 * (a zone's rules can change by law).
 */
export function unitClock(timeZone: string, now: Date): UtcOffsetSpan {
  const nowMs = now.getTime();
  const cached = known.get(timeZone);
  if (
    cached &&
    Math.abs(nowMs - cached.computedAtMs) < DAY_MS &&
    Date.parse(cached.span.since) <= nowMs &&
    nowMs < Date.parse(cached.span.until)
  )
    return cached.span;
  const span = utcOffsetSpan(timeZone, now);
  known.set(timeZone, { span, computedAtMs: nowMs });
  return span;
}
