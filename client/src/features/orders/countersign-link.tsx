import './orders.css';
import { useQuery } from '@tanstack/react-query';
import { navigate } from '../../router.js';
import { useTRPC } from '../../trpc.js';

/** In a physician's top bar: the verbal and telephone orders waiting for their countersignature, counted. */
export function CountersignLink({ current }: { current: boolean }) {
  const trpc = useTRPC();
  const waiting = useQuery({ ...trpc.orders.awaitingCountersign.queryOptions(), refetchInterval: 60_000 });
  const count = waiting.data?.length ?? 0;
  return (
    <a
      href="/countersign"
      aria-current={current ? 'page' : undefined}
      className={count > 0 ? 'countersign-link waiting' : 'countersign-link'}
      onClick={(e) => {
        e.preventDefault();
        navigate('/countersign');
      }}
    >
      To countersign <span className="count-badge">{count}</span>
    </a>
  );
}
