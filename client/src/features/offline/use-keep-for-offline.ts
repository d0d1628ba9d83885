import { skipToken, useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../trpc.js';

/**
 * Reads, while online, what the offline dose check needs beyond the patient page's own data (the
 * unit's protocol), so it is in the kept cache when the Wi-Fi goes (query-persistence.ts).
 */
export function useKeepForOffline(unitId: number | undefined): void {
  const trpc = useTRPC();
  useQuery(trpc.protocol.get.queryOptions(unitId === undefined ? skipToken : { unitId }, { staleTime: 5 * 60_000 }));
}
