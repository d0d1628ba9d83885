import { type CreateOrderInput, getDrug } from '@detox/shared';
import { skipToken, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { fieldErrorsOf } from '../../lib/server-errors.js';
import { useTRPC } from '../../trpc.js';
import {
  EMPTY_ORDER,
  type OrderDraft,
  type VerbalDetails,
  checkVerbalOrder,
  checkWrittenOrder,
} from './order-draft.js';
import { OrderFields } from './order-fields.js';
import type { ChartingOrder } from './order-types.js';

interface Props {
  admissionId: number;
  /** written: the physician's own order; verbal: a nurse enters a physician's verbal or telephone order. */
  mode: 'written' | 'verbal';
  initial?: Partial<OrderDraft>;
  /** Inside another form (the medication form's "get an order"): a group, since forms do not nest. */
  embedded?: boolean;
  onDone: (saved?: ChartingOrder) => void;
}

/**
 * One medication order. The shared schema judges it as it is typed (after the first Save), the
 * server's refusals land beside their fields. A verbal order names the physician who gave it and
 * is saved only once the nurse confirms reading it back.
 */
export function OrderForm({ admissionId, mode, initial, embedded = false, onDone }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const idPrefix = useId();
  const [draft, setDraft] = useState<OrderDraft>({ ...EMPTY_ORDER, ...initial });
  const [verbal, setVerbal] = useState<VerbalDetails>({ orderedBy: null, channel: 'verbal', readBack: false });
  const [attempted, setAttempted] = useState(false);
  const physicians = useQuery(
    trpc.orders.physicians.queryOptions(mode === 'verbal' ? undefined : skipToken, { staleTime: 5 * 60_000 }),
  );

  const saved = async (id: number, input: CreateOrderInput) => {
    await queryClient.invalidateQueries(trpc.orders.pathFilter());
    onDone({
      orderId: id,
      drug: input.drug,
      doseMg: input.doseMg,
      doseMaxMg: input.doseMaxMg ?? null,
      route: input.route,
      kind: input.kind,
    });
  };
  const create = useMutation(trpc.orders.create.mutationOptions());
  const enter = useMutation(trpc.orders.verbal.mutationOptions());
  const mutation = mode === 'verbal' ? enter : create;

  const checked =
    mode === 'verbal' ? checkVerbalOrder(admissionId, draft, verbal) : checkWrittenOrder(admissionId, draft);
  const server = fieldErrorsOf(mutation.error, () => true);
  const errors: Record<string, string> = { ...server.byPath, ...(attempted ? checked.errors : {}) };
  const physicianName = physicians.data?.find((p) => p.id === verbal.orderedBy)?.name;

  function submit(event?: FormEvent) {
    event?.preventDefault();
    setAttempted(true);
    if (mode === 'verbal') {
      const result = checkVerbalOrder(admissionId, draft, verbal);
      if (result.input) enter.mutate(result.input, { onSuccess: (r) => void saved(r.id, result.input) });
    } else {
      const result = checkWrittenOrder(admissionId, draft);
      if (result.input) create.mutate(result.input, { onSuccess: (r) => void saved(r.id, result.input) });
    }
  }

  const problems = attempted ? Object.values(checked.errors) : [];
  const title = mode === 'verbal' ? 'Enter a verbal order' : 'Write an order';
  const body = (
    <>
      {mode === 'verbal' && (
        <div className="form-grid">
          <label className={`field${errors.orderedBy ? ' has-error' : ''}`}>
            <span>Ordered by (physician)</span>
            <select
              name="orderedBy"
              value={verbal.orderedBy ?? ''}
              onChange={(e) =>
                setVerbal({ ...verbal, orderedBy: e.target.value ? Number(e.target.value) : null, readBack: false })
              }
            >
              <option value="">Choose the physician…</option>
              {physicians.data?.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
            {errors.orderedBy && <span className="field-error">{errors.orderedBy}</span>}
          </label>
          <fieldset className="status-choice">
            <legend>Given</legend>
            <div className="segmented">
              {(['verbal', 'telephone'] as const).map((c) => (
                <label key={c} className={`segment${verbal.channel === c ? ' selected' : ''}`}>
                  <input
                    type="radio"
                    name={`${idPrefix}-channel`}
                    value={c}
                    checked={verbal.channel === c}
                    onChange={() => setVerbal({ ...verbal, channel: c })}
                  />
                  {c === 'verbal' ? 'In person' : 'By telephone'}
                </label>
              ))}
            </div>
          </fieldset>
        </div>
      )}
      <OrderFields draft={draft} onChange={setDraft} errors={errors} idPrefix={idPrefix} />
      {mode === 'verbal' && (
        <label className={`checkbox read-back${errors.readBack ? ' has-error' : ''}`}>
          <input
            type="checkbox"
            name="readBack"
            checked={verbal.readBack}
            onChange={(e) => setVerbal({ ...verbal, readBack: e.target.checked })}
          />
          I read this order back to {physicianName ?? 'the physician'}
          {draft.drug ? ` (${getDrug(draft.drug).name} ${draft.dose || '?'} mg ${draft.route})` : ''} and they confirmed
          it
        </label>
      )}
      {errors.readBack && <p className="field-error">{errors.readBack}</p>}
      {mode === 'verbal' && (
        <p className="muted small">
          The order is active at once and marked “awaiting countersignature” until the physician signs it.
        </p>
      )}
      {server.general && (
        <p className="error" role="alert">
          {server.general}
        </p>
      )}
      <div className="form-footer">
        {problems.length > 0 && (
          <p className="save-blockers" role="status">
            To save: {problems.join('; ')}
          </p>
        )}
        <button type="button" className="button ghost" onClick={() => onDone()}>
          Cancel
        </button>
        <button
          type={embedded ? 'button' : 'submit'}
          className="button primary"
          disabled={mutation.isPending}
          onClick={embedded ? () => submit() : undefined}
        >
          {mutation.isPending ? 'Saving…' : mode === 'verbal' ? 'Save verbal order' : 'Sign order'}
        </button>
      </div>
    </>
  );
  return embedded ? (
    <fieldset className="order-form" aria-label={title}>
      {body}
    </fieldset>
  ) : (
    <form className="order-form" onSubmit={submit} aria-label={title} noValidate>
      {body}
    </form>
  );
}
