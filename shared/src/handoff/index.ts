export {
  ILLNESS_SEVERITY_RULE,
  type IllnessSeverity,
  type SeverityInput,
  UNSTABLE_RISE,
  WATCHER_RISE,
  illnessSeverity,
} from './illness-severity.js';
export {
  PRN_EFFECT_RULE,
  PRN_EFFECT_THRESHOLD,
  type OtherDose,
  type PrnEffect,
  type PrnEffectFinding,
  type PrnEffectWord,
  type PrnOtherDose,
  type ScoreRef,
  prnEffect,
  prnEffectText,
} from './prn-effect.js';
export { RECENT_ACKNOWLEDGEMENT_HOURS, isRecentlyAcknowledged, recentAcknowledgementSince } from './recent-alerts.js';
