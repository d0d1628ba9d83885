export { parseShiftPattern, type ShiftStartTime } from './shift-pattern.js';
export { nextShift, previousShift, type Shift, shiftAt, shiftStartingAt } from './shift-window.js';
