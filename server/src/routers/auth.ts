import { loginInput } from '@detox/shared';
import type { Kysely } from 'kysely';
import type { SessionPolicy } from '../auth/session-policy.js';
import { clearedSessionCookie, sessionCookie, sessionIdOf } from '../auth/session-token.js';
import type { Database } from '../db/database.js';
import { type SessionUser, endSessionToken, login, logout } from '../services/auth.js';
import { assignedUnitIds } from '../services/unit-scope.js';
import { unitsVisibleTo } from '../services/units.js';
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
   * nobody, so the login page loads without a 401 in the browser's console. Logged in, it answers
   * what `me` and `units.list` would: the board then asks for its data right after this one answer,
   * not after two more round trips (the first load, issue 16).
   */
  session: publicProcedure.query(async ({ ctx }) => {
    if (!ctx.user) return null;
    const [me, units] = await Promise.all([whoIs(ctx.db, ctx.user, ctx.policy), unitsVisibleTo(ctx.db, ctx.user)]);
    return { ...me, units };
  }),
  // The idle limit lets the client lock its screen when the server is about to end the session.
  me: sessionProcedure.query(({ ctx }) => whoIs(ctx.db, ctx.user, ctx.policy)),
});

async function whoIs(db: Kysely<Database>, user: SessionUser, policy: SessionPolicy) {
  return {
    id: user.id,
    name: user.name,
    role: user.role,
    username: user.username,
    sessionIdleMinutes: policy.idleMinutes,
    /** The units this user is assigned to (lists and charting are limited to them). */
    unitIds: await assignedUnitIds(db, user),
  };
}
