import { admissionIdInput, correctAdministrationInput, recordAdministrationInput } from '@detox/shared';
import { correctAdministration, listAdministrations, recordAdministration } from '../services/administrations.js';
import { authedProcedure, clinicianProcedure, router } from '../trpc.js';

export const medicationsRouter = router({
  record: clinicianProcedure.input(recordAdministrationInput).mutation(async ({ ctx, input }) => {
    const saved = await recordAdministration(ctx.db, ctx.actor, input);
    ctx.events.publish({ unitId: saved.unitId, admissionId: saved.admissionId, kind: 'administration', at: new Date().toISOString() });
    return { id: saved.id, warnings: saved.warnings };
  }),
  correct: clinicianProcedure.input(correctAdministrationInput).mutation(async ({ ctx, input }) => {
    const saved = await correctAdministration(ctx.db, ctx.actor, input);
    ctx.events.publish({ unitId: saved.unitId, admissionId: saved.admissionId, kind: 'administration', at: new Date().toISOString() });
    return { id: saved.id, correctedId: saved.correctedId, status: saved.status };
  }),
  list: authedProcedure.input(admissionIdInput).query(({ ctx, input }) => listAdministrations(ctx.db, ctx.actor, input.admissionId)),
});
