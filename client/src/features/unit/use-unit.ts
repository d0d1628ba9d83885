import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../trpc.js';

/** The unit this device works on: the one chosen before, else the first. */
export function useCurrentUnit() {
  const trpc = useTRPC();
  const units = useQuery(trpc.units.list.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  const chosen = Number(localStorage.getItem('detox.unitId'));
  const unit = units.data?.find((u) => u.id === chosen) ?? units.data?.[0];
  return { unit, units: units.data ?? [], isPending: units.isPending, error: units.error };
}

export function chooseUnit(unitId: number) {
  localStorage.setItem('detox.unitId', String(unitId));
}

/** The unit of an admission (for its time zone), once units are loaded. */
export function useUnitById(unitId: number | undefined) {
  const trpc = useTRPC();
  const units = useQuery(trpc.units.list.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  return units.data?.find((u) => u.id === unitId);
}
