import { CIWA_AR } from './ciwa-ar.js';
import { COWS, cowsPulseItemScore } from './cows.js';
import type { Instrument, InstrumentId, SeverityBand } from './instrument.js';
import { SOWS } from './sows.js';

export const INSTRUMENTS: Record<InstrumentId, Instrument> = { COWS, SOWS, 'CIWA-Ar': CIWA_AR };

export function getInstrument(id: InstrumentId): Instrument {
  return INSTRUMENTS[id];
}

export interface ScoreIssue {
  /** The item key the problem concerns, or null for the form as a whole. */
  itemKey: string | null;
  message: string;
}

export type ScoreResult = { ok: true; total: number; band: SeverityBand } | { ok: false; issues: ScoreIssue[] };

/** "Pupil size" reads "pupil size" mid-sentence; "GI upset" keeps its capitals. */
function inSentence(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? label[0]?.toLowerCase() + label.slice(1) : label;
}

/** "0, 1, 2 or 5" */
export function describeAllowedValues(values: readonly number[]): string {
  if (values.length <= 1) return values.join('');
  return `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

export function bandFor(instrument: Instrument, total: number): SeverityBand {
  const band = instrument.bands.find((b) => total >= b.min && total <= b.max);
  if (!band) throw new RangeError(`${instrument.id} total ${total} is outside 0-${instrument.maxTotal}`);
  return band;
}

/**
 * Checks every item against the values the scale allows and sums them. A partial form is never
 * scored: a total from missing items would understate withdrawal (docs/clinical.md §10).
 */
export function scoreItems(instrument: Instrument, items: Readonly<Record<string, unknown>>): ScoreResult {
  const issues: ScoreIssue[] = [];
  const known = new Set(instrument.items.map((i) => i.key));
  for (const key of Object.keys(items)) {
    if (!known.has(key)) {
      issues.push({ itemKey: key, message: `${instrument.id} has no item "${key}"` });
    }
  }
  let total = 0;
  for (const item of instrument.items) {
    const allowed = item.options.map((o) => o.value);
    const value = items[item.key];
    const label = `${instrument.id} ${inSentence(item.label)}`;
    if (value === undefined || value === null) {
      issues.push({ itemKey: item.key, message: `${label} is missing: choose ${describeAllowedValues(allowed)}` });
      continue;
    }
    if (typeof value !== 'number' || !allowed.includes(value)) {
      issues.push({
        itemKey: item.key,
        message: `${label} allows ${describeAllowedValues(allowed)}; got ${JSON.stringify(value)}`,
      });
      continue;
    }
    total += value;
  }
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, total, band: bandFor(instrument, total) };
}

/**
 * When vital signs carry a heart rate, the COWS pulse item is checked against the band that rate
 * earns (docs/clinical.md §1.2). The form says to score only what is due to withdrawal ("if heart
 * rate is increased because the patient was jogging ... the increased pulse rate would not add to
 * the score", §1.1), so a lower item is accepted with a reason; a higher one never is: the record
 * would then say two different things about the same pulse.
 */
export function cowsPulseMismatch(
  pulseItem: unknown,
  heartRateBpm: number | undefined | null,
  reason?: string | null,
): string | null {
  if (heartRateBpm === undefined || heartRateBpm === null || typeof pulseItem !== 'number') return null;
  const expected = cowsPulseItemScore(heartRateBpm);
  if (pulseItem === expected) return null;
  if (pulseItem > expected) {
    return `COWS resting pulse is scored ${pulseItem} but the heart rate of ${heartRateBpm} bpm scores ${expected}; an item above the measured heart rate is not allowed: correct the pulse item or the heart rate`;
  }
  if (reason !== undefined && reason !== null && reason.trim().length >= COWS_ITEM_REASON_MIN) return null;
  return `COWS resting pulse is scored ${pulseItem}, below the ${expected} that a heart rate of ${heartRateBpm} bpm scores; score only what withdrawal causes, and say why the pulse is not from withdrawal (e.g. just walked back from the bathroom), or correct the pulse item or the heart rate`;
}

/** A reason must say something: at least this many characters. */
export const COWS_ITEM_REASON_MIN = 3;
