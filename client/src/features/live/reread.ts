import type { InvalidateQueryFilters, QueryClient } from '@tanstack/react-query';
import type { useTRPC } from '../../trpc.js';

/** What changed on a unit: some patients' records, or (a resync, a reconnection) anything on it. */
export type Changed = Set<number> | 'unit';

/**
 * Marks what a change touches as stale; the open screen refetches what it shows, each query once
 * however many patients changed.
 */
export function reread(queryClient: QueryClient, trpc: ReturnType<typeof useTRPC>, changed: Changed): void {
  const stale = (filter: InvalidateQueryFilters) => void queryClient.invalidateQueries(filter);
  stale(trpc.census.pathFilter());
  stale(trpc.admissions.list.pathFilter());
  stale(trpc.orders.awaitingCountersign.pathFilter());
  if (changed === 'unit') {
    stale(trpc.assessments.list.pathFilter());
    stale(trpc.medications.list.pathFilter());
    stale(trpc.orders.due.pathFilter());
    stale(trpc.orders.list.pathFilter());
    stale(trpc.timeline.get.pathFilter());
    stale(trpc.alerts.list.pathFilter());
    return;
  }
  for (const admissionId of changed) {
    stale(trpc.assessments.list.queryFilter({ admissionId }));
    stale(trpc.medications.list.queryFilter({ admissionId }));
    // Orders, doses and scores all change what is due and eligible (the MAR and the board's column).
    stale(trpc.orders.due.queryFilter({ admissionId }));
    stale(trpc.orders.list.queryFilter({ admissionId }));
    stale(trpc.timeline.get.queryFilter({ admissionId }));
    // A COWS after a first buprenorphine dose can raise an alert; acknowledging one closes it.
    stale(trpc.alerts.list.queryFilter({ admissionId }));
  }
}
