import type { Server, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { isEventStreamRequest } from './event-stream-request.js';

/**
 * A graceful stop (issue 12, item 4). On SIGTERM an instance first says it is not ready
 * (/readyz 503) while still serving, so the load balancer moves new traffic away; then it stops
 * accepting connections, ends its event streams with a reconnect hint (the browser reconnects,
 * through the balancer, to an instance that is up), lets the requests in flight finish, and exits.
 */
export class Lifecycle {
  draining = false;
  readonly #streams = new Set<ServerResponse>();

  /** Event streams open now (for /metrics). */
  get openStreams(): number {
    return this.#streams.size;
  }

  /** Remembers open event streams (tRPC subscriptions over server-sent events) to end them on drain. */
  trackStreams(): RequestHandler {
    return (req, res, next) => {
      if (isEventStreamRequest(req)) {
        this.#streams.add(res);
        res.once('close', () => this.#streams.delete(res));
      }
      next();
    };
  }

  /**
   * Stops the server: not ready at once, then after `delayMs` no new connections, streams ended,
   * in-flight requests finished (or cut after `timeoutMs`).
   */
  async drain(server: Server, { delayMs, timeoutMs }: { delayMs: number; timeoutMs: number }): Promise<void> {
    this.draining = true;
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const res of this.#streams) {
      // An SSE "retry" field between two events, then the connection closes: the browser's EventSource
      // reconnects after 500 ms, through the balancer, to another instance. tRPC sees its client leave.
      if (!res.writableEnded) res.write('retry: 500\n\n');
      res.socket?.destroySoon();
    }
    // Keep-alive connections become idle as their last response finishes; close them as they do.
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    const deadline = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeoutMs).unref());
    try {
      if ((await Promise.race([closed, deadline])) === 'timeout') server.closeAllConnections();
    } finally {
      clearInterval(sweep);
    }
  }
}

/** GET /readyz: 200 while this instance takes traffic, 503 once it is stopping or its database is gone. */
export function readinessRoute(lifecycle: Lifecycle, databaseReachable: () => Promise<boolean>): RequestHandler {
  return async (_req, res) => {
    if (lifecycle.draining) {
      res.status(503).json({ ready: false, message: 'stopping: send new requests to another instance' });
      return;
    }
    if (!(await databaseReachable())) {
      res.status(503).json({ ready: false, message: 'database unreachable' });
      return;
    }
    res.status(200).json({ ready: true });
  };
}
