import { UNIT_CHOICE_COOKIE, unitChosenOf } from '@detox/shared';
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

const CHOSEN_UNIT_KEY = 'detox.unitId';

/** Of the units a user may see, the one chosen on this device before, else the first (also used before the first render: first-load.ts). */
export function currentUnitOf<U extends { id: number }>(units: readonly U[]): U | undefined {
  return unitChosenOf(units, localStorage.getItem(CHOSEN_UNIT_KEY));
}

export function chooseUnit(unitId: number) {
  localStorage.setItem(CHOSEN_UNIT_KEY, String(unitId));
  tellServerTheUnit(String(unitId));
}

/**
 * The server sends the board's data with the page for the unit this device works on
 * (server/src/http/board-preload.ts), so the choice is in a cookie too. Called on each load, for a
 * device that chose its unit before the cookie existed: a preload for another unit would be fetched
 * for nothing. What was last told is noted in localStorage, which the page reads in microseconds:
 * reading document.cookie asks the browser's network process, which on a phone cost the first load
 * several milliseconds before the first render.
 */
export function tellServerTheUnitChosen() {
  const chosen = localStorage.getItem(CHOSEN_UNIT_KEY);
  if (chosen !== null && localStorage.getItem(TOLD_UNIT_KEY) !== chosen) tellServerTheUnit(chosen);
}

/** The unit last written to the cookie (tellServerTheUnitChosen). */
const TOLD_UNIT_KEY = 'detox.unitIdInCookie';

function tellServerTheUnit(unitId: string) {
  // A preference, not a secret: readable by the page; a year, like the choice in localStorage.
  // biome-ignore lint/suspicious/noDocumentCookie: one plain cookie; the Cookie Store API is not in every browser the units use.
  document.cookie = `${UNIT_CHOICE_COOKIE}=${encodeURIComponent(unitId)}; Path=/; Max-Age=31536000; SameSite=Strict`;
  localStorage.setItem(TOLD_UNIT_KEY, unitId);
}

/** The unit of an admission (for its time zone), once units are loaded. */
export function useUnitById(unitId: number | undefined) {
  const trpc = useTRPC();
  const units = useQuery(trpc.units.list.queryOptions(undefined, { staleTime: UNITS_STALE_MS }));
  return units.data?.find((u) => u.id === unitId);
}
