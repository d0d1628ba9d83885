export * from './instrument.js';
export { COWS, cowsPulseItemScore } from './cows.js';
export { SOWS } from './sows.js';
export { CIWA_AR } from './ciwa-ar.js';
export * from './scoring.js';
export { itemReasonsText } from './item-reasons.js';
export { CIWA_AR_BAND_SETS, type CiwaArBandSet, instrumentWithBands } from './ciwa-ar-bands.js';
export * from './trend.js';
