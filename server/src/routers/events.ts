import { unitIdInput } from '@detox/shared';
import { Refusal } from '../services/errors.js';
import { getUnit } from '../services/units.js';
import { authedProcedure, refusalAsTRPCError, router } from '../trpc.js';

export const eventsRouter = router({
  /** Server-sent events: one message each time a record on the unit changes. */
  unit: authedProcedure.input(unitIdInput).subscription(async function* ({ ctx, input, signal }) {
    // A refusal inside the stream bypasses the refusals middleware: turn it into its tRPC code here,
    // so an unknown unit is a 404 event rather than an internal error.
    try {
      await getUnit(ctx.db, input.unitId);
    } catch (error) {
      if (error instanceof Refusal) throw refusalAsTRPCError(error);
      throw error;
    }
    yield* ctx.events.stream(input.unitId, signal);
  }),
});
