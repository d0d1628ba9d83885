import { acknowledgeAlertInput, admissionIdInput } from '@detox/shared';
import { acknowledgeAlert, listAlerts } from '../services/alerts.js';
import { authedProcedure, requireRole, router } from '../trpc.js';

export const alertsRouter = router({
  list: authedProcedure
    .input(admissionIdInput)
    .query(({ ctx, input }) => listAlerts(ctx.db, ctx.actor, input.admissionId)),
  /** A physician has seen the alert and acted; it leaves the board but stays in the record. */
  acknowledge: requireRole('physician')
    .input(acknowledgeAlertInput)
    .mutation(async ({ ctx, input }) => {
      const result = await acknowledgeAlert(ctx.db, ctx.actor, input);
      ctx.events.publish({
        unitId: result.unitId,
        admissionId: result.admissionId,
        kind: 'alert',
        at: new Date().toISOString(),
      });
      return { ok: true as const };
    }),
});
