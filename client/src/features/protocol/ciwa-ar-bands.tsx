import type { CiwaArBandSet, UnitProtocol } from '@detox/shared';

const LABELS: Record<CiwaArBandSet, string> = {
  'asam-2020': 'ASAM 2020: below 10 mild, 10–18 moderate, 19 and above severe',
  'sullivan-1989': 'Sullivan 1989 / VA: below 8 mild, 8–15 moderate, 16 and above severe',
};

/** The CIWA-Ar cut-offs the unit scores with (docs/clinical.md §3.2: the literature has two sets). */
export function CiwaArBands({
  draft,
  editable,
  onChange,
}: {
  draft: UnitProtocol;
  editable: boolean;
  onChange: (next: UnitProtocol) => void;
}) {
  return (
    <section className="card">
      <h2>CIWA-Ar severity bands</h2>
      <label className="protocol-row">
        <span>Cut-offs</span>
        <select
          value={draft.ciwaArBands ?? 'asam-2020'}
          disabled={!editable}
          onChange={(e) => onChange({ ...draft, ciwaArBands: e.target.value as CiwaArBandSet })}
        >
          {(Object.keys(LABELS) as CiwaArBandSet[]).map((set) => (
            <option key={set} value={set}>
              {LABELS[set]}
            </option>
          ))}
        </select>
      </label>
    </section>
  );
}
