export { type DueInput, type DueResult, type OverdueEpisode, assessmentsDue } from './assessment-due.js';
export {
  DUE_REASONS,
  type DueReason,
  type NextAssessment,
  type ReassessmentInput,
  type ScoreAt,
  dueCandidates,
  everyText,
  isFrequentBand,
  nextAssessmentDue,
} from './reassessment-schedule.js';
