// The rule lives in shared/ (handoff/illness-severity.ts), so the census board and the shift report
// call a patient unstable on the same grounds; this module keeps the reports' imports where they were.
export { ILLNESS_SEVERITY_RULE, type SeverityInput, UNSTABLE_RISE, WATCHER_RISE, illnessSeverity } from '@detox/shared';
