import { existsSync } from 'node:fs';
import path from 'node:path';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import express, { type Express } from 'express';
import { type Kysely, sql } from 'kysely';
import { SESSION_COOKIE, readCookie } from './auth/session-token.js';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { originCheck } from './http/origin-check.js';
import { type Logger, createLogger, logTrpcError, requestIdOf, requestLog } from './http/request-log.js';
import { securityHeaders } from './http/security-headers.js';
import { downloadRoutes } from './reports/download-routes.js';
import { appRouter } from './routers/_app.js';
import { userForSession } from './services/auth.js';
import type { Context } from './trpc.js';
import type { UnitEvents } from './unit-events.js';

export const MAX_BODY_BYTES = 1024 * 1024;

export interface AppDeps {
  db: Kysely<Database>;
  events: UnitEvents;
  config: Config;
  /** Defaults to a logger at LOG_LEVEL (request-log.ts). */
  logger?: Logger;
}

export function createApp({ db, events, config, logger = createLogger() }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Behind a reverse proxy the client address comes from X-Forwarded-For; on loopback it is direct.
  app.set('trust proxy', 'loopback');

  // First: every request gets an id and a log line, refused ones included.
  app.use(requestLog(logger));
  app.use(securityHeaders({ https: config.cookieSecure }));
  // Before any body is read: a write another site made the browser send is refused unread.
  app.use(originCheck((req, reason) => logger.warn({ reqId: requestIdOf(req), reason }, 'cross-site request refused')));

  // Patient data must not linger in browser or proxy caches (a shared bedside tablet).
  app.use(['/trpc', '/reports', '/exports'], (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  app.get('/healthz', async (_req, res) => {
    try {
      await sql`select 1`.execute(db);
      res.status(200).json({ ok: true });
    } catch {
      res.status(503).json({ ok: false, message: 'database unreachable' });
    }
  });

  app.use(
    '/trpc',
    createExpressMiddleware({
      router: appRouter,
      maxBodySize: MAX_BODY_BYTES,
      async createContext({ req, res }): Promise<Context> {
        const token = readCookie(req.headers.cookie, SESSION_COOKIE) ?? null;
        const user = token ? await userForSession(db, config.sessionPolicy, token) : null;
        return {
          db,
          events,
          policy: config.sessionPolicy,
          user,
          sessionToken: token,
          address: req.ip ?? req.socket.remoteAddress ?? 'unknown',
          setCookie: (value) => res.append('Set-Cookie', value),
          cookieSecure: config.cookieSecure,
        };
      },
      onError({ error, path, req }) {
        logTrpcError(logger, { error, path, req });
      },
    }),
  );

  // Report downloads and the FHIR export: plain HTTP with the session cookie (api.md, downloads).
  app.use(downloadRoutes(db, config.sessionPolicy));

  const index = path.join(config.clientDist, 'index.html');
  if (existsSync(index)) {
    app.use(express.static(config.clientDist, { index: false, maxAge: '1h' }));
    // Client-side routes (/patients/12) load the app shell.
    app.get('/{*splat}', (_req, res) => res.sendFile(index));
  }
  return app;
}
