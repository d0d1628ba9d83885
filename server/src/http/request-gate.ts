import type { Request, RequestHandler } from 'express';
import { isEventStreamRequest } from './event-stream-request.js';

/**
 * At most `limit` API calls (queries and mutations) are worked on at once; the rest wait their turn
 * in arrival order (issue 16). A call takes the database several times (its session, its reads, its
 * audit row), and each time it queued behind every call that had arrived since it began: with a
 * hundred calls in progress, each one's every query waited for a hundred others, so every call was
 * as slow as the slowest moment, and a short stall left a backlog that grew faster than it drained.
 * On the hospital bench on PostgreSQL, three runs of four went that way (p99 7 to 10 s, calls timing
 * out); with 12 or 24 at a time, six runs of six held (p99 87 to 393 ms, no error). A call let in
 * runs to its answer at the speed of an unloaded server, and one that has to wait waits once, at the
 * door.
 *
 * Event streams are not counted: they stay open for hours and do their work when an event comes.
 * A call whose client hangs up while it waits leaves the line without being worked on.
 */
export function requestGate(limit: number): RequestHandler & { waiting(): number } {
  if (!Number.isInteger(limit) || limit < 1)
    throw new Error(`The request gate needs a limit of 1 or more; got ${limit}`);
  let working = 0;
  const line: { req: Request; start: () => void }[] = [];

  const letNextIn = () => {
    working--;
    // Clients that hung up while they waited are passed over.
    while (working < limit && line.length > 0) {
      const next = line.shift();
      if (next && !next.req.socket.destroyed) {
        working++;
        next.start();
      }
    }
  };

  const gate: RequestHandler = (req, res, next) => {
    if (isEventStreamRequest(req)) {
      next();
      return;
    }
    const start = () => {
      let done = false;
      const finished = () => {
        if (done) return;
        done = true;
        letNextIn();
      };
      // 'close' also comes when the client goes away before the answer is sent.
      res.once('finish', finished);
      res.once('close', finished);
      next();
    };
    if (working < limit) {
      working++;
      start();
    } else line.push({ req, start });
  };
  // For /metrics: calls waiting for their turn, not those whose clients gave up.
  return Object.assign(gate, { waiting: () => line.filter((w) => !w.req.socket.destroyed).length });
}

/** How many API calls are worked on at once unless REQUEST_CONCURRENCY says otherwise. */
export const DEFAULT_REQUEST_CONCURRENCY = 24;
