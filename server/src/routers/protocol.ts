import { unitIdInput, updateProtocolInput } from '@detox/shared';
import { currentProtocol, protocolHistory, updateProtocol } from '../services/protocol.js';
import { getUnit } from '../services/units.js';
import { authedProcedure, requireRole, router } from '../trpc.js';

export const protocolRouter = router({
  get: authedProcedure.input(unitIdInput).query(async ({ ctx, input }) => {
    await getUnit(ctx.db, input.unitId);
    return currentProtocol(ctx.db, input.unitId);
  }),
  history: authedProcedure.input(unitIdInput).query(({ ctx, input }) => protocolHistory(ctx.db, input.unitId)),
  update: requireRole('physician', 'admin')
    .input(updateProtocolInput)
    .mutation(({ ctx, input }) => updateProtocol(ctx.db, ctx.actor, input)),
});
