import { admissionIdInput, correctAssessmentInput, recordAssessmentInput } from '@detox/shared';
import { correctAssessment, listAssessments, recordAssessment } from '../services/assessments.js';
import { authedProcedure, clinicianProcedure, router } from '../trpc.js';

export const assessmentsRouter = router({
  record: clinicianProcedure.input(recordAssessmentInput).mutation(async ({ ctx, input }) => {
    const saved = await recordAssessment(ctx.db, ctx.actor, input);
    ctx.events.publish({
      unitId: saved.unitId,
      admissionId: saved.admissionId,
      kind: 'assessment',
      at: new Date().toISOString(),
    });
    return { id: saved.id, total: saved.total, severity: saved.severity };
  }),
  correct: clinicianProcedure.input(correctAssessmentInput).mutation(async ({ ctx, input }) => {
    const saved = await correctAssessment(ctx.db, ctx.actor, input);
    ctx.events.publish({
      unitId: saved.unitId,
      admissionId: saved.admissionId,
      kind: 'assessment',
      at: new Date().toISOString(),
    });
    return { id: saved.id, correctedId: saved.correctedId, status: saved.status };
  }),
  list: authedProcedure
    .input(admissionIdInput)
    .query(({ ctx, input }) => listAssessments(ctx.db, ctx.actor, input.admissionId)),
});
