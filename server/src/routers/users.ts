import {
  clearLoginLockInput,
  createUserInput,
  deactivateUserInput,
  endSessionsInput,
  setUserUnitsInput,
} from '@detox/shared';
import { createUser, deactivateUser, endUserSessions, listUsers } from '../services/users.js';
import { clearLoginLock, recentlyThrottledUsernames, setUserUnits, unitIdsByUser } from '../services/user-access.js';
import { requireRole, router } from '../trpc.js';

/** User management: admins only. */
const adminProcedure = requireRole('admin');

export const usersRouter = router({
  list: adminProcedure.query(async ({ ctx }) => {
    const users = await listUsers(ctx.db, ctx.actor, ctx.policy);
    const units = await unitIdsByUser(ctx.db);
    const throttled = await recentlyThrottledUsernames(
      ctx.db,
      new Date(Date.now() - ctx.policy.failureWindowMinutes * 60_000).toISOString(),
    );
    return users.map((u) => ({ ...u, unitIds: units.get(u.id) ?? [], loginThrottled: throttled.has(u.username) }));
  }),
  create: adminProcedure.input(createUserInput).mutation(({ ctx, input }) => createUser(ctx.db, ctx.actor, input)),
  /** Ends every session of the user and refuses their logins from now on. */
  deactivate: adminProcedure.input(deactivateUserInput).mutation(async ({ ctx, input }) => {
    const result = await deactivateUser(ctx.db, ctx.actor, ctx.policy, input);
    ctx.events.endSession({ userId: input.userId });
    return result;
  }),
  endSessions: adminProcedure.input(endSessionsInput).mutation(async ({ ctx, input }) => {
    const result = await endUserSessions(ctx.db, ctx.actor, ctx.policy, input);
    ctx.events.endSession({ userId: input.userId });
    return result;
  }),
  /** The units the person sees and charts on. */
  setUnits: adminProcedure
    .input(setUserUnitsInput)
    .mutation(({ ctx, input }) => setUserUnits(ctx.db, ctx.actor, input)),
  /** After failed logins: the person may try again at once, from any device. */
  clearLoginLock: adminProcedure
    .input(clearLoginLockInput)
    .mutation(({ ctx, input }) => clearLoginLock(ctx.db, ctx.actor, input)),
});
