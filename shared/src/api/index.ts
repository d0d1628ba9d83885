export * from './admissions.js';
export * from './assessments.js';
export * from './auth.js';
export * from './common.js';
export * from './medications.js';
export * from './time.js';
export * from './taper-plans.js';
