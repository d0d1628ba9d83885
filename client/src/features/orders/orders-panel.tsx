import './orders.css';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../../trpc.js';
import { OrderForm } from './order-form.js';
import { OrderItem } from './order-item.js';
import { OrderSetForm } from './order-set-form.js';

interface Props {
  admissionId: number;
  unitId: number;
  zone: string;
  me: { id: number; role: string };
  /** The stay is open: orders may be written, entered, discontinued and countersigned. */
  open: boolean;
}

type Writing = 'none' | 'set' | 'order' | 'verbal';
const ORDER_RANK = { active: 0, completed: 1, discontinued: 2 } as const;

/**
 * The patient's orders: active first, then completed and discontinued ones, still listed and marked
 * with who, when and why. A physician applies the unit's order set, writes, discontinues and
 * countersigns; a nurse enters a physician's verbal or telephone order.
 */
export function OrdersPanel({ admissionId, unitId, zone, me, open }: Props) {
  const trpc = useTRPC();
  const orders = useQuery(trpc.orders.list.queryOptions({ admissionId }));
  const [writing, setWriting] = useState<Writing>('none');
  const physician = me.role === 'physician';
  const nurse = me.role === 'nurse';
  const list = [...(orders.data ?? [])].sort((a, b) => ORDER_RANK[a.status] - ORDER_RANK[b.status] || b.id - a.id);
  const unsigned = list.filter((o) => o.needsCountersign).length;
  const done = () => setWriting('none');

  return (
    <section className="card orders-panel" aria-labelledby="orders-title">
      <div className="mar-head">
        <h2 id="orders-title">Orders</h2>
        {orders.data && (
          <p className="muted small">
            {list.filter((o) => o.status === 'active').length} active
            {unsigned > 0 && ` · ${unsigned} awaiting countersignature`}
          </p>
        )}
      </div>
      {open && writing === 'none' && (physician || nurse) && (
        <div className="actions-bar">
          {physician && (
            <>
              <button type="button" className="button" onClick={() => setWriting('set')}>
                Apply order set
              </button>
              <button type="button" className="button" onClick={() => setWriting('order')}>
                Write an order
              </button>
            </>
          )}
          {nurse && (
            <button type="button" className="button" onClick={() => setWriting('verbal')}>
              Enter a verbal order
            </button>
          )}
        </div>
      )}
      {writing === 'set' && (
        <div className="orders-writing">
          <h3>Apply the unit’s order set</h3>
          <OrderSetForm admissionId={admissionId} unitId={unitId} onDone={done} />
        </div>
      )}
      {(writing === 'order' || writing === 'verbal') && (
        <div className="orders-writing">
          <h3>{writing === 'verbal' ? 'Enter a verbal or telephone order' : 'Write an order'}</h3>
          <OrderForm admissionId={admissionId} mode={writing === 'verbal' ? 'verbal' : 'written'} onDone={done} />
        </div>
      )}
      {orders.error && <p className="error">{orders.error.message}</p>}
      {orders.data && list.length === 0 && <p className="muted">No orders yet.</p>}
      {list.length > 0 && (
        <ul className="order-list" aria-label="Orders of this stay">
          {list.map((o) => (
            <OrderItem key={o.id} order={o} zone={zone} me={me} canAct={open} />
          ))}
        </ul>
      )}
    </section>
  );
}
