import type { InstrumentId } from '../instruments/instrument.js';
import type { MessageClock } from '../medications/clinical-time.js';
import type { MedicationOrder } from './order.js';

/** A charted score (not superseded, not entered in error). */
export interface ScoreReading {
  instrument: InstrumentId;
  total: number;
  takenAt: string;
}

export interface TriggerState {
  met: boolean;
  /** "COWS 14 ≥ 8 at 10:05", "COWS 6 < 8 at 10:05", "no COWS ≥ 8 since the last dose at 09:10" */
  text: string;
}

/**
 * A PRN with a score trigger may be given when the latest score of its instrument at or before the
 * dose reaches the trigger (exactly at it counts), and that score was taken after the last dose of
 * the drug: the dose answers a score, and one score answers one dose. undefined: no trigger.
 */
export function triggerState(
  order: Pick<MedicationOrder, 'trigger'>,
  scores: readonly ScoreReading[],
  atMs: number,
  lastDoseMs: number | undefined,
  clock: MessageClock,
): TriggerState | undefined {
  const trigger = order.trigger;
  if (!trigger) return undefined;
  const { instrument, minTotal } = trigger;
  let latest: { total: number; atMs: number } | undefined;
  for (const s of scores) {
    if (s.instrument !== instrument) continue;
    const ms = Date.parse(s.takenAt);
    if (ms <= atMs && (latest === undefined || ms > latest.atMs)) latest = { total: s.total, atMs: ms };
  }
  if (latest === undefined)
    return { met: false, text: `no ${instrument} charted yet (the order needs ${instrument} ≥ ${minTotal})` };
  if (latest.total < minTotal)
    return { met: false, text: `${instrument} ${latest.total} < ${minTotal} at ${clock.at(latest.atMs)}` };
  if (lastDoseMs !== undefined && latest.atMs <= lastDoseMs) {
    return { met: false, text: `no ${instrument} ≥ ${minTotal} since the last dose at ${clock.at(lastDoseMs)}` };
  }
  return { met: true, text: `${instrument} ${latest.total} ≥ ${minTotal} at ${clock.at(latest.atMs)}` };
}
