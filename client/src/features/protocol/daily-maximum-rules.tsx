import { DRUGS, type DrugId, type DrugProtocol } from '@detox/shared';
import { useState } from 'react';
import { NumberCell } from './number-cell.js';
import { AddDrugPicker } from './add-drug-picker.js';
import type { ProtocolSectionProps } from './protocol-section.js';

/** docs/clinical.md §6.3: clonidine 1.2 mg/day from 90 kg; a new weight rule starts from these. */
const WEIGHT_START = { fromKg: 90 };

const hasRules = (p: DrugProtocol) =>
  p.maxPer24hIsHardStop === true || p.warnFromPer24hMg !== undefined || p.maxPer24hByWeight !== undefined;

/**
 * The rules about a drug's 24 h maximum (issue 10, items 5 and 9): whether it is a hard stop no
 * reason passes (loperamide, docs/clinical.md §6.5), the total from which the nurse is warned, and a
 * higher maximum for heavier patients (clonidine, §6.3; the admission weight decides). The maximum
 * itself is edited in the per-drug table; the server checks these against it and says what to fix.
 */
export function DailyMaximumRules({ draft, editable, err, onChange }: ProtocolSectionProps) {
  const [added, setAdded] = useState<DrugId[]>([]);
  const shown = DRUGS.filter((d) => hasRules(draft.drugs[d.id]) || added.includes(d.id));
  const others = DRUGS.filter((d) => !shown.includes(d));
  const setDrug = (drug: DrugId, next: DrugProtocol) => onChange({ ...draft, drugs: { ...draft.drugs, [drug]: next } });
  const without = (p: DrugProtocol, key: keyof DrugProtocol): DrugProtocol => {
    const { [key]: _dropped, ...rest } = p;
    return rest as DrugProtocol;
  };

  return (
    <section className="card" aria-labelledby="daily-maximum-rules-title">
      <h2 id="daily-maximum-rules-title">24 h maximum: hard stop, warning, weight</h2>
      <p className="small muted">
        A hard stop refuses any dose that would take the 24 h total above the maximum; otherwise the nurse may give it
        with a documented reason. The warning shows from the total given. The higher maximum applies from the weight
        recorded at admission.
      </p>
      {shown.map((d) => {
        const p = draft.drugs[d.id];
        const byWeight = p.maxPer24hByWeight;
        const name = d.name;
        return (
          <fieldset key={d.id} className="protocol-hold" aria-label={`${name} 24 h maximum rules`}>
            <legend>{name}</legend>
            <div className="protocol-row">
              <span>24 h maximum (mg, in the table above)</span>
              <strong>{p.maxPer24hMg === undefined ? 'none set' : `${p.maxPer24hMg} mg`}</strong>
            </div>
            <div className="protocol-row">
              <label htmlFor={`hard-stop-${d.id}`}>Hard stop: no reason can pass the maximum</label>
              <input
                id={`hard-stop-${d.id}`}
                type="checkbox"
                checked={p.maxPer24hIsHardStop === true}
                disabled={!editable}
                onChange={(e) =>
                  setDrug(
                    d.id,
                    e.target.checked ? { ...p, maxPer24hIsHardStop: true } : without(p, 'maxPer24hIsHardStop'),
                  )
                }
              />
            </div>
            {err(`drugs.${d.id}.maxPer24hMg`) && <p className="field-error">{err(`drugs.${d.id}.maxPer24hMg`)}</p>}
            <div className="protocol-row">
              <span>Warn from a 24 h total of (mg)</span>
              <NumberCell
                label={`${name} warn from 24 h total (mg)`}
                value={p.warnFromPer24hMg}
                optional
                disabled={!editable}
                error={err(`drugs.${d.id}.warnFromPer24hMg`)}
                onChange={(v) =>
                  setDrug(d.id, v === undefined ? without(p, 'warnFromPer24hMg') : { ...p, warnFromPer24hMg: v })
                }
              />
            </div>
            {byWeight ? (
              <>
                <div className="protocol-row">
                  <span>Higher maximum from a weight of (kg)</span>
                  <NumberCell
                    label={`${name} higher 24 h maximum from weight (kg)`}
                    value={byWeight.fromKg}
                    disabled={!editable}
                    error={err(`drugs.${d.id}.maxPer24hByWeight.fromKg`)}
                    onChange={(v) => setDrug(d.id, { ...p, maxPer24hByWeight: { ...byWeight, fromKg: v ?? 0 } })}
                  />
                </div>
                <div className="protocol-row">
                  <span>24 h maximum at that weight and above (mg)</span>
                  <NumberCell
                    label={`${name} 24 h maximum for heavier patients (mg)`}
                    value={byWeight.maxPer24hMg || undefined}
                    disabled={!editable}
                    error={err(`drugs.${d.id}.maxPer24hByWeight.maxPer24hMg`)}
                    onChange={(v) => setDrug(d.id, { ...p, maxPer24hByWeight: { ...byWeight, maxPer24hMg: v ?? 0 } })}
                  />
                </div>
                {editable && (
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => setDrug(d.id, without(p, 'maxPer24hByWeight'))}
                  >
                    Remove the {name.toLowerCase()} weight-based maximum
                  </button>
                )}
              </>
            ) : (
              editable && (
                <button
                  type="button"
                  className="link-button"
                  onClick={() => setDrug(d.id, { ...p, maxPer24hByWeight: { ...WEIGHT_START, maxPer24hMg: 0 } })}
                >
                  Add a higher maximum for heavier patients
                </button>
              )
            )}
          </fieldset>
        );
      })}
      {editable && others.length > 0 && (
        <AddDrugPicker
          label="Add 24 h rules for"
          drugs={others}
          buttonText="Add rules"
          onAdd={(drug) => setAdded([...added, drug])}
        />
      )}
    </section>
  );
}
