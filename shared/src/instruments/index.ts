export * from './instrument.js';
export { COWS, cowsPulseItemScore } from './cows.js';
export { SOWS } from './sows.js';
export { CIWA_AR } from './ciwa-ar.js';
export * from './scoring.js';
