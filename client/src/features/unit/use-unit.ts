import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../trpc.js';

/** Unit names, zones and beds change rarely. */
export const UNITS_STALE_MS = 5 * 60_000;

/** The unit this device works on: the one chosen before, else the first. */
export function useCurrentUnit() {
  const trpc = useTRPC();
  const units = useQuery(trpc.units.list.queryOptions(undefined, { staleTime: UNITS_STALE_MS }));
  const unit = units.data ? currentUnitOf(units.data) : undefined;
  return { unit, units: units.data ?? [], isPending: units.isPending, error: units.error };
}

/** Of the units a user may see, the one chosen on this device before, else the first (also used before the first render: first-load.ts). */
export function currentUnitOf<U extends { id: number }>(units: readonly U[]): U | undefined {
  const chosen = Number(localStorage.getItem('detox.unitId'));
  return units.find((u) => u.id === chosen) ?? units[0];
}

export function chooseUnit(unitId: number) {
  localStorage.setItem('detox.unitId', String(unitId));
}

/** The unit of an admission (for its time zone), once units are loaded. */
export function useUnitById(unitId: number | undefined) {
  const trpc = useTRPC();
  const units = useQuery(trpc.units.list.queryOptions(undefined, { staleTime: UNITS_STALE_MS }));
  return units.data?.find((u) => u.id === unitId);
}
