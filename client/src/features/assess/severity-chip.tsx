interface Props {
  severity: string;
  label: string;
  total?: number;
}

/** Band colour plus the words: colour alone never carries the meaning (prints in black and white). */
export function SeverityChip({ severity, label, total }: Props) {
  return (
    <span className={`severity severity-${severity}`}>
      {total !== undefined && <strong>{total}</strong>} {label}
    </span>
  );
}
