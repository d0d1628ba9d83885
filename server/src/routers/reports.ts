import { shiftReportInput } from '@detox/shared';
import { buildShiftReport } from '../services/shift-report.js';
import { authedProcedure, router } from '../trpc.js';

export const reportsRouter = router({
  shift: authedProcedure.input(shiftReportInput).query(({ ctx, input }) => buildShiftReport(ctx.db, ctx.actor, input)),
});
