import type { NaltrexoneStartProtocol } from '@detox/shared';
import { NumberCell } from './number-cell.js';
import type { ProtocolSectionProps } from './protocol-section.js';

const FIELDS: [keyof NaltrexoneStartProtocol['opioidFreeDaysAfter'], string][] = [
  ['shortActing', 'Days after a short-acting opioid'],
  ['extendedRelease', 'Days after an extended-release opioid'],
  ['methadone', 'Days after methadone'],
  ['buprenorphine', 'Days after buprenorphine'],
];

/** Opioid-free days before naltrexone (docs/clinical.md §6.6): by last use, and after any agonist given on the stay. */
export function NaltrexoneStart({ draft, editable, err, onChange }: ProtocolSectionProps) {
  const days = draft.naltrexoneStart.opioidFreeDaysAfter;
  return (
    <section className="card">
      <h2>Naltrexone start</h2>
      <p className="small muted">
        Opioid-free days before a first dose; sooner needs a documented reason (e.g. a negative naloxone challenge).
      </p>
      <p className="small">
        The 7, 10 and 14 days shipped are defaults this unit may change (7 to 60 days), pending the medical director's
        sign-off (docs/clinical.md §6.6).
      </p>
      {FIELDS.map(([key, label]) => (
        <div key={key} className="protocol-row">
          <span>{label}</span>
          <NumberCell
            label={`Naltrexone: ${label}`}
            value={days[key]}
            disabled={!editable}
            error={err(`naltrexoneStart.opioidFreeDaysAfter.${key}`)}
            onChange={(v) =>
              onChange({ ...draft, naltrexoneStart: { opioidFreeDaysAfter: { ...days, [key]: v ?? 0 } } })
            }
          />
        </div>
      ))}
    </section>
  );
}
