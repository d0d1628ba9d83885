import { admissionIdInput } from '@detox/shared';
import { getTimeline } from '../services/timeline.js';
import { authedProcedure, router } from '../trpc.js';

export const timelineRouter = router({
  get: authedProcedure
    .input(admissionIdInput)
    .query(({ ctx, input }) =>
      getTimeline(
        ctx.db,
        ctx.actor,
        input.admissionId,
        new Date(),
        ctx.timelines,
        ctx.admissionsRead.get(input.admissionId),
      ),
    ),
});
