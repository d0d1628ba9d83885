/** Which way a patient's scores are going on the board and in the handoff. */
export type Trend = 'rising' | 'falling' | 'steady';

/**
 * A change of 3 or more points between the first and the last score is more than scoring noise
 * (unit policy, docs/clinical.md §9.4: two nurses scoring the same patient commonly differ by a point
 * or two). Fewer than two scores: no trend.
 */
export const TREND_THRESHOLD = 3;

/** The trend across scores of one instrument, oldest first. */
export function trendOf(totals: readonly number[]): Trend | null {
  if (totals.length < 2) return null;
  const change = (totals[totals.length - 1] ?? 0) - (totals[0] ?? 0);
  if (change >= TREND_THRESHOLD) return 'rising';
  if (change <= -TREND_THRESHOLD) return 'falling';
  return 'steady';
}
