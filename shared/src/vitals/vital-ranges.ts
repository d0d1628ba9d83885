/**
 * Out-of-range vital signs for reports and the board. There is no single standard for alarm limits
 * on detox units (docs/clinical.md §7); these are the "suggested defaults for the dashboard" of §7, a
 * synthesis of a withdrawal order set (http://www.etsuim.com/psychiatry/opioid-withdrawal/), the
 * St Paul's naloxone discharge criteria and general-ward rapid-response criteria. They must be
 * approved clinically, so a unit can pass its own ranges; these are only the defaults.
 */

export const VITAL_SIGNS = ['heartRate', 'systolic', 'diastolic', 'temperatureC', 'respiratoryRate', 'spo2'] as const;
export type VitalSign = (typeof VITAL_SIGNS)[number];

export type VitalLevel = 'warning' | 'critical';

/** A limit is crossed strictly: "HR > 100" warns at 101, not at 100. */
export interface VitalLimits {
  warnAbove?: number;
  criticalAbove?: number;
  warnBelow?: number;
  criticalBelow?: number;
  /** For "temperature >= 38.0 °C", the one limit §7 states as inclusive. */
  warnAtOrAbove?: number;
}

export type VitalRanges = Readonly<Record<VitalSign, VitalLimits>>;

export const DEFAULT_VITAL_RANGES: VitalRanges = Object.freeze({
  // §7: warn HR > 100 or < 60 (the low limit matters most on clonidine/lofexidine); critical > 120 or < 50.
  heartRate: { warnAbove: 100, criticalAbove: 120, warnBelow: 60, criticalBelow: 50 },
  // §7: SBP < 90 or > 160 warn, > 180 critical.
  systolic: { warnAbove: 160, criticalAbove: 180, warnBelow: 90 },
  // §7: DBP < 60 or > 100.
  diastolic: { warnAbove: 100, warnBelow: 60 },
  // §7: temperature >= 38.0 °C.
  temperatureC: { warnAtOrAbove: 38 },
  // §7: RR < 10 or > 24.
  respiratoryRate: { warnAbove: 24, warnBelow: 10 },
  // §7: SpO2 < 92 % warn, < 90 % critical.
  spo2: { warnBelow: 92, criticalBelow: 90 },
});

export const VITAL_SIGN_LABELS: Readonly<Record<VitalSign, { name: string; short: string; unit: string }>> =
  Object.freeze({
    heartRate: { name: 'Heart rate', short: 'HR', unit: 'bpm' },
    systolic: { name: 'Systolic pressure', short: 'SBP', unit: 'mmHg' },
    diastolic: { name: 'Diastolic pressure', short: 'DBP', unit: 'mmHg' },
    temperatureC: { name: 'Temperature', short: 'Temp', unit: '°C' },
    respiratoryRate: { name: 'Respiratory rate', short: 'RR', unit: '/min' },
    spo2: { name: 'Oxygen saturation', short: 'SpO2', unit: '%' },
  });

/**
 * The ranges in words, written from the ranges themselves so the report's legend can never drift
 * from the rule: "HR > 100 or < 60 warns, > 120 or < 50 is critical; …".
 */
export function vitalRangesText(ranges: VitalRanges = DEFAULT_VITAL_RANGES): string {
  const either = (above?: number, below?: number, atOrAbove?: number) =>
    [
      above !== undefined ? `> ${above}` : null,
      atOrAbove !== undefined ? `>= ${atOrAbove.toFixed(1)}` : null,
      below !== undefined ? `< ${below}` : null,
    ]
      .filter((part): part is string => part !== null)
      .join(' or ');
  return VITAL_SIGNS.map((sign) => {
    const limits = ranges[sign];
    const { short, unit } = VITAL_SIGN_LABELS[sign];
    const warn = either(limits.warnAbove, limits.warnBelow, limits.warnAtOrAbove);
    const critical = either(limits.criticalAbove, limits.criticalBelow);
    const unitText = unit === '%' ? '%' : ` ${unit}`;
    return `${short} ${warn}${unitText} warns${critical ? `, ${critical}${unitText} is critical` : ''}`;
  }).join('; ');
}

export interface VitalFinding {
  sign: VitalSign;
  value: number;
  level: VitalLevel;
  /** The limit crossed, in words: "> 120 bpm". */
  limit: string;
  /** "HR 124 bpm (critical: > 120 bpm)". */
  message: string;
}

export type VitalReadings = Partial<Record<VitalSign, number | null>>;

function classify(value: number, limits: VitalLimits, unit: string): { level: VitalLevel; limit: string } | null {
  if (limits.criticalAbove !== undefined && value > limits.criticalAbove)
    return { level: 'critical', limit: `> ${limits.criticalAbove} ${unit}` };
  if (limits.criticalBelow !== undefined && value < limits.criticalBelow)
    return { level: 'critical', limit: `< ${limits.criticalBelow} ${unit}` };
  if (limits.warnAbove !== undefined && value > limits.warnAbove)
    return { level: 'warning', limit: `> ${limits.warnAbove} ${unit}` };
  if (limits.warnAtOrAbove !== undefined && value >= limits.warnAtOrAbove)
    return { level: 'warning', limit: `>= ${limits.warnAtOrAbove.toFixed(1)} ${unit}` };
  if (limits.warnBelow !== undefined && value < limits.warnBelow)
    return { level: 'warning', limit: `< ${limits.warnBelow} ${unit}` };
  return null;
}

/** The readings outside their range, in VITAL_SIGNS order; missing readings are skipped. */
export function vitalsOutOfRange(readings: VitalReadings, ranges: VitalRanges = DEFAULT_VITAL_RANGES): VitalFinding[] {
  const findings: VitalFinding[] = [];
  for (const sign of VITAL_SIGNS) {
    const value = readings[sign];
    if (value === null || value === undefined || !Number.isFinite(value)) continue;
    const { short, unit } = VITAL_SIGN_LABELS[sign];
    const crossed = classify(value, ranges[sign], unit);
    if (!crossed) continue;
    findings.push({
      sign,
      value,
      ...crossed,
      message: `${short} ${value} ${unit} (${crossed.level}: ${crossed.limit})`,
    });
  }
  return findings;
}
