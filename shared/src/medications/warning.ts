/**
 * What a safety rule says about a proposed dose. The client shows these before saving; the server
 * refuses a hard stop, and asks for an override reason when any warning requires one (api.md: 412).
 */

export const WARNING_CODES = [
  // dose-limits.ts
  'implausible-dose',
  'above-single-dose-max',
  // route-doses.ts
  'dose-not-allowed-by-route',
  // daily-maximum.ts
  'above-24h-max',
  'reaches-24h-max',
  'approaching-24h-max',
  // minimum-interval.ts
  'below-min-interval',
  // vital-sign-hold.ts
  'hold-low-systolic',
  'hold-low-diastolic',
  'hold-low-heart-rate',
  'hold-vitals-not-recent',
  'hold-vitals-incomplete',
  // buprenorphine-induction.ts
  'buprenorphine-first-dose',
  'buprenorphine-cows-missing',
  'buprenorphine-cows-not-recent',
  'buprenorphine-cows-below-threshold',
  'buprenorphine-too-soon-after-use',
  // methadone-first-day.ts
  'methadone-first-dose-above-limit',
  'methadone-first-day-above-limit',
  // taper-plan.ts
  'above-taper-plan',
  // naltrexone-start.ts
  'naltrexone-too-soon-after-use',
  'naltrexone-too-soon-after-agonist',
  // ../orders/order-check.ts: a dose against its order
  'above-order-dose',
  'below-order-dose',
  'order-route-differs',
  'prn-trigger-not-met',
  // server: a dose given offline against an order that, on arrival, was not in force (issue 13)
  'order-not-in-force',
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

export const WARNING_SEVERITIES = ['info', 'warning', 'danger'] as const;
export type WarningSeverity = (typeof WARNING_SEVERITIES)[number];

export interface AdministrationWarning {
  code: WarningCode;
  severity: WarningSeverity;
  /** Says what was found and what the nurse should do. */
  message: string;
  /** Recording the dose anyway needs a documented reason. */
  requiresOverride: boolean;
  /** The dose cannot be recorded as given, with or without a reason. */
  hardStop: boolean;
}

/** An information line: shown, never blocks. */
export function info(code: WarningCode, message: string): AdministrationWarning {
  return { code, severity: 'info', message, requiresOverride: false, hardStop: false };
}

/** Worth knowing before giving (a total nearing its maximum): shown as a warning, needs no reason. */
export function caution(code: WarningCode, message: string): AdministrationWarning {
  return { code, severity: 'warning', message, requiresOverride: false, hardStop: false };
}

/** Outside the protocol: can be given with a documented reason. */
export function needsReason(code: WarningCode, severity: 'warning' | 'danger', message: string): AdministrationWarning {
  return { code, severity, message, requiresOverride: true, hardStop: false };
}

/** Refused: no reason makes it safe to record. */
export function hardStop(code: WarningCode, message: string): AdministrationWarning {
  return { code, severity: 'danger', message, requiresOverride: false, hardStop: true };
}

export function hasHardStop(warnings: readonly AdministrationWarning[]): boolean {
  return warnings.some((w) => w.hardStop);
}

export function needsOverride(warnings: readonly AdministrationWarning[]): boolean {
  return warnings.some((w) => w.requiresOverride);
}

const RANK: Record<WarningSeverity, number> = { danger: 0, warning: 1, info: 2 };

/** Most serious first, keeping rule order within a severity. */
export function bySeverity(warnings: readonly AdministrationWarning[]): AdministrationWarning[] {
  return [...warnings].sort((a, b) => RANK[a.severity] - RANK[b.severity]);
}
