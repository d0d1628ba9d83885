import type { DrugId } from '@detox/shared';
import { useState } from 'react';

/** "Add … for [drug] [Add]": the protocol page's way to give one more drug a rule of some kind. */
export function AddDrugPicker({
  label,
  drugs,
  buttonText,
  onAdd,
}: {
  label: string;
  drugs: readonly { id: DrugId; name: string }[];
  buttonText: string;
  onAdd: (drug: DrugId) => void;
}) {
  const [adding, setAdding] = useState<DrugId | ''>('');
  return (
    <div className="protocol-row">
      <label>
        <span>{label}</span>{' '}
        <select value={adding} onChange={(e) => setAdding(e.target.value as DrugId | '')}>
          <option value="">choose a drug</option>
          {drugs.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </label>{' '}
      <button
        type="button"
        disabled={adding === ''}
        onClick={() => {
          if (adding === '') return;
          onAdd(adding);
          setAdding('');
        }}
      >
        {buttonText}
      </button>
    </div>
  );
}
