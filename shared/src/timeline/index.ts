export { type ExpectedCourse, expectedCourse, type HourWindow } from './expected-course.js';
export { WITHDRAWAL_PHASE_LABELS, WITHDRAWAL_PHASES, type WithdrawalPhase, withdrawalPhase, withdrawalPhaseLabel } from './phase.js';
export { dayOfStay, hoursSince, withdrawalDay } from './elapsed.js';
export { downsampleMinMax, MIN_DOWNSAMPLE_POINTS } from './downsample.js';
