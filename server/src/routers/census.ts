import { unitIdInput } from '@detox/shared';
import { censusBoard } from '../services/census.js';
import { authedProcedure, router } from '../trpc.js';

export const censusRouter = router({
  board: authedProcedure
    .input(unitIdInput)
    .query(({ ctx, input }) => censusBoard(ctx.db, ctx.actor, input.unitId, new Date(), ctx.boardRows)),
});
