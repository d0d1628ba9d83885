import './orders.css';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatUnitTime } from '../../lib/unit-time.js';
import { navigate, useTitle } from '../../router.js';
import { useTRPC } from '../../trpc.js';
import { useUnitById } from '../unit/use-unit.js';
import { orderTerms, orderTitle } from './order-text.js';
import type { AwaitingCountersign } from './order-types.js';

/** The physician's list of verbal and telephone orders they gave, waiting for their signature. */
export function CountersignPage() {
  const trpc = useTRPC();
  useTitle('Orders to countersign');
  const waiting = useQuery({ ...trpc.orders.awaitingCountersign.queryOptions(), refetchInterval: 60_000 });
  return (
    <section className="card" aria-labelledby="countersign-title">
      <h1 id="countersign-title">Orders to countersign</h1>
      <p className="muted">
        Verbal and telephone orders you gave, entered by a nurse after reading them back. They are active already; your
        signature confirms them.
      </p>
      {waiting.error && <p className="error">{waiting.error.message}</p>}
      {waiting.data && waiting.data.length === 0 && <p>Nothing waiting for your countersignature.</p>}
      {waiting.data && waiting.data.length > 0 && (
        <ul className="order-list" aria-label="Orders awaiting your countersignature">
          {waiting.data.map((o) => (
            <WaitingOrder key={o.id} order={o} />
          ))}
        </ul>
      )}
    </section>
  );
}

function WaitingOrder({ order }: { order: AwaitingCountersign }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const zone = useUnitById(order.unitId)?.timeZone ?? 'UTC';
  const sign = useMutation(
    trpc.orders.countersign.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.orders.pathFilter()),
    }),
  );
  return (
    <li className="order-item order-unsigned">
      <div className="order-item-head">
        <span className="bed-tag">Bed {order.bed}</span>
        <a
          href={`/admissions/${order.admissionId}`}
          onClick={(e) => {
            e.preventDefault();
            navigate(`/admissions/${order.admissionId}`);
          }}
        >
          {order.patientName}
        </a>
        <strong className="order-item-title">{orderTitle(order)}</strong>
        <span className={`order-status order-status-${order.status}`}>{order.status}</span>
      </div>
      <p className="small order-terms">{orderTerms(order).join(' · ')}</p>
      <p className="small muted">
        {order.channel === 'telephone' ? 'Telephone' : 'Verbal'} order entered by {order.enteredBy.name},{' '}
        {formatUnitTime(order.recordedAt, zone)}
        {order.readBack ? ', read back' : ''}
      </p>
      {sign.error && <p className="field-error">{sign.error.message}</p>}
      <button
        type="button"
        className="button small primary"
        onClick={() => sign.mutate({ orderId: order.id })}
        disabled={sign.isPending}
        aria-label={`Countersign ${orderTitle(order)} for ${order.patientName}`}
      >
        Countersign
      </button>
    </li>
  );
}
