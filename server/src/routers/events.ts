import { unitEventsInput } from '@detox/shared';
import { TRPCError } from '@trpc/server';
import { SESSION_ENDED, unitStreamMessages } from '../events/unit-stream.js';
import { Refusal } from '../services/errors.js';
import { getUnit } from '../services/units.js';
import { authedProcedure, refusalAsTRPCError, router } from '../trpc.js';

export const eventsRouter = router({
  /**
   * Server-sent events: one message each time a record on the unit changes, while the session lives.
   * With `since` (when the screen's data was read), first what changed after it, or a 'resync'.
   * The server answers an open stream itself (http/unit-event-stream.ts) in tRPC's format; this
   * procedure is the contract's, and answers every refusal.
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
    const left = signal ?? new AbortController().signal;
    yield* unitStreamMessages(ctx, { token, userId: ctx.user.id }, input, left);
    // The client learns why, and does not reconnect with a dead cookie.
    if (!left.aborted) throw new TRPCError({ code: 'UNAUTHORIZED', message: SESSION_ENDED });
  }),
});
