import type { AppRouter } from '@detox/server';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { screenFor } from './app-screens.js';
import { restoreQueries } from './features/offline/query-persistence.js';
import { failureOf } from './features/offline/send-failure.js';
import { serverReach } from './features/offline/server-reach.js';
import { currentUnitOf, tellServerTheUnitChosen } from './features/unit/use-unit.js';
import { nextTask } from './lib/next-task.js';
import { matchRoute } from './router.js';
import { queryClient, trpcClient } from './trpc.js';

/** "Anyone logged in?" and "who?": asked once a minute at most; a 401 is an answer, not a blip. */
export const SESSION_QUERY = { retry: false, staleTime: 60_000 } as const;

const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });

/**
 * Starts the first screen's data before React renders, as early and as parallel as the answers
 * allow. Rendered in turn, the board waited for: the session, then who is logged in and the board's
 * code, then the units, then the board. Here the session (index.html preloads it with the page)
 * answers who is logged in and their units too, so the board is asked for as soon as it answers,
 * alongside the screen's code (opened at /, the page the server sent has already asked for both:
 * server/src/http/board-preload.ts). The components' own queries then find the answers already here
 * or on their way (the same query keys and options), so nothing is fetched twice. Nothing is asked
 * before the session says someone is logged in: the login page gets no 401s.
 *
 * Resolves when the first screen can be drawn whole: the session has answered and, for someone
 * logged in, the screen's code (and on the board, the board) has arrived or failed. It never
 * rejects: the screens ask again and show the error in their own words. A session question that gets
 * no answer opens the page on what the tablet kept, as offline.
 */
export function startFirstLoad(path: string): Promise<void> {
  const route = matchRoute(path);
  tellServerTheUnitChosen();
  return queryClient
    .fetchQuery(trpc.auth.session.queryOptions(undefined, SESSION_QUERY))
    .then(async (session) => {
      if (!session) return;
      const { units, ...me } = session;
      queryClient.setQueryData(trpc.auth.me.queryKey(), me);
      queryClient.setQueryData(trpc.units.list.queryKey(), units);
      const unit = currentUnitOf(units);
      // An admin's home is the users page (app.tsx): no board to fetch.
      const data =
        route.name === 'unit' && session.role !== 'admin' && unit
          ? // Sent before the app renders (a batched call would wait behind that render).
            queryClient.prefetchQuery(
              trpc.census.board.queryOptions({ unitId: unit.id }, { trpc: { context: { sendNow: true } } }),
            )
          : undefined;
      // The screen's code is asked for in the next task: on a phone, each request costs milliseconds to send.
      await nextTask();
      const code = screenFor(path)?.preload();
      await Promise.allSettled([code, data]);
    })
    .catch(async (error) => {
      // No answer at all, though the browser may say it is online: open on the last answers read on
      // this tablet, as offline, and read everything again once the server answers (server-reach.ts).
      if (failureOf(error) !== 'unreachable') return;
      serverReach.lost(() => void queryClient.invalidateQueries());
      await restoreQueries(queryClient);
    });
}
