import { setTaperPlanInput } from '@detox/shared';
import { setTaperPlan } from '../services/taper-plans.js';
import { requireRole, router } from '../trpc.js';

export const taperPlansRouter = router({
  set: requireRole('physician')
    .input(setTaperPlanInput)
    .mutation(async ({ ctx, input }) => {
      const saved = await setTaperPlan(ctx.db, ctx.actor, input);
      ctx.events.publish({
        unitId: saved.unitId,
        admissionId: input.admissionId,
        kind: 'taper-plan',
        at: new Date().toISOString(),
      });
      return { id: saved.id, startDate: saved.startDate, supersedesId: saved.supersedesId };
    }),
});
