import { DRUGS, type DoseRange, type DrugId, type DrugProtocol, ROUTES, type Route } from '@detox/shared';
import { useState } from 'react';
import { NumberCell } from './number-cell.js';
import type { ProtocolSectionProps } from './protocol-section.js';

/** Why a drug's routes are limited, where docs/clinical.md gives a reason. */
const WHY: Partial<Record<DrugId, string>> = {
  // §6.1: IM methadone is about twice as potent as oral.
  methadone:
    'Intramuscular methadone is about twice as potent as oral: it is refused unless you add an IM range of its own here.',
  // §6.6: 380 mg is the extended-release injection only.
  naltrexone: 'Oral 25–50 mg; 380 mg is the extended-release intramuscular injection only.',
};

type Ranges = Partial<Record<Route, DoseRange>>;

/**
 * Doses by route (issue 10, items 1 and 5): where a drug lists its routes, any other route, or a dose
 * outside that route's range, is refused outright (shared/src/medications/route-doses.ts). Allowing
 * a route (IM methadone) or widening a range loosens a hard limit, so it waits for a second physician.
 * A new route starts without a largest dose, so it cannot be saved until the physician gives one.
 */
export function RouteLimits({ draft, editable, err, onChange }: ProtocolSectionProps) {
  const [choice, setChoice] = useState<Record<string, Route | ''>>({});
  const limited = DRUGS.filter((d) => draft.drugs[d.id].dosesByRoute !== undefined);
  const setRanges = (drug: DrugId, ranges: Ranges) => {
    const next: DrugProtocol = { ...draft.drugs[drug], dosesByRoute: ranges };
    onChange({ ...draft, drugs: { ...draft.drugs, [drug]: next } });
  };

  return (
    <section className="card" aria-labelledby="route-limits-title">
      <h2 id="route-limits-title">Doses allowed by route</h2>
      <p className="small muted">
        Any other route, or a dose outside the range, is refused outright. Allowing a route or widening a range takes
        effect once a second physician approves it.
      </p>
      {limited.map((d) => {
        const ranges: Ranges = draft.drugs[d.id].dosesByRoute ?? {};
        const allowed = ROUTES.filter((r) => ranges[r] !== undefined);
        const refused = ROUTES.filter((r) => ranges[r] === undefined);
        const picked = choice[d.id] ?? '';
        return (
          <fieldset key={d.id} className="protocol-hold" aria-label={`${d.name} doses by route`}>
            <legend>{d.name}</legend>
            {WHY[d.id] && <p className="small muted">{WHY[d.id]}</p>}
            {allowed.map((route) => {
              const range = ranges[route] as DoseRange;
              const path = `drugs.${d.id}.dosesByRoute.${route}`;
              return (
                <div key={route}>
                  <div className="protocol-row">
                    <span>{route}: smallest dose (mg, optional)</span>
                    <NumberCell
                      label={`${d.name} ${route} smallest dose (mg)`}
                      value={range.minMg}
                      optional
                      disabled={!editable}
                      error={err(`${path}.minMg`)}
                      onChange={(v) => {
                        const { minMg: _old, ...rest } = range;
                        setRanges(d.id, { ...ranges, [route]: v === undefined ? rest : { ...rest, minMg: v } });
                      }}
                    />
                  </div>
                  <div className="protocol-row">
                    <span>{route}: largest dose (mg)</span>
                    <NumberCell
                      label={`${d.name} ${route} largest dose (mg)`}
                      value={range.maxMg || undefined}
                      disabled={!editable}
                      error={err(`${path}.maxMg`)}
                      onChange={(v) => setRanges(d.id, { ...ranges, [route]: { ...range, maxMg: v ?? 0 } })}
                    />
                  </div>
                  {editable && allowed.length > 1 && (
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => {
                        const { [route]: _gone, ...rest } = ranges;
                        setRanges(d.id, rest);
                      }}
                    >
                      Refuse {route}
                    </button>
                  )}
                </div>
              );
            })}
            {editable && refused.length > 0 && (
              <div className="protocol-row">
                <label>
                  <span>Allow {d.name.toLowerCase()} by</span>{' '}
                  <select
                    value={picked}
                    onChange={(e) => setChoice({ ...choice, [d.id]: e.target.value as Route | '' })}
                  >
                    <option value="">choose a route</option>
                    {refused.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                </label>{' '}
                <button
                  type="button"
                  disabled={picked === ''}
                  onClick={() => {
                    if (picked === '') return;
                    // No largest dose yet: the server refuses the save until one is entered.
                    setRanges(d.id, { ...ranges, [picked]: { maxMg: 0 } });
                    setChoice({ ...choice, [d.id]: '' });
                  }}
                >
                  Allow route
                </button>
              </div>
            )}
          </fieldset>
        );
      })}
    </section>
  );
}
