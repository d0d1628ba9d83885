import {
  type TemperatureScale,
  VITAL_SIGN_LABELS,
  fromStoredCelsius,
  isPlausibleTemperature,
  plausibleTemperatureRange,
  readingInOtherScale,
  temperatureSymbol,
  toStoredCelsius,
  vitalsInput as vitalsSchema,
} from '@detox/shared';

/** What the nurse typed, field by field; the temperature in the unit's own scale. */
export interface VitalsDraft {
  heartRate: string;
  systolic: string;
  diastolic: string;
  temperature: string;
  respiratoryRate: string;
  spo2: string;
}
export type VitalField = keyof VitalsDraft;

export const VITAL_FIELDS: readonly VitalField[] = [
  'heartRate',
  'systolic',
  'diastolic',
  'temperature',
  'respiratoryRate',
  'spo2',
];

export const EMPTY_VITALS: VitalsDraft = {
  heartRate: '',
  systolic: '',
  diastolic: '',
  temperature: '',
  respiratoryRate: '',
  spo2: '',
};

/** The input path the server names a field by ("vitals.temperatureC"): temperature travels in °C. */
export function vitalPath(field: VitalField): string {
  return `vitals.${field === 'temperature' ? 'temperatureC' : field}`;
}

/**
 * Why a typed reading cannot be saved, in the same words the server would use; null when it can (or
 * the field is blank). The limits are the record's own plausibility limits (shared api/assessments.ts),
 * so the form flags on leaving the field exactly what Save would be refused for.
 */
export function vitalEntryIssue(field: VitalField, text: string, scale: TemperatureScale): string | null {
  if (text.trim() === '') return null;
  const value = Number(text);
  if (field === 'temperature') {
    const symbol = temperatureSymbol(scale);
    if (!Number.isFinite(value)) return `Temperature must be a number in ${symbol}`;
    if (isPlausibleTemperature(value, scale)) return null;
    const { min, max } = plausibleTemperatureRange(scale);
    const other = readingInOtherScale(value, scale);
    const hint = other ? `; it looks like ${temperatureSymbol(other.typedAs)}` : '; check the reading';
    return `Temperature ${value} ${symbol} is outside ${min}–${max} ${symbol}${hint}`;
  }
  if (!Number.isFinite(value))
    return `${VITAL_SIGN_LABELS[field].name} must be a number in ${VITAL_SIGN_LABELS[field].unit}`;
  const checked = vitalsSchema.shape[field].safeParse(value);
  return checked.success
    ? null
    : (checked.error.issues[0]?.message ?? `${VITAL_SIGN_LABELS[field].name} is not plausible; check the reading`);
}

/** Every field's issue, by input path. */
export function vitalsIssues(
  draft: VitalsDraft,
  scale: TemperatureScale,
  only?: ReadonlySet<VitalField>,
): Record<string, string> {
  const issues: Record<string, string> = {};
  for (const field of VITAL_FIELDS) {
    if (only && !only.has(field)) continue;
    const issue = vitalEntryIssue(field, draft[field], scale);
    if (issue) issues[vitalPath(field)] = issue;
  }
  return issues;
}

/**
 * The heart rate to score the COWS pulse item from, or null: a blank or implausible reading (300, a
 * half-typed "3") must never set the pulse item, and so never the total.
 */
export function plausibleHeartRate(draft: VitalsDraft): number | null {
  if (draft.heartRate.trim() === '' || vitalEntryIssue('heartRate', draft.heartRate, 'C') !== null) return null;
  return Number(draft.heartRate);
}

/** Numbers the nurse typed, leaving out blanks, temperature in °C; undefined when none was entered. */
export function vitalsInput(draft: VitalsDraft, scale: TemperatureScale) {
  const entries = VITAL_FIELDS.filter((field) => draft[field].trim() !== '').map((field) => {
    const value = Number(draft[field]);
    return field === 'temperature'
      ? (['temperatureC', toStoredCelsius(value, scale)] as const)
      : ([field, value] as const);
  });
  return entries.length ? Object.fromEntries(entries) : undefined;
}

type StoredVitals = Partial<
  Record<'heartRate' | 'systolic' | 'diastolic' | 'temperatureC' | 'respiratoryRate' | 'spo2', number | null>
>;

/** A stored reading as the form shows it, temperature in the unit's scale (a correction starts here). */
export function vitalsDraftOf(vitals: StoredVitals | null, scale: TemperatureScale): VitalsDraft {
  if (!vitals) return EMPTY_VITALS;
  const text = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));
  return {
    heartRate: text(vitals.heartRate),
    systolic: text(vitals.systolic),
    diastolic: text(vitals.diastolic),
    temperature:
      vitals.temperatureC === null || vitals.temperatureC === undefined
        ? ''
        : String(fromStoredCelsius(vitals.temperatureC, scale)),
    respiratoryRate: text(vitals.respiratoryRate),
    spo2: text(vitals.spo2),
  };
}
