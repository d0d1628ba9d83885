export interface VitalsDraft {
  heartRate: string;
  systolic: string;
  diastolic: string;
  temperatureC: string;
  respiratoryRate: string;
  spo2: string;
}

export const EMPTY_VITALS: VitalsDraft = { heartRate: '', systolic: '', diastolic: '', temperatureC: '', respiratoryRate: '', spo2: '' };

const FIELDS: { key: keyof VitalsDraft; label: string; unit: string; step?: string }[] = [
  { key: 'heartRate', label: 'Heart rate', unit: 'bpm' },
  { key: 'systolic', label: 'Systolic', unit: 'mmHg' },
  { key: 'diastolic', label: 'Diastolic', unit: 'mmHg' },
  { key: 'temperatureC', label: 'Temp', unit: '°C', step: '0.1' },
  { key: 'respiratoryRate', label: 'Resp rate', unit: '/min' },
  { key: 'spo2', label: 'SpO2', unit: '%' },
];

interface Props {
  value: VitalsDraft;
  errors: Record<string, string>;
  onChange: (value: VitalsDraft) => void;
}

export function VitalsFields({ value, errors, onChange }: Props) {
  return (
    <fieldset className="vitals">
      <legend>Vital signs</legend>
      <div className="vitals-grid">
        {FIELDS.map((f) => {
          const error = errors[`vitals.${f.key}`];
          return (
            <label key={f.key} className={`field compact${error ? ' has-error' : ''}`}>
              <span>
                {f.label} <span className="muted">{f.unit}</span>
              </span>
              <input
                name={f.key}
                type="number"
                inputMode="decimal"
                step={f.step ?? '1'}
                value={value[f.key]}
                onChange={(e) => onChange({ ...value, [f.key]: e.target.value })}
                aria-invalid={Boolean(error)}
              />
              {error && <span className="field-error">{error}</span>}
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}

/** Numbers the nurse typed, leaving out blanks; undefined when no vital sign was entered. */
export function vitalsInput(draft: VitalsDraft) {
  const entries = Object.entries(draft)
    .filter(([, v]) => v.trim() !== '')
    .map(([k, v]) => [k, Number(v)] as const);
  return entries.length ? Object.fromEntries(entries) : undefined;
}

export function vitalsDraftOf(vitals: Partial<Record<keyof VitalsDraft, number | null>> | null): VitalsDraft {
  if (!vitals) return EMPTY_VITALS;
  const text = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));
  return {
    heartRate: text(vitals.heartRate),
    systolic: text(vitals.systolic),
    diastolic: text(vitals.diastolic),
    temperatureC: text(vitals.temperatureC),
    respiratoryRate: text(vitals.respiratoryRate),
    spo2: text(vitals.spo2),
  };
}
