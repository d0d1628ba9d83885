import { loginInput } from '@detox/shared';
import { clearedSessionCookie, sessionCookie, sessionIdOf } from '../auth/session-token.js';
import { endSessionToken, login, logout } from '../services/auth.js';
import { assignedUnitIds } from '../services/unit-scope.js';
import { publicProcedure, router, sessionProcedure } from '../trpc.js';

export const authRouter = router({
  login: publicProcedure.input(loginInput).mutation(async ({ ctx, input }) => {
    const { token, user } = await login(ctx.db, ctx.policy, { ...input, address: ctx.address });
    // A login always starts a new session: whatever session the browser held before ends now, so a
    // planted or shared cookie cannot ride along (session fixation, ASVS V7).
    if (ctx.sessionToken) {
      await endSessionToken(ctx.db, ctx.sessionToken);
      ctx.events.endSession({ sessionId: sessionIdOf(ctx.sessionToken) });
    }
    ctx.setCookie(sessionCookie(token, { secure: ctx.cookieSecure }));
    return { user: { id: user.id, name: user.name, role: user.role } };
  }),
  logout: sessionProcedure.mutation(async ({ ctx }) => {
    if (ctx.sessionToken) {
      await logout(ctx.db, ctx.actor, ctx.sessionToken);
      ctx.events.endSession({ sessionId: sessionIdOf(ctx.sessionToken) });
    }
    ctx.setCookie(clearedSessionCookie({ secure: ctx.cookieSecure }));
    return { ok: true as const };
  }),
  /**
   * Who is logged in, or null: the app's first question on every load. Unlike `me` it answers 200 to
   * nobody, so the login page loads without a 401 in the browser's console.
   */
  session: publicProcedure.query(({ ctx }) =>
    ctx.user ? { id: ctx.user.id, name: ctx.user.name, role: ctx.user.role } : null,
  ),
  // The idle limit lets the client lock its screen when the server is about to end the session.
  me: sessionProcedure.query(async ({ ctx }) => ({
    id: ctx.user.id,
    name: ctx.user.name,
    role: ctx.user.role,
    username: ctx.user.username,
    sessionIdleMinutes: ctx.policy.idleMinutes,
    /** The units this user is assigned to (lists and charting are limited to them). */
    unitIds: await assignedUnitIds(ctx.db, ctx.user.id),
  })),
});
