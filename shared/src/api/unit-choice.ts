// Its own file, with no schema beside it: the app's first script imports it, and a module of zod
// schemas would bring zod into the login page.
/**
 * The unit this device works on, kept by the client in a cookie (as well as in its own storage) so
 * that the server, sending the page, can send the board's data for that unit with it
 * (server/src/http/board-preload.ts). Only a preference: the server checks it against the units the
 * user may see, and falls back to the first, as the client does.
 */
export const UNIT_CHOICE_COOKIE = 'detox_unit';

/**
 * Of the units a user may see, the one this device chose (its id, as stored: any value), else the
 * first. The app opens that unit's board, and the server preloads the same one: one rule for both.
 */
export function unitChosenOf<U extends { id: number }>(units: readonly U[], chosenId: unknown): U | undefined {
  const chosen = Number(chosenId);
  return units.find((u) => u.id === chosen) ?? units[0];
}
