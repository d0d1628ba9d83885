import { existsSync } from 'node:fs';
import path from 'node:path';
import type { TRPCError } from '@trpc/server';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import express, { type Express } from 'express';
import { type Kysely, sql } from 'kysely';
import type { Config } from './config.js';
import { countAuditRows } from './db/audit-rows-off-loop.js';
import type { DatabaseUse } from './db/connect.js';
import type { Database } from './db/database.js';
import { isPostgres } from './db/dialect.js';
import { MAX_BATCH_CALLS, batchGuard } from './http/batch-guard.js';
import { requestGate } from './http/request-gate.js';
import { boardPreload } from './http/board-preload.js';
import { clientFiles } from './http/client-files.js';
import { notFound, unhandledError } from './http/error-answers.js';
import { Lifecycle, readinessRoute } from './http/graceful-shutdown.js';
import { hostCheck } from './http/host-check.js';
import { type Metrics, createMetrics, metricsRoute } from './http/metrics.js';
import { originCheck } from './http/origin-check.js';
import { type Logger, createLogger, logTrpcError, requestIdOf, requestLog } from './http/request-log.js';
import { securityHeaders } from './http/security-headers.js';
import { clientAddress, resolveSession } from './http/session.js';
import { downloadRoutes } from './http/downloads.js';
import { answerJsonCalls } from './http/json-calls.js';
import { unitEventStreams } from './http/unit-event-stream.js';
import { appRouter } from './routers/_app.js';
import { procedureAliases } from './http/procedure-aliases.js';
import { type Context, auditDenied } from './trpc.js';
import { StreamSessions } from './events/stream-sessions.js';
import type { UnitEvents } from './events/unit-events.js';
import { auditSealerOf } from './services/audit.js';
import { liveSessionIds } from './services/auth.js';
import { KeptByAdmission } from './services/kept-by-admission.js';
import { Renewals } from './services/renewals.js';
import type { BoardRows } from './services/census.js';
import type { Timelines } from './services/timeline.js';

export const MAX_BODY_BYTES = 1024 * 1024;

export interface AppDeps {
  db: Kysely<Database>;
  /** Where the kept views' renewals read (connect.ts, `background`); defaults to `db`. */
  backgroundDb?: Kysely<Database>;
  events: UnitEvents;
  config: Config;
  /** Defaults to a logger at LOG_LEVEL (request-log.ts). */
  logger?: Logger;
  /** Defaults to a fresh registry; served at /metrics when METRICS_TOKEN is set. */
  metrics?: Metrics;
  /** Readiness and the event streams to end on a graceful stop (main.ts drains it on SIGTERM). */
  lifecycle?: Lifecycle;
  /** The database connection's load, for /metrics (connect.ts). */
  databaseUse?: () => DatabaseUse;
  /** The audit trail's rows, for /metrics; defaults to count(*) on `db` (main.ts counts off the event loop). */
  countAuditRows?: () => Promise<number>;
}

export function createApp({
  db,
  backgroundDb,
  events,
  config,
  logger = createLogger(),
  metrics = createMetrics(Object.keys(appRouter._def.procedures)),
  lifecycle = new Lifecycle(),
  databaseUse,
  countAuditRows: auditRowsOf = () => countAuditRows(db),
}: AppDeps): Express {
  const app = express();
  // Views kept between reads until their patient's record changes (services/kept-by-admission.ts).
  // Renewed in the background before they run out, one at a time (services/renewals.ts).
  const renewals = new Renewals(
    (error) => logger.warn({ err: error }, 'a kept view could not be renewed'),
    () => lifecycle.draining,
    backgroundDb,
  );
  const boardRows: BoardRows = new KeptByAdmission(renewals);
  const timelines: Timelines = new KeptByAdmission(renewals);
  events.onChange((event) => {
    boardRows.changed(event);
    timelines.changed(event);
  });
  const streamSessions = new StreamSessions((ids) => liveSessionIds(db, config.sessionPolicy, ids));
  app.disable('x-powered-by');
  // X-Forwarded-For (and -Host, -Proto) is believed only from the proxies listed in TRUSTED_PROXIES;
  // otherwise anyone could choose the address the login throttle and the audit trail see.
  app.set('trust proxy', config.trustedProxies.length > 0 ? config.trustedProxies : false);

  // First: every request gets an id and a log line, refused ones included.
  app.use(requestLog(logger, (path, status, seconds) => metrics.observe(path, status, seconds)));
  app.use(securityHeaders({ https: config.cookieSecure }));
  app.use(hostCheck(config.publicOrigin));
  // Before any body is read: a write another site made the browser send is refused unread, and audited.
  app.use(
    originCheck((req, reason) => {
      logger.warn({ reqId: requestIdOf(req), reason }, 'cross-site request refused');
      void auditDenied(db, { id: null, role: null, address: clientAddress(req) }, 'cross-site-request', null);
    }),
  );

  // Patient data must not linger in browser or proxy caches (a shared bedside tablet).
  app.use(['/trpc', '/reports', '/exports'], (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    // tRPC sets "no-cache" on event streams; no-store holds there too.
    const setHeader = res.setHeader.bind(res);
    res.setHeader = (name: string, value: number | string | readonly string[]) =>
      setHeader(name, name.toLowerCase() === 'cache-control' ? 'no-store' : value);
    next();
  });

  const gate = requestGate(config.requestConcurrency);
  metrics.watch({
    openEventStreams: () => lifecycle.openStreams,
    callsWaiting: gate.waiting,
    databaseUse,
    auditChainLength: auditRowsOf,
    ...(isPostgres(db) ? { auditSealCalls: () => auditSealerOf(db).calls } : {}),
  });
  app.get('/metrics', metricsRoute(metrics, config.metricsToken));

  const databaseReachable = async () => {
    try {
      await sql`select 1`.execute(db);
      return true;
    } catch {
      return false;
    }
  };
  // Alive (restart me if not) versus ready (send me traffic): a stopping instance is alive, not ready.
  app.get('/healthz', async (_req, res) => {
    if (await databaseReachable()) res.status(200).json({ ok: true });
    else res.status(503).json({ ok: false, message: 'database unreachable' });
  });
  app.get('/readyz', readinessRoute(lifecycle, databaseReachable));

  const createContext = async ({ req, res }: { req: express.Request; res: express.Response }): Promise<Context> => {
    const { token, user } = await resolveSession(db, config.sessionPolicy, req);
    return {
      db,
      events,
      streamSessions,
      boardRows,
      timelines,
      policy: config.sessionPolicy,
      user,
      sessionToken: token,
      address: clientAddress(req),
      setCookie: (value) => res.append('Set-Cookie', value),
      cookieSecure: config.cookieSecure,
      observeProcedure: metrics.observeProcedure,
    };
  };
  const onError = ({ error, path, req }: { error: TRPCError; path: string | undefined; req: express.Request }) => {
    logTrpcError(logger, { error, path, req });
    metrics.procedureFailed(path, error.code);
  };
  const trpcOptions = { router: appRouter, maxBodySize: MAX_BODY_BYTES, maxBatchSize: MAX_BATCH_CALLS };
  app.use(
    '/trpc',
    lifecycle.trackStreams(),
    procedureAliases(),
    batchGuard(),
    gate,
    unitEventStreams({
      db,
      policy: config.sessionPolicy,
      sources: { events, streamSessions },
      onError,
      observeProcedure: metrics.observeProcedure,
    }),
    answerJsonCalls({ ...trpcOptions, createContext, onError }),
    createExpressMiddleware({ ...trpcOptions, createContext, onError }),
  );

  // Report downloads and the FHIR export: plain HTTP with the session cookie (api.md, downloads).
  app.use(downloadRoutes(db, config.sessionPolicy));

  const index = path.join(config.clientDist, 'index.html');
  if (existsSync(index)) {
    // Source maps would hand out the client's source: only outside production.
    if (!config.serveSourceMaps)
      app.get(/\.map$/, (_req, res) => void res.status(404).json({ error: { message: 'Not found' } }));
    // Precompressed files, immutable hashed assets, and index.html for client-side routes (/admissions/12).
    const preloads = boardPreload(db, config.sessionPolicy, config.clientDist);
    app.use(
      clientFiles(config.clientDist, (req) =>
        // Without its preloads the page still loads, as it did before them: its own requests show any error.
        preloads(req).catch((error: unknown) => {
          logger.warn({ reqId: requestIdOf(req), err: error }, 'the page was sent without its preloads');
          return '';
        }),
      ),
    );
  }
  // Nothing else matched, or an error no route answered: plain JSON, never Express's page (which names
  // the server's paths); the cause goes to the log with the request id.
  app.use(notFound);
  app.use(unhandledError(logger));
  return app;
}
