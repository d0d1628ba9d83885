import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { actorFor, resolveSession } from './session.js';
import type { Actor } from '../services/actor.js';
import type { SessionPolicy } from '../auth/session-policy.js';

/**
 * Downloads are plain links (a browser opens them with the session cookie), so they sit outside
 * tRPC; the session comes from the same resolver as tRPC's context (http/session.ts). No session:
 * the route's error handler answers 401 in tRPC's error shape (downloads.ts).
 */
export class NoSession extends Error {}

export function requireSession(db: Kysely<Database>, policy: SessionPolicy): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const { user } = await resolveSession(db, policy, req);
      if (!user) {
        next(new NoSession());
        return;
      }
      res.locals.actor = actorFor(user, req);
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
