import type { ErrorRequestHandler, RequestHandler } from 'express';
import { type Logger, requestIdOf } from './request-log.js';

/**
 * The last two handlers of the app (issue 12, item 1). Express's own answers are an HTML page that, in
 * development, shows the stack trace and the server's absolute paths; these answer in plain JSON words
 * instead, whatever NODE_ENV says, and put the cause in the log under the request's id.
 */

/** Nothing matched the address. */
export const notFound: RequestHandler = (_req, res) => void res.status(404).json({ error: { message: 'Not found' } });

/** An error no route answered: a 4xx an Express layer raised keeps its status, anything else is a 500. */
export function unhandledError(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const raised = (error as { status?: unknown } | null)?.status;
    const status = typeof raised === 'number' && raised >= 400 && raised < 600 ? raised : 500;
    const reqId = requestIdOf(req);
    if (status >= 500) logger.error({ reqId, err: error }, 'unhandled error');
    // Half an answer is already on the wire: cut it, so the client sees a failure, not a short file.
    if (res.headersSent) return void res.destroy();
    const message =
      status >= 500
        ? `Something went wrong on the server (request ${reqId ?? 'unknown'}); try again`
        : 'The request could not be read';
    res.status(status).json({ error: { message } });
  };
}
