export * from './order.js';
export { effectiveHold, effectiveLimits, type EffectiveLimits } from './order-limits.js';
export { checkDoseAgainstOrder } from './order-check.js';
export { type ScoreReading, type TriggerState, triggerState } from './score-trigger.js';
export { scheduledSlots, scheduledTimesMs, type ScheduledSlot } from './scheduled-doses.js';
export * from './orders-due.js';
export * from './orders-due-summary.js';
export * from './order-sets.js';
export * from './order-words.js';
