export * from './catalogue.js';
export * from './legacy-substance.js';
export * from './waits.js';
