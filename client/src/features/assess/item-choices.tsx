interface Option {
  value: number;
  anchor: string;
}

interface Props {
  instrumentId: string;
  itemKey: string;
  label: string;
  instructions: string;
  options: Option[];
  value: number | undefined;
  error?: string | undefined;
  onChange: (value: number) => void;
}

/**
 * One item of a scale as a group of radio buttons: one tap per item on a tablet, arrow keys on a
 * keyboard, and each choice shows its anchor text so the nurse scores against the form's words.
 */
export function ItemChoices({ instrumentId, itemKey, label, instructions, options, value, error, onChange }: Props) {
  const name = `${instrumentId}-${itemKey}`;
  const errorId = `${name}-error`;
  return (
    <fieldset
      className={`item${error ? ' has-error' : ''}${value === undefined ? ' unanswered' : ''}`}
      aria-describedby={error ? errorId : undefined}
    >
      <legend>
        <span className="item-label">{label}</span>
        <span className="item-instructions">{instructions}</span>
      </legend>
      <div className="choices">
        {options.map((o) => (
          <label key={o.value} className={`choice${value === o.value ? ' selected' : ''}`}>
            <input
              type="radio"
              name={name}
              value={o.value}
              checked={value === o.value}
              onChange={() => onChange(o.value)}
            />
            <span className="choice-value">{o.value}</span>{' '}
            <span className="choice-anchor">{o.anchor || '\u00a0'}</span>
          </label>
        ))}
      </div>
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
    </fieldset>
  );
}
