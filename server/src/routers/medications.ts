import {
  admissionIdInput,
  checkAdministrationInput,
  correctAdministrationInput,
  recordAdministrationInput,
} from '@detox/shared';
import {
  correctAdministration,
  listAdministrations,
  previewAdministration,
  recordAdministration,
} from '../services/administrations.js';
import { authedProcedure, clinicianProcedure, router } from '../trpc.js';

export const medicationsRouter = router({
  /** The warnings a dose would meet, as the nurse types; writes nothing. */
  check: clinicianProcedure
    .input(checkAdministrationInput)
    .query(({ ctx, input }) => previewAdministration(ctx.db, input)),
  record: clinicianProcedure.input(recordAdministrationInput).mutation(async ({ ctx, input }) => {
    const saved = await recordAdministration(ctx.db, ctx.actor, input);
    ctx.events.publish({
      unitId: saved.unitId,
      admissionId: saved.admissionId,
      kind: 'administration',
      at: new Date().toISOString(),
    });
    return { id: saved.id, warnings: saved.warnings, givenOffline: saved.givenOffline };
  }),
  correct: clinicianProcedure.input(correctAdministrationInput).mutation(async ({ ctx, input }) => {
    const saved = await correctAdministration(ctx.db, ctx.actor, input);
    ctx.events.publish({
      unitId: saved.unitId,
      admissionId: saved.admissionId,
      kind: 'administration',
      at: new Date().toISOString(),
    });
    return { id: saved.id, correctedId: saved.correctedId, status: saved.status };
  }),
  list: authedProcedure
    .input(admissionIdInput)
    .query(({ ctx, input }) => listAdministrations(ctx.db, ctx.actor, input.admissionId)),
});
