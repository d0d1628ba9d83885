interface Props {
  label: string;
  value: number | undefined;
  optional?: boolean;
  error?: string | undefined;
  disabled: boolean;
  onChange: (value: number | undefined) => void;
}

/** A number in the protocol; blank means "no limit" where the limit is optional. */
export function NumberCell({ label, value, optional, error, disabled, onChange }: Props) {
  return (
    <label className={`protocol-cell${error ? ' has-error' : ''}`}>
      <span className="visually-hidden">{label}</span>
      <input
        type="number"
        inputMode="decimal"
        step="any"
        value={value ?? ''}
        placeholder={optional ? 'none' : ''}
        disabled={disabled}
        aria-label={label}
        aria-invalid={Boolean(error)}
        onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
      />
      {error && <span className="field-error">{error}</span>}
    </label>
  );
}
