import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics (GET /metrics with `Authorization: Bearer $METRICS_TOKEN`): the process's own
 * (CPU, memory, event-loop delay as p50/p90/p99 since the last scrape) and each procedure's request
 * count and duration. Labels come from a fixed list of procedure names, never from the URL as sent,
 * so a client cannot grow the label set; no label carries an id, an input or a user.
 */
export interface Metrics {
  registry: Registry;
  /** Records one finished request (called from the request log). */
  observe(path: string, status: number, durationSeconds: number): void;
}

export function createMetrics(procedureNames: readonly string[]): Metrics {
  const registry = new Registry();
  // 5 ms resolution: the target is an event-loop delay p99 under 20 ms.
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 5 });
  const known = new Set(procedureNames);
  const duration = new Histogram({
    name: 'detox_http_request_duration_seconds',
    help: 'Time from a request arriving to its response finishing, by route and status class',
    labelNames: ['route', 'status'],
    buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'detox_http_server_errors_total',
    help: 'Responses with a 5xx status, by route',
    labelNames: ['route'],
    registers: [registry],
  });
  return {
    registry,
    observe(path, status, durationSeconds) {
      const route = routeOf(path, known);
      duration.observe({ route, status: `${Math.floor(status / 100)}xx` }, durationSeconds);
      if (status >= 500) errors.inc({ route });
    },
  };
}

/** "/trpc/census.board" → "census.board"; a batch or an unknown name → "trpc:batch" / "trpc:other". */
export function routeOf(path: string, known: ReadonlySet<string>): string {
  if (path.startsWith('/trpc/')) {
    const name = path.slice('/trpc/'.length);
    if (known.has(name)) return name;
    return name.includes(',') ? 'trpc:batch' : 'trpc:other';
  }
  if (path.startsWith('/reports/')) return 'reports';
  if (path.startsWith('/exports/')) return 'exports';
  if (path === '/healthz' || path === '/readyz' || path === '/metrics') return path.slice(1);
  return path.startsWith('/assets/') ? 'assets' : 'other';
}

/** GET /metrics: 404 when no token is configured, 401 without the right bearer token. */
export function metricsRoute(metrics: Metrics, token: string | undefined): RequestHandler {
  const expected = token === undefined ? undefined : Buffer.from(`Bearer ${token}`);
  return async (req, res) => {
    if (!expected) {
      res.status(404).json({ error: { message: 'Not found' } });
      return;
    }
    const sent = Buffer.from(req.get('authorization') ?? '');
    if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      res.status(401).json({ error: { message: 'Send the metrics token as "Authorization: Bearer <METRICS_TOKEN>"' } });
      return;
    }
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  };
}
