export * from './api/index.js';
export * from './instruments/index.js';
export * from './medications/index.js';
export * from './shifts/index.js';
export * from './timeline/index.js';
export * from './vitals/index.js';
