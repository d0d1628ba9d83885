import type { orderSetAdjustment } from '@detox/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { z } from 'zod';
import { useTRPC } from '../../trpc.js';
import { orderTerms, orderTitle } from './order-text.js';
import type { OrderSetView } from './order-types.js';

interface Props {
  admissionId: number;
  unitId: number;
  onDone: () => void;
}

/** As sent: the note is optional on the wire. */
type OrderSetAdjustment = z.input<typeof orderSetAdjustment>;

interface LineEdit {
  include: boolean;
  dose: string;
  doseMax: string;
  max24h: string;
}

function editsOf(set: OrderSetView): LineEdit[] {
  return set.orders.map((o) => ({
    include: true,
    dose: String(o.doseMg),
    doseMax: o.doseMaxMg === undefined ? '' : String(o.doseMaxMg),
    max24h: o.maxPer24hMg === undefined ? '' : String(o.maxPer24hMg),
  }));
}

/** Only what the physician changed is sent; the server checks each adjusted line like an order of its own. */
function adjustmentsOf(set: OrderSetView, edits: LineEdit[]): OrderSetAdjustment[] {
  const out: OrderSetAdjustment[] = [];
  set.orders.forEach((o, line) => {
    const e = edits[line];
    if (!e) return;
    if (!e.include) {
      out.push({ line, omit: true });
      return;
    }
    const adj: OrderSetAdjustment = { line };
    if (Number(e.dose) !== o.doseMg) adj.doseMg = Number(e.dose);
    if (o.doseMaxMg !== undefined && Number(e.doseMax) !== o.doseMaxMg)
      adj.doseMaxMg = e.doseMax.trim() === '' ? null : Number(e.doseMax);
    if (o.maxPer24hMg !== undefined && Number(e.max24h) !== o.maxPer24hMg)
      adj.maxPer24hMg = e.max24h.trim() === '' ? null : Number(e.max24h);
    if (Object.keys(adj).length > 1) out.push(adj);
  });
  return out;
}

/** The unit's order set applied to an admission in one step, doses adjustable before signing. */
export function OrderSetForm({ admissionId, unitId, onDone }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sets = useQuery(trpc.orderSets.list.queryOptions({ unitId }, { staleTime: 5 * 60_000 }));
  const [setId, setSetId] = useState<number | null>(null);
  const [edits, setEdits] = useState<LineEdit[]>([]);
  const apply = useMutation(
    trpc.orderSets.applySet.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.orders.pathFilter());
        onDone();
      },
    }),
  );
  const chosen = sets.data?.find((s) => s.id === setId);
  const choose = (set: OrderSetView) => {
    setSetId(set.id);
    setEdits(editsOf(set));
    apply.reset();
  };
  const edit = (line: number, change: Partial<LineEdit>) =>
    setEdits((prev) => prev.map((e, i) => (i === line ? { ...e, ...change } : e)));
  const count = edits.filter((e) => e.include).length;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!chosen || count === 0) return;
    const adjustments = adjustmentsOf(chosen, edits);
    apply.mutate({ admissionId, setId: chosen.id, adjustments: adjustments.length ? adjustments : undefined });
  }

  return (
    <form className="order-set-form" onSubmit={submit} aria-label="Apply an order set">
      {sets.error && <p className="error">{sets.error.message}</p>}
      <fieldset className="order-set-choice">
        <legend>Order set</legend>
        {sets.data?.map((s) => (
          <label key={s.id} className={`choice order-set-option${setId === s.id ? ' selected' : ''}`}>
            <input type="radio" name="orderSet" value={s.id} checked={setId === s.id} onChange={() => choose(s)} />
            <span>
              <strong>{s.name}</strong>
              <span className="small order-set-description">{s.description}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {chosen && (
        <ul className="order-set-lines" aria-label={`Orders in ${chosen.name}`}>
          {chosen.orders.map((o, line) => {
            const e = edits[line];
            if (!e) return null;
            const title = orderTitle({ ...o, doseMaxMg: o.doseMaxMg ?? null });
            return (
              <li key={`${o.drug}-${line}`} className={`order-set-line${e.include ? '' : ' omitted'}`}>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={e.include}
                    onChange={(ev) => edit(line, { include: ev.target.checked })}
                  />
                  <span>
                    {title}
                    <span className="small muted order-terms">
                      {' '}
                      {orderTerms({ ...o, doseMaxMg: o.doseMaxMg ?? null }).join(' · ')}
                    </span>
                  </span>
                </label>
                {e.include && (
                  <div className="order-set-adjust">
                    <label className="field compact">
                      <span>
                        Dose (mg)<span className="visually-hidden"> of {title}</span>
                      </span>
                      <input
                        type="number"
                        step="any"
                        min="0"
                        inputMode="decimal"
                        value={e.dose}
                        onChange={(ev) => edit(line, { dose: ev.target.value })}
                      />
                    </label>
                    {o.doseMaxMg !== undefined && (
                      <label className="field compact">
                        <span>
                          Up to (mg)<span className="visually-hidden"> of {title}</span>
                        </span>
                        <input
                          type="number"
                          step="any"
                          min="0"
                          inputMode="decimal"
                          value={e.doseMax}
                          onChange={(ev) => edit(line, { doseMax: ev.target.value })}
                        />
                      </label>
                    )}
                    {o.maxPer24hMg !== undefined && (
                      <label className="field compact">
                        <span>
                          Max in 24 h (mg)<span className="visually-hidden"> of {title}</span>
                        </span>
                        <input
                          type="number"
                          step="any"
                          min="0"
                          inputMode="decimal"
                          value={e.max24h}
                          onChange={(ev) => edit(line, { max24h: ev.target.value })}
                        />
                      </label>
                    )}
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {apply.error && (
        <p className="error" role="alert">
          {apply.error.message}
        </p>
      )}
      <div className="form-footer">
        <p className="save-blockers" aria-live="polite">
          {!chosen
            ? 'To sign: choose an order set.'
            : count === 0
              ? 'To sign: include at least one order.'
              : `${count} orders will be signed in your name.`}
        </p>
        <button type="button" className="button ghost" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="button primary" disabled={!chosen || count === 0 || apply.isPending}>
          {apply.isPending ? 'Signing…' : `Sign ${count} orders`}
        </button>
      </div>
    </form>
  );
}
