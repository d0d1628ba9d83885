import type { Request } from 'express';
import type { Kysely } from 'kysely';
import { SESSION_COOKIE, readCookie } from '../auth/session-token.js';
import type { Database } from '../db/database.js';
import type { Actor } from '../services/actor.js';
import type { SessionPolicy } from '../auth/session-policy.js';
import { type SessionUser, userForSession } from '../services/auth.js';

/**
 * The one session lookup (issue 14, item 1): tRPC's context (queries, mutations and the event
 * streams) and the download routes all resolve the cookie here, so they cannot drift. A missing,
 * malformed, unknown, ended, idle or expired cookie is no session: the caller answers 401.
 */
export interface ResolvedSession {
  /** The cookie's token, when one was sent (a login ends the session it names). */
  token: string | null;
  user: SessionUser | null;
}

/** The client's address: the connection's, or X-Forwarded-For's only behind a trusted proxy (app.ts). */
export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

export async function resolveSession(
  db: Kysely<Database>,
  policy: SessionPolicy,
  req: Request,
): Promise<ResolvedSession> {
  const token = readCookie(req.headers.cookie, SESSION_COOKIE) ?? null;
  const user = token ? await userForSession(db, policy, token) : null;
  return { token, user };
}

export function actorFor(user: SessionUser, req: Request): Actor {
  return { id: user.id, name: user.name, role: user.role, address: clientAddress(req), unitIds: user.unitIds };
}
