import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { type Logger, pino } from 'pino';

export type { Logger };

/**
 * Structured logs (JSON lines on stdout, pino). What a line may hold is narrow on purpose: request
 * id, method, path, status, duration, and for a failed procedure its tRPC code. Never a body, never
 * a query string (tRPC queries carry their input there: admission ids, MRNs, shift times), never a
 * cookie: patient data and session tokens stay out of the logs.
 */

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
type LogLevel = (typeof LEVELS)[number];

/** LOG_LEVEL from the environment (default "info"); the API tests run with "warn" to stay quiet. */
export function createLogger(env: NodeJS.ProcessEnv = process.env): Logger {
  const level = env.LOG_LEVEL?.trim().toLowerCase() || 'info';
  if (!(LEVELS as readonly string[]).includes(level)) {
    throw new Error(`LOG_LEVEL must be one of ${LEVELS.join(', ')}; got "${env.LOG_LEVEL}"`);
  }
  // Asynchronous writes: lines that pile up while one write is in flight go out together, instead of
  // a blocking write(2) per request on the event loop. pino flushes what is left when the process exits.
  return pino(
    { level: level as LogLevel, timestamp: pino.stdTimeFunctions.isoTime },
    pino.destination({ dest: 1, sync: false }),
  );
}

interface RequestNote {
  id: string;
  /** tRPC error codes of the procedures in this request (a batch can fail in several). */
  trpcCodes: string[];
}

const notes = new WeakMap<IncomingMessage, RequestNote>();

/** An id a load balancer already gave the request is kept, so one request is one id across hops. */
const FORWARDED_ID = /^[A-Za-z0-9._:-]{8,128}$/;
const MAX_LOGGED_PATH = 300;

export function requestIdOf(req: IncomingMessage): string | undefined {
  return notes.get(req)?.id;
}

/** The path only: everything from "?" on is dropped (queries carry patient inputs). */
export function loggablePath(url: string): string {
  const path = url.split('?', 1)[0] ?? '';
  return path.length > MAX_LOGGED_PATH ? `${path.slice(0, MAX_LOGGED_PATH)}…` : path;
}

/** One line per request when its response is finished (or the client went away first). */
export function requestLog(
  logger: Logger,
  onFinished?: (path: string, status: number, seconds: number) => void,
): RequestHandler {
  return (req, res, next) => {
    const forwarded = req.get('x-request-id');
    const id = forwarded && FORWARDED_ID.test(forwarded) ? forwarded : randomUUID();
    const note: RequestNote = { id, trpcCodes: [] };
    notes.set(req, note);
    res.setHeader('X-Request-Id', id);
    const started = process.hrtime.bigint();
    res.once('close', () => {
      const nanoseconds = Number(process.hrtime.bigint() - started);
      const path = loggablePath(req.originalUrl);
      onFinished?.(path, res.statusCode, nanoseconds / 1e9);
      const line = {
        reqId: id,
        method: req.method,
        path,
        status: res.statusCode,
        durationMs: Math.round(nanoseconds / 1e5) / 10,
        ...(note.trpcCodes.length ? { trpcCodes: note.trpcCodes } : {}),
        // An event stream ends this way, and so does a browser that gave up waiting.
        ...(res.writableFinished ? {} : { closedByClient: true }),
      };
      if (res.statusCode >= 500) logger.error(line, 'request');
      else logger.info(line, 'request');
    });
    next();
  };
}

interface TrpcErrorEvent {
  error: { code: string; message: string; cause?: unknown; stack?: string; name: string };
  path: string | undefined;
  req: IncomingMessage;
}

/**
 * tRPC's onError: the code goes onto the request's line; an unexpected failure also gets a line of
 * its own with the procedure and the stack. Not the input, and not the error object as a whole (a
 * database driver's error can carry the offending values in extra fields).
 */
export function logTrpcError(logger: Logger, { error, path, req }: TrpcErrorEvent): void {
  notes.get(req)?.trpcCodes.push(error.code);
  if (error.code !== 'INTERNAL_SERVER_ERROR') return;
  const cause = error.cause instanceof Error ? error.cause : error;
  logger.error(
    {
      reqId: requestIdOf(req),
      code: error.code,
      procedure: path ?? null,
      err: { type: cause.name, message: cause.message, stack: cause.stack },
    },
    'procedure failed',
  );
}
