import { admissionIdInput, admitInput, dischargeInput, unitIdInput } from '@detox/shared';
import { admit, discharge, getAdmission, listOpenAdmissions } from '../services/admissions.js';
import { authedProcedure, clinicianProcedure, router } from '../trpc.js';

export const admissionsRouter = router({
  admit: clinicianProcedure.input(admitInput).mutation(async ({ ctx, input }) => {
    const result = await admit(ctx.db, ctx.actor, input);
    ctx.events.publish({
      unitId: input.unitId,
      admissionId: result.admissionId,
      kind: 'admission',
      at: new Date().toISOString(),
    });
    return result;
  }),
  get: authedProcedure.input(admissionIdInput).query(async ({ ctx, input }) => {
    // Taken before the read: the patient page's live stream asks for what changed after it
    // (events.unit `since`), and the page's other first reads go out in the same batch.
    const asOf = new Date().toISOString();
    return { ...(await getAdmission(ctx.db, ctx.actor, input.admissionId)), asOf };
  }),
  /** The patients currently on a unit, by bed (the census board adds scores and timers). */
  list: authedProcedure
    .input(unitIdInput)
    .query(({ ctx, input }) => listOpenAdmissions(ctx.db, ctx.actor, input.unitId)),
  discharge: clinicianProcedure.input(dischargeInput).mutation(async ({ ctx, input }) => {
    const result = await discharge(ctx.db, ctx.actor, input);
    const admission = await getAdmission(ctx.db, ctx.actor, input.admissionId);
    ctx.events.publish({
      unitId: admission.unitId,
      admissionId: admission.id,
      kind: 'admission',
      at: new Date().toISOString(),
    });
    return result;
  }),
});
