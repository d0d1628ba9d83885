import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Kysely } from 'kysely';
import { SESSION_COOKIE, readCookie } from '../auth/session-token.js';
import type { Database } from '../db/database.js';
import type { Actor } from '../services/actor.js';
import { type SessionPolicy, userForSession } from '../services/auth.js';

/**
 * Downloads are plain links (a browser opens them with the session cookie), so they sit outside
 * tRPC; this is the tRPC context's session lookup (app.ts createContext, services/auth.ts) as an
 * Express middleware. No session: 401 with a JSON message, as the API answers.
 */
export function requireSession(db: Kysely<Database>, policy: SessionPolicy): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      let token: string | undefined;
      try {
        token = readCookie(req.headers.cookie, SESSION_COOKIE);
      } catch {
        token = undefined; // a malformed cookie is no session
      }
      const user = token ? await userForSession(db, policy, token) : null;
      if (!user) {
        res.status(401).json({ error: { code: 'UNAUTHORIZED', httpStatus: 401, message: 'You are not logged in, or your session has ended; log in again', issues: [] } });
        return;
      }
      const actor: Actor = { id: user.id, name: user.name, role: user.role, address: req.ip ?? req.socket.remoteAddress ?? 'unknown' };
      res.locals.actor = actor;
      next();
    } catch (error) {
      next(error);
    }
  };
}

/** The logged-in actor that requireSession put on the response. */
export function actorOf(res: Response): Actor {
  const actor = res.locals.actor as Actor | undefined;
  if (!actor) throw new Error('actorOf called on a route without requireSession');
  return actor;
}
