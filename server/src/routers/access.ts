import { breakGlassInput, emergencyListInput } from '@detox/shared';
import { TRPCError } from '@trpc/server';
import { breakGlass, listEmergencyAccess } from '../services/emergency-access.js';
import { auditDenied, requireRole, router, sessionProcedure } from '../trpc.js';

export const accessRouter = router({
  /**
   * Break-the-glass: not unit-scoped on purpose (it is how a clinician reaches beyond their units);
   * clinicians only, with a reason, for a limited time, audited and reviewed by the admins.
   */
  breakGlass: sessionProcedure.input(breakGlassInput).mutation(async ({ ctx, input }) => {
    // An admin manages users, not patients: emergency access is for clinicians.
    if (ctx.user.role === 'admin') {
      await auditDenied(ctx.db, ctx.actor, 'access.breakGlass', null);
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: 'Only a nurse or physician may do this; you are logged in as admin',
      });
    }
    return breakGlass(ctx.db, ctx.actor, input);
  }),
  /** The admins' review of emergency access: who, which unit and patient, why, when, and what they did. */
  emergencyList: requireRole('admin')
    .input(emergencyListInput)
    .query(({ ctx, input }) => listEmergencyAccess(ctx.db, ctx.actor, input)),
});
