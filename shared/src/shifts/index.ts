export { parseShiftPattern, type ShiftStartTime } from './shift-pattern.js';
export { nextShift, previousShift, type Shift, shiftAt, shiftStartingAt } from './shift-window.js';
export { OFFSET_SEARCH_DAYS, type UtcOffsetSpan, utcOffsetSpan } from './utc-offset-span.js';
