export {
  courseLabel,
  type ExpectedCourse,
  courseForSubstances,
  withdrawalReason,
  expectedCourse,
  type HourWindow,
  isAlcoholCourse,
  WITHDRAWAL_COURSES,
  type WithdrawalCourse,
} from './expected-course.js';
export {
  ALCOHOL_PHASE_LABELS,
  NO_COURSE_LABEL,
  phaseOfCourse,
  WITHDRAWAL_PHASE_LABELS,
  WITHDRAWAL_PHASES,
  type WithdrawalPhase,
  withdrawalPhase,
  withdrawalPhaseLabel,
} from './phase.js';
export { dayOfStay, hoursSince, withdrawalDay } from './elapsed.js';
export { downsampleMinMax, MIN_DOWNSAMPLE_POINTS } from './downsample.js';
