import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../../trpc.js';
import { OrderForm } from './order-form.js';
import { orderTerms, orderTitle } from './order-text.js';
import type { ChartingOrder } from './order-types.js';

interface Props {
  admissionId: number;
  role: 'nurse' | 'physician';
  onChoose: (order: ChartingOrder) => void;
}

/**
 * A dose is charted against an order: the patient's active orders to choose from, and when the one
 * needed is not there, the way to get it (a nurse enters the physician's verbal order, a physician
 * writes one) without leaving the form.
 */
export function OrderChoice({ admissionId, role, onChoose }: Props) {
  const trpc = useTRPC();
  const orders = useQuery(trpc.orders.list.queryOptions({ admissionId }));
  const [getting, setGetting] = useState(false);
  const active = (orders.data ?? []).filter((o) => o.status === 'active');
  const getLabel = role === 'nurse' ? 'Enter a verbal order' : 'Write an order';

  if (getting) {
    return (
      <section className="order-getting" aria-labelledby="get-order-title">
        <h3 id="get-order-title">{getLabel}</h3>
        <OrderForm
          admissionId={admissionId}
          mode={role === 'nurse' ? 'verbal' : 'written'}
          embedded
          onDone={(saved) => {
            setGetting(false);
            if (saved) onChoose(saved);
          }}
        />
      </section>
    );
  }
  return (
    <fieldset className="order-choice">
      <legend>Which order is this dose for?</legend>
      {orders.error && <p className="error">{orders.error.message}</p>}
      {orders.data && active.length === 0 && (
        <p>This patient has no active medication order. A dose is only charted against an order.</p>
      )}
      <ul className="order-choice-list">
        {active.map((o) => (
          <li key={o.id}>
            <button
              type="button"
              className="order-choice-button"
              onClick={() =>
                onChoose({
                  orderId: o.id,
                  drug: o.drug,
                  doseMg: o.doseMg,
                  doseMaxMg: o.doseMaxMg,
                  route: o.route,
                  kind: o.kind,
                })
              }
            >
              <strong>{orderTitle(o)}</strong>
              <span className="small muted">{orderTerms(o).join(' · ')}</span>
              {o.needsCountersign && <span className="flag-countersign">awaiting countersignature</span>}
            </button>
          </li>
        ))}
      </ul>
      <p className="order-choice-missing">
        {role === 'nurse'
          ? 'No order for this dose? Ask the physician, and enter their verbal or telephone order: '
          : 'No order for this dose? '}
        <button type="button" className="button" onClick={() => setGetting(true)}>
          {getLabel}
        </button>
      </p>
    </fieldset>
  );
}
