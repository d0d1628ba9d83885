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
