import { applyOrderSetInput, unitIdInput } from '@detox/shared';
import { applyOrderSet, listOrderSets } from '../services/order-sets.js';
import { authedProcedure, requireRole, router } from '../trpc.js';

export const orderSetsRouter = router({
  list: authedProcedure.input(unitIdInput).query(({ ctx, input }) => listOrderSets(ctx.db, ctx.actor, input.unitId)),
  /** The contract's orderSets.apply: tRPC reserves `apply`, so HTTP requests for it are served here (http/procedure-aliases.ts). */
  applySet: requireRole('physician')
    .input(applyOrderSetInput)
    .mutation(async ({ ctx, input }) => {
      const saved = await applyOrderSet(ctx.db, ctx.actor, input);
      ctx.events.publish({
        unitId: saved.unitId,
        admissionId: input.admissionId,
        kind: 'order',
        at: new Date().toISOString(),
      });
      return { ids: saved.ids };
    }),
});
