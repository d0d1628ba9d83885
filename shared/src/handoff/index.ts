export {
  ILLNESS_SEVERITY_RULE,
  type IllnessSeverity,
  type SeverityInput,
  UNSTABLE_RISE,
  WATCHER_RISE,
  illnessSeverity,
} from './illness-severity.js';
export { RECENT_ACKNOWLEDGEMENT_HOURS, isRecentlyAcknowledged, recentAcknowledgementSince } from './recent-alerts.js';
