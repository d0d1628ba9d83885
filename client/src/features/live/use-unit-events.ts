import { skipToken, useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useTRPC } from '../../trpc.js';

/**
 * Keeps open screens current: when anyone records on the unit, the board and patient screens
 * refetch (events carry ids, never clinical values).
 */
export function useUnitEvents(unitId: number | undefined) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useSubscription(
    trpc.events.unit.subscriptionOptions(unitId === undefined ? skipToken : { unitId }, {
      onData: (event) => {
        void queryClient.invalidateQueries(trpc.census.pathFilter());
        void queryClient.invalidateQueries(trpc.admissions.list.pathFilter());
        void queryClient.invalidateQueries(trpc.assessments.list.queryFilter({ admissionId: event.admissionId }));
        void queryClient.invalidateQueries(trpc.medications.list.queryFilter({ admissionId: event.admissionId }));
        // Orders, doses and scores all change what is due and eligible (the MAR and the board's column).
        void queryClient.invalidateQueries(trpc.orders.due.queryFilter({ admissionId: event.admissionId }));
        void queryClient.invalidateQueries(trpc.orders.list.queryFilter({ admissionId: event.admissionId }));
        void queryClient.invalidateQueries(trpc.orders.awaitingCountersign.pathFilter());
        void queryClient.invalidateQueries(trpc.timeline.get.queryFilter({ admissionId: event.admissionId }));
        // A COWS after a first buprenorphine dose can raise an alert; acknowledging one closes it.
        void queryClient.invalidateQueries(trpc.alerts.list.queryFilter({ admissionId: event.admissionId }));
      },
    }),
  );
}
