import { CIWA_AR } from './ciwa-ar.js';
import type { Instrument, SeverityBand } from './instrument.js';

/**
 * CIWA-Ar cut-offs differ across the literature (docs/clinical.md §3.2); a unit chooses one set in
 * its protocol (`ciwaArBands`). Both cover 0-67 without gaps.
 */
export const CIWA_AR_BAND_SETS = ['asam-2020', 'sullivan-1989'] as const;
export type CiwaArBandSet = (typeof CIWA_AR_BAND_SETS)[number];

const SETS: Readonly<Record<CiwaArBandSet, { source: string; bands: readonly SeverityBand[] }>> = {
  // ASAM 2020 guideline as reproduced: < 10 mild, 10-18 moderate, >= 19 severe (the default).
  'asam-2020': { source: CIWA_AR.bandSource, bands: CIWA_AR.bands },
  // Sullivan-based review table (PMC6286444) and VA PAWS: < 8 mild, 8-15 moderate, > 15 severe.
  'sullivan-1989': {
    source: 'Sullivan-based review table and VA PAWS: <8 mild, 8-15 moderate, >15 severe',
    bands: [
      { severity: 'mild', label: 'Mild', min: 0, max: 7 },
      { severity: 'moderate', label: 'Moderate', min: 8, max: 15 },
      { severity: 'severe', label: 'Severe', min: 16, max: 67 },
    ],
  },
};

/** The instrument as a unit scores it: CIWA-Ar with the unit's band set, any other unchanged. */
export function instrumentWithBands(instrument: Instrument, ciwaArBands: CiwaArBandSet | undefined): Instrument {
  if (instrument.id !== 'CIWA-Ar' || ciwaArBands === undefined || ciwaArBands === 'asam-2020') return instrument;
  const set = SETS[ciwaArBands];
  return { ...instrument, bands: set.bands, bandSource: set.source };
}
