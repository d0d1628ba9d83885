import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTRPC } from '../../trpc.js';
import { orderTitle } from './order-text.js';
import type { OrderView } from './order-types.js';

/** Discontinuing is a new fact with a reason; the order stays listed, marked discontinued. */
export function DiscontinueForm({ order, onDone }: { order: OrderView; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const discontinue = useMutation(
    trpc.orders.discontinue.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.orders.pathFilter());
        onDone();
      },
    }),
  );
  const short = reason.trim().length < 3;
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!short) discontinue.mutate({ orderId: order.id, reason: reason.trim() });
  }
  return (
    <form className="inline-form" onSubmit={submit} aria-label={`Discontinue ${orderTitle(order)}`}>
      <label className="field compact grow">
        <span>Why is {orderTitle(order)} discontinued?</span>
        <input
          name="reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          minLength={3}
          maxLength={500}
          autoFocus
        />
        {discontinue.error && <span className="field-error">{discontinue.error.message}</span>}
        {short && <span className="muted small">Say why, in at least 3 characters.</span>}
      </label>
      <button type="submit" className="button danger" disabled={discontinue.isPending || short}>
        Discontinue order
      </button>
      <button type="button" className="button ghost" onClick={onDone}>
        Cancel
      </button>
    </form>
  );
}
