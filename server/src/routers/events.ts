import { unitEventsInput } from '@detox/shared';
import { TRPCError } from '@trpc/server';
import { sessionIdOf } from '../auth/session-token.js';
import { Refusal } from '../services/errors.js';
import { getUnit } from '../services/units.js';
import { authedProcedure, refusalAsTRPCError, router } from '../trpc.js';

const SESSION_ENDED = 'Your session has ended; log in again to keep receiving live updates';

export const eventsRouter = router({
  /**
   * Server-sent events: one message each time a record on the unit changes, while the session lives.
   * With `since` (when the screen's data was read), first what changed after it, or a 'resync'.
   */
  unit: authedProcedure.input(unitEventsInput).subscription(async function* ({ ctx, input, signal }) {
    // A refusal inside the stream bypasses the refusals middleware: turn it into its tRPC code here,
    // so an unknown unit is a 404 event rather than an internal error.
    try {
      await getUnit(ctx.db, input.unitId);
    } catch (error) {
      if (error instanceof Refusal) throw refusalAsTRPCError(error);
      throw error;
    }
    const token = ctx.sessionToken;
    if (!token) throw new TRPCError({ code: 'UNAUTHORIZED', message: SESSION_ENDED });

    // The stream ends with the session (issue 11, item 5): at once on logout, deactivation or
    // "end sessions" (on every instance, through UnitEvents' relay), and within a few seconds on
    // idle or age expiry (the session is checked in the shared database, with every other open
    // stream's: events/stream-sessions.ts).
    const ended = new AbortController();
    const stop = () => ended.abort();
    signal?.addEventListener('abort', stop);
    const unsubscribe = ctx.events.onSessionEnd(sessionIdOf(token), ctx.user.id, stop);
    const unwatch = ctx.streamSessions.watch(sessionIdOf(token), stop);
    try {
      yield* input.since === undefined
        ? ctx.events.stream(input.unitId, ended.signal)
        : ctx.events.streamSince(input.unitId, Date.parse(input.since), ended.signal);
    } finally {
      unwatch();
      unsubscribe();
      signal?.removeEventListener('abort', stop);
    }
    // The client learns why, and does not reconnect with a dead cookie.
    if (!signal?.aborted) throw new TRPCError({ code: 'UNAUTHORIZED', message: SESSION_ENDED });
  }),
});
