import { DRUGS, type DrugId, type VitalSignHold } from '@detox/shared';
import { NumberCell } from './number-cell.js';
import { AddDrugPicker } from './add-drug-picker.js';
import type { ProtocolSectionProps } from './protocol-section.js';

const FIELDS = [
  ['systolicBelowMmHg', 'Systolic below (mmHg)'],
  ['diastolicBelowMmHg', 'Diastolic below (mmHg)'],
  ['heartRateBelowBpm', 'Heart rate below (bpm)'],
  ['vitalsWithinMinutes', 'Vital signs taken within (min)'],
] as const;

/** A new hold starts from the clonidine order-set limits (docs/clinical.md §6.3), or these if the unit removed clonidine's. */
const START: VitalSignHold = {
  systolicBelowMmHg: 90,
  diastolicBelowMmHg: 60,
  heartRateBelowBpm: 60,
  vitalsWithinMinutes: 60,
};

/**
 * Hold parameters per drug (issue 10, item 3): clonidine and lofexidine by default; any drug can be
 * given a hold, and a hold can be removed. The server holds a dose when the latest reading is below
 * a limit, or when no vital signs are recent enough.
 */
export function HoldParameters({ draft, editable, err, onChange }: ProtocolSectionProps) {
  const held = DRUGS.filter((d) => draft.drugs[d.id].vitalSignHold !== undefined);
  const notHeld = DRUGS.filter((d) => draft.drugs[d.id].vitalSignHold === undefined);
  const setHold = (drug: DrugId, hold: VitalSignHold | undefined) => {
    const { vitalSignHold: _old, ...rest } = draft.drugs[drug];
    onChange({
      ...draft,
      drugs: { ...draft.drugs, [drug]: hold === undefined ? rest : { ...rest, vitalSignHold: hold } },
    });
  };

  return (
    <section className="card" aria-labelledby="hold-parameters-title">
      <h2 id="hold-parameters-title">Hold parameters</h2>
      <p className="small muted">
        Hold the dose when the latest reading is below these, or when there are no vital signs recent enough.
      </p>
      {held.map((d) => {
        const hold = draft.drugs[d.id].vitalSignHold;
        if (!hold) return null;
        return (
          <fieldset key={d.id} className="protocol-hold">
            <legend>{d.name}</legend>
            {FIELDS.map(([key, label]) => (
              <div key={key} className="protocol-row">
                <span>{label}</span>
                <NumberCell
                  label={`${d.name} ${label}`}
                  value={hold[key]}
                  disabled={!editable}
                  error={err(`drugs.${d.id}.vitalSignHold.${key}`)}
                  onChange={(v) => setHold(d.id, { ...hold, [key]: v ?? 0 })}
                />
              </div>
            ))}
            {editable && (
              <button type="button" className="link-button" onClick={() => setHold(d.id, undefined)}>
                Remove the {d.name.toLowerCase()} hold
              </button>
            )}
          </fieldset>
        );
      })}
      {editable && notHeld.length > 0 && (
        <AddDrugPicker
          label="Add a hold for"
          drugs={notHeld}
          buttonText="Add hold"
          onAdd={(drug) => setHold(drug, { ...(draft.drugs.clonidine.vitalSignHold ?? START) })}
        />
      )}
    </section>
  );
}
