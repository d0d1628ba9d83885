import { type TemperatureScale, readingInOtherScale, temperatureSymbol } from '@detox/shared';
import { type VitalField, type VitalsDraft, vitalPath } from './vital-entry.js';

export { EMPTY_VITALS, type VitalsDraft, vitalsDraftOf, vitalsInput } from './vital-entry.js';

const FIELDS: { key: VitalField; label: string; unit: string; step?: string }[] = [
  { key: 'heartRate', label: 'Heart rate', unit: 'bpm' },
  { key: 'systolic', label: 'Systolic', unit: 'mmHg' },
  { key: 'diastolic', label: 'Diastolic', unit: 'mmHg' },
  { key: 'temperature', label: 'Temp', unit: '°C', step: '0.1' },
  { key: 'respiratoryRate', label: 'Resp rate', unit: '/min' },
  { key: 'spo2', label: 'SpO2', unit: '%' },
];

/** The name of a vital sign's input, which the form also uses to send focus to it. */
export function vitalInputName(field: VitalField): string {
  return field === 'temperature' ? 'temperatureC' : field;
}

interface Props {
  value: VitalsDraft;
  /** Issues by input path ("vitals.heartRate"), from the nurse's typing or the server's refusal. */
  errors: Record<string, string>;
  /** The unit's scale for temperature entry. */
  scale: TemperatureScale;
  onChange: (value: VitalsDraft) => void;
  /** The nurse left a field: the form checks it then, not at every keystroke. */
  onLeave: (field: VitalField) => void;
}

export function VitalsFields({ value, errors, scale, onChange, onLeave }: Props) {
  const otherScale = readingInOtherScale(Number(value.temperature), scale);
  return (
    <fieldset className="vitals">
      <legend>Vital signs</legend>
      <div className="vitals-grid">
        {FIELDS.map((f) => {
          const error = errors[vitalPath(f.key)];
          const unit = f.key === 'temperature' ? temperatureSymbol(scale) : f.unit;
          const errorId = `vital-${f.key}-error`;
          return (
            <label key={f.key} className={`field compact${error ? ' has-error' : ''}`}>
              <span>
                {f.label} <span className="muted">{unit}</span>
              </span>
              <input
                name={vitalInputName(f.key)}
                type="number"
                inputMode="decimal"
                step={f.step ?? '1'}
                value={value[f.key]}
                onChange={(e) => onChange({ ...value, [f.key]: e.target.value })}
                onBlur={() => onLeave(f.key)}
                aria-invalid={Boolean(error)}
                aria-describedby={error ? errorId : undefined}
              />
              {error && (
                <span className="field-error" id={errorId}>
                  {error}
                </span>
              )}
            </label>
          );
        })}
      </div>
      {value.temperature.trim() !== '' && otherScale && (
        <p className="hint scale-hint">
          {value.temperature} is a {temperatureSymbol(otherScale.typedAs)} reading; this unit charts in{' '}
          {temperatureSymbol(scale)}.{' '}
          <button
            type="button"
            className="button small"
            onClick={() => {
              onChange({ ...value, temperature: String(otherScale.converted) });
            }}
          >
            Use {otherScale.converted.toFixed(1)} {temperatureSymbol(scale)}
          </button>
        </p>
      )}
    </fieldset>
  );
}
