export * from './catalogue.js';
export type {
  TaperPlanDay,
  AdministrationContext,
  AdministrationRule,
  AdmissionHistory,
  LatestAssessment,
  LatestVitals,
  PriorAdministration,
  ProposedAdministration,
} from './administration-context.js';
export * from './protocol.js';
export * from './protocol-schema.js';
export { loosenedHardLimits } from './protocol-loosening.js';
export {
  type AdministrationWarning,
  type WarningCode,
  type WarningSeverity,
  WARNING_CODES,
  WARNING_SEVERITIES,
  hardStop,
  hasHardStop,
  needsOverride,
} from './warning.js';
export { inductionWait } from './buprenorphine-induction.js';
export { checkAdministration } from './rules.js';
export { maxPer24hFor } from './daily-maximum.js';
export { type DailyTotal, NEAR_LIMIT_SHARE, dailyTotals } from './daily-totals.js';
export * from './precipitated-withdrawal.js';
export * from './taper-schedule.js';
export { offlineDoseAlertMessage } from './offline-dose.js';
