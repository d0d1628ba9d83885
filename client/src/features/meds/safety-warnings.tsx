import type { AdministrationWarning } from '@detox/shared';

const HEADING: Record<AdministrationWarning['severity'], string> = { danger: 'Stop', warning: 'Check', info: 'Note' };

/** The protocol's warnings for a dose, most serious first, each saying what to do. */
export function SafetyWarnings({
  warnings,
  checking,
}: {
  warnings: readonly AdministrationWarning[];
  checking: boolean;
}) {
  if (warnings.length === 0) return checking ? <p className="muted small">Checking the unit protocol…</p> : null;
  return (
    <ul className="safety-warnings" aria-label="Protocol checks" aria-live="polite">
      {warnings.map((w) => (
        <li key={`${w.code}-${w.message}`} className={`safety-warning safety-${w.severity}`} data-code={w.code}>
          <strong>{w.hardStop ? 'Cannot be given' : HEADING[w.severity]}:</strong> {w.message}
          {w.requiresOverride && <span className="small"> (needs an override reason)</span>}
        </li>
      ))}
    </ul>
  );
}
