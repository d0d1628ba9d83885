import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatUnitTime } from '../../lib/unit-time.js';
import { useTRPC } from '../../trpc.js';
import { DiscontinueForm } from './discontinue-form.js';
import { orderTerms, orderTitle } from './order-text.js';
import type { OrderView } from './order-types.js';

interface Props {
  order: OrderView;
  zone: string;
  me: { id: number; role: string };
  canAct: boolean;
}

const STATUS_WORD = { active: 'Active', discontinued: 'Discontinued', completed: 'Completed' } as const;

/** One order as the physician and the nurse read it: terms, who ordered it and how, its state, what may be done. */
export function OrderItem({ order, zone, me, canAct }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [discontinuing, setDiscontinuing] = useState(false);
  const countersign = useMutation(
    trpc.orders.countersign.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.orders.pathFilter()),
    }),
  );
  const physician = me.role === 'physician';
  const verbal = order.channel !== 'written';
  const by = verbal
    ? `${order.channel === 'telephone' ? 'Telephone' : 'Verbal'} order from ${order.orderedBy.name}, entered by ${order.enteredBy.name}${order.readBack ? ', read back' : ''}`
    : `Ordered by ${order.orderedBy.name}`;

  return (
    <li
      className={`order-item order-${order.status}${order.needsCountersign ? ' order-unsigned' : ''}`}
      data-order-id={order.id}
    >
      <div className="order-item-head">
        <strong className="order-item-title">{orderTitle(order)}</strong>
        <span className={`order-status order-status-${order.status}`}>{STATUS_WORD[order.status]}</span>
        {order.needsCountersign && (
          <span className="flag-countersign">Awaiting countersignature by {order.orderedBy.name}</span>
        )}
      </div>
      {orderTerms(order).length > 0 && <p className="small order-terms">{orderTerms(order).join(' · ')}</p>}
      {order.note && <p className="small muted">Note: {order.note}</p>}
      <p className="small muted">
        {by}, {formatUnitTime(order.recordedAt, zone)}
        {order.countersigned &&
          ` · countersigned by ${order.countersigned.by.name}, ${formatUnitTime(order.countersigned.at, zone)}`}
      </p>
      {order.discontinued && (
        <p className="small order-discontinued-note">
          Discontinued {formatUnitTime(order.discontinued.at, zone)} by {order.discontinued.by.name}: “
          {order.discontinued.reason}”
        </p>
      )}
      {countersign.error && <p className="field-error">{countersign.error.message}</p>}
      {canAct && physician && (
        <div className="order-actions">
          {order.needsCountersign && order.orderedBy.id === me.id && (
            <button
              type="button"
              className="button small primary"
              onClick={() => countersign.mutate({ orderId: order.id })}
              disabled={countersign.isPending}
              aria-label={`Countersign ${orderTitle(order)}`}
            >
              Countersign
            </button>
          )}
          {order.status === 'active' && !discontinuing && (
            <button
              type="button"
              className="button small ghost"
              onClick={() => setDiscontinuing(true)}
              aria-label={`Discontinue ${orderTitle(order)}`}
            >
              Discontinue
            </button>
          )}
        </div>
      )}
      {discontinuing && <DiscontinueForm order={order} onDone={() => setDiscontinuing(false)} />}
    </li>
  );
}
