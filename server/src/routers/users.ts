import { createUserInput, deactivateUserInput, endSessionsInput } from '@detox/shared';
import { createUser, deactivateUser, endUserSessions, listUsers } from '../services/users.js';
import { requireRole, router } from '../trpc.js';

/** User management: admins only. */
const adminProcedure = requireRole('admin');

export const usersRouter = router({
  list: adminProcedure.query(({ ctx }) => listUsers(ctx.db, ctx.actor, ctx.policy)),
  create: adminProcedure.input(createUserInput).mutation(({ ctx, input }) => createUser(ctx.db, ctx.actor, input)),
  /** Ends every session of the user and refuses their logins from now on. */
  deactivate: adminProcedure.input(deactivateUserInput).mutation(({ ctx, input }) => deactivateUser(ctx.db, ctx.actor, ctx.policy, input)),
  endSessions: adminProcedure.input(endSessionsInput).mutation(({ ctx, input }) => endUserSessions(ctx.db, ctx.actor, ctx.policy, input)),
});
