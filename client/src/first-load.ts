import type { AppRouter } from '@detox/server';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { screenFor } from './app-screens.js';
import { UNITS_STALE_MS, currentUnitOf } from './features/unit/use-unit.js';
import { matchRoute } from './router.js';
import { queryClient, trpcClient } from './trpc.js';

/** "Anyone logged in?" and "who?": asked once a minute at most; a 401 is an answer, not a blip. */
export const SESSION_QUERY = { retry: false, staleTime: 60_000 } as const;

const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });

/**
 * Starts the first screen's data before React renders, as early and as parallel as the answers
 * allow. Rendered in turn, the board waited for: the session, then who is logged in and the board's
 * code, then the units, then the board. Here, once the session answers (index.html preloads it with
 * the page), who is logged in, the units and the screen's code are fetched together, and the board
 * as soon as the units say which unit it is. The components' own queries then find the answers
 * already here or on their way (the same query keys and options), so nothing is fetched twice.
 * Nothing is asked before the session says someone is logged in: the login page gets no 401s.
 */
export function startFirstLoad(path: string): void {
  const route = matchRoute(path);
  queryClient
    .fetchQuery(trpc.auth.session.queryOptions(undefined, SESSION_QUERY))
    .then(async (session) => {
      if (!session) return;
      void screenFor(path)?.preload();
      void queryClient.prefetchQuery(trpc.auth.me.queryOptions(undefined, SESSION_QUERY));
      // An admin's home is the users page (app.tsx): no board to fetch.
      if (route.name !== 'unit' || session.role === 'admin') return;
      const units = await queryClient.fetchQuery(
        trpc.units.list.queryOptions(undefined, { staleTime: UNITS_STALE_MS }),
      );
      const unit = currentUnitOf(units);
      if (unit) await queryClient.prefetchQuery(trpc.census.board.queryOptions({ unitId: unit.id }));
    })
    // The screens ask again and show the error in their own words.
    .catch(() => undefined);
}
