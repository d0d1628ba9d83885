/** The shape every scored withdrawal instrument shares, so forms and scoring are drawn from data. */

export const INSTRUMENT_IDS = ['COWS', 'SOWS', 'CIWA-Ar'] as const;
export type InstrumentId = (typeof INSTRUMENT_IDS)[number];

/** Severity keys are shared across instruments so the board can colour any score the same way. */
export const SEVERITIES = ['none', 'mild', 'moderate', 'moderately-severe', 'severe'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface ItemOption {
  value: number;
  /** Anchor text shown to the nurse; empty where the scale leaves an in-between value unanchored. */
  anchor: string;
}

export interface InstrumentItem {
  key: string;
  label: string;
  /** How or when to observe it, from the form's own instructions. */
  instructions: string;
  options: readonly ItemOption[];
}

export interface SeverityBand {
  severity: Severity;
  label: string;
  min: number;
  max: number;
}

export interface Instrument {
  id: InstrumentId;
  name: string;
  /** Who fills it: the clinician (COWS, CIWA-Ar) or the patient (SOWS). */
  rater: 'clinician' | 'patient';
  maxTotal: number;
  items: readonly InstrumentItem[];
  bands: readonly SeverityBand[];
  source: string;
  bandSource: string;
}

/** Options 0..max where only some values carry anchor text (CIWA-Ar style). */
export function rangeOptions(max: number, anchors: Record<number, string>): ItemOption[] {
  return Array.from({ length: max + 1 }, (_, value) => ({ value, anchor: anchors[value] ?? '' }));
}
