import { useState } from 'react';
import { dayChoices, joinLocalValue, parseClockTime, splitLocalValue } from './clinical-time.js';

interface Props {
  /** The form's field name: a hidden input carries the "yyyy-LL-ddTHH:mm" value under it. */
  name: string;
  label: string;
  zone: string;
  /** "yyyy-LL-ddTHH:mm" in the unit's zone. */
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  /** A correction's original instant, so its day stays offered however old. */
  keep?: string | undefined;
}

/** A day and a 24-hour clock, shown as the rest of the product writes times ("Wed 02 Dec", "08:48"). */
export function ClinicalTimeInput({ name, label, zone, value, onChange, error, keep }: Props) {
  const [days] = useState(() => dayChoices(Date.now(), zone, 6, keep));
  const { day, time } = splitLocalValue(value);
  const [typed, setTyped] = useState(time);
  const errorId = `${name}-error`;
  return (
    <fieldset className={`clinical-time${error ? ' has-error' : ''}`}>
      <legend>{label}</legend>
      <input type="hidden" name={name} value={value} />
      <label className="field compact">
        <span className="visually-hidden">Day</span>
        <select
          name={`${name}Day`}
          value={day}
          onChange={(e) => onChange(joinLocalValue(e.target.value, typed))}
          aria-label={`${label}: day`}
        >
          {days.map((d) => (
            <option key={d.value} value={d.value}>
              {d.label}
            </option>
          ))}
        </select>
      </label>
      <label className="field compact">
        <span className="visually-hidden">Time, 24-hour clock</span>
        <input
          name={`${name}Time`}
          aria-label={`${label}: time (24 h, HH:MM)`}
          inputMode="numeric"
          autoComplete="off"
          placeholder="HH:MM"
          size={5}
          value={typed}
          onChange={(e) => {
            setTyped(e.target.value);
            onChange(joinLocalValue(day, e.target.value));
          }}
          onBlur={() => {
            const clock = parseClockTime(typed);
            if (clock) setTyped(clock);
          }}
          aria-invalid={Boolean(error)}
          aria-describedby={error ? errorId : undefined}
        />
      </label>
      {error && (
        <span className="field-error" id={errorId}>
          {error}
        </span>
      )}
    </fieldset>
  );
}
