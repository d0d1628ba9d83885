import type { AdministrationRule } from './administration-context.js';
import { durationText, MINUTE_MS, messageClock } from './clinical-time.js';
import { drugTitle, type GivenDose, givenDoses, proposedAtMs, sameIngredient } from './given-doses.js';
import { limitWords } from './limit-owner.js';
import { needsReason } from './warning.js';

/** The latest of the doses (oldest first) given at or before the instant. */
export function lastDoseAtOrBefore(doses: readonly GivenDose[], atMs: number): GivenDose | undefined {
  return doses.filter((d) => d.atMs <= atMs).at(-1);
}

/**
 * When the interval after the previous dose ends, if it has not yet at atMs; undefined when a dose
 * at atMs is on time (exactly one interval later is on time).
 */
export function intervalEndsMs(previous: GivenDose, atMs: number, intervalMs: number): number | undefined {
  return atMs - previous.atMs < intervalMs ? previous.atMs + intervalMs : undefined;
}

/**
 * Minimum interval between doses (protocol.ts, minIntervalMinutes; intervals from docs/clinical.md §6).
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
  const { whose } = limitWords(ctx);

  const previous = lastDoseAtOrBefore(doses, atMs);
  if (previous !== undefined && intervalEndsMs(previous, atMs, intervalMs) !== undefined) {
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
        `${drugTitle(previous.drug)} was last given at ${clock.at(previous.atMs)} (${durationText(elapsedMs)} before this dose); ${whose} minimum interval is ${interval}, so the next dose is due from ${clock.at(previous.atMs + intervalMs)}; hold until then, or document why`,
      ),
    ];
  }

  const next = doses.find((d) => d.atMs > atMs);
  if (next !== undefined && next.atMs - atMs < intervalMs) {
    return [
      needsReason(
        'below-min-interval',
        'warning',
        `${drugTitle(next.drug)} is already charted as given at ${clock.at(next.atMs)}, ${durationText(next.atMs - atMs)} after this dose, within ${whose} minimum interval of ${interval}; check the times, or document why`,
      ),
    ];
  }
  return [];
};
