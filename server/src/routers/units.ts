import { listUnits } from '../services/units.js';
import { authedProcedure, router } from '../trpc.js';

export const unitsRouter = router({
  list: authedProcedure.query(({ ctx }) => listUnits(ctx.db)),
});
