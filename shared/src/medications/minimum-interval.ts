import type { AdministrationRule } from './administration-context.js';
import { durationText, MINUTE_MS, messageClock } from './clinical-time.js';
import { drugTitle, givenDoses, proposedAtMs, sameIngredient } from './given-doses.js';
import { needsReason } from './warning.js';

/**
 * Minimum interval between doses (protocol.ts, minIntervalMinutes; intervals from clinical.md §6).
 * A dose exactly one interval after the last is on time. Doses charted after this one (late
 * charting) are checked too, since the two doses are just as close either way.
 */
export const minimumInterval: AdministrationRule = (ctx) => {
  const { drug } = ctx.proposed;
  const minutes = ctx.protocol.drugs[drug].minIntervalMinutes;
  if (minutes === undefined) return [];
  const intervalMs = minutes * MINUTE_MS;
  const interval = durationText(intervalMs);
  const atMs = proposedAtMs(ctx);
  const doses = givenDoses(ctx, sameIngredient(drug));
  const clock = messageClock(ctx);

  const previous = doses.filter((d) => d.atMs <= atMs).at(-1);
  if (previous !== undefined && atMs - previous.atMs < intervalMs) {
    const elapsedMs = atMs - previous.atMs;
    if (elapsedMs < MINUTE_MS) {
      return [
        needsReason(
          'below-min-interval',
          'warning',
          `${drugTitle(previous.drug)} is already charted as given at ${clock.at(previous.atMs)}; check this is not the same dose charted twice, or document why`,
        ),
      ];
    }
    return [
      needsReason(
        'below-min-interval',
        'warning',
        `${drugTitle(previous.drug)} was last given at ${clock.at(previous.atMs)} (${durationText(elapsedMs)} before this dose); the unit's minimum interval is ${interval}, so the next dose is due from ${clock.at(previous.atMs + intervalMs)}; hold until then, or document why`,
      ),
    ];
  }

  const next = doses.find((d) => d.atMs > atMs);
  if (next !== undefined && next.atMs - atMs < intervalMs) {
    return [
      needsReason(
        'below-min-interval',
        'warning',
        `${drugTitle(next.drug)} is already charted as given at ${clock.at(next.atMs)}, ${durationText(next.atMs - atMs)} after this dose, within the unit's minimum interval of ${interval}; check the times, or document why`,
      ),
    ];
  }
  return [];
};
