import { unitIdInput } from '@detox/shared';
import { getUnit } from '../services/units.js';
import { authedProcedure, router } from '../trpc.js';

export const eventsRouter = router({
  /** Server-sent events: one message each time a record on the unit changes. */
  unit: authedProcedure.input(unitIdInput).subscription(async function* ({ ctx, input, signal }) {
    await getUnit(ctx.db, input.unitId);
    yield* ctx.events.stream(input.unitId, signal);
  }),
});
