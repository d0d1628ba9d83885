import { useQueryClient } from '@tanstack/react-query';
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
    trpc.events.unit.subscriptionOptions(
      { unitId: unitId ?? 0 },
      {
        enabled: unitId !== undefined,
        onData: (event) => {
          void queryClient.invalidateQueries(trpc.census.pathFilter());
          void queryClient.invalidateQueries(trpc.admissions.list.pathFilter());
          void queryClient.invalidateQueries(trpc.assessments.list.queryFilter({ admissionId: event.admissionId }));
          void queryClient.invalidateQueries(trpc.medications.list.queryFilter({ admissionId: event.admissionId }));
          void queryClient.invalidateQueries(trpc.timeline.get.queryFilter({ admissionId: event.admissionId }));
          // A COWS after a first buprenorphine dose can raise an alert; acknowledging one closes it.
          void queryClient.invalidateQueries(trpc.alerts.list.queryFilter({ admissionId: event.admissionId }));
        },
      },
    ),
  );
}
