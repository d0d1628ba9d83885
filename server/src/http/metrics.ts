import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DatabaseUse } from '../db/connect.js';

/**
 * Prometheus metrics (GET /metrics with `Authorization: Bearer $METRICS_TOKEN`, issue 12 item 5):
 *
 * - the process's own: CPU, memory, event-loop delay as p50/p90/p99 since the last scrape;
 * - requests: `detox_http_request_duration_seconds{route,status}` (its `_count` is the request rate)
 *   and `detox_http_server_errors_total{route}` for 5xx answers;
 * - procedures, batched or not: `detox_trpc_procedure_duration_seconds{procedure}` and
 *   `detox_trpc_errors_total{procedure,code}` (the client batches its queries, so a request's route
 *   is often "trpc:batch": these say which procedure was slow or failed, and how);
 * - `detox_event_streams_open` (live board connections), `detox_calls_waiting` (API calls waiting for
 *   their turn, http/request-gate.ts), `detox_db_connections{state}` (PostgreSQL's
 *   pool: total, idle, waiting for a connection) or `detox_db_group_commit_queue{state}` (SQLite:
 *   requests waiting for the connection, writes waiting for the group's commit), and
 *   `detox_audit_chain_length` (rows in the audit trail; it only grows; counted off the event loop on
 *   SQLite, db/audit-rows-off-loop.ts), and on PostgreSQL `detox_audit_seal_calls_total{outcome}`
 *   (refused calls: instances moving the chain's head under each other, each costing a second call).
 *
 * Labels come from fixed lists (procedure names, tRPC codes), never from the URL as sent, so a client
 * cannot grow the label set; no label carries an id, an input or a user.
 */
export interface Metrics {
  registry: Registry;
  /** Records one finished request (called from the request log). */
  observe(path: string, status: number, durationSeconds: number): void;
  /** Records one procedure call's duration (a tRPC middleware, so each call of a batch counts). */
  observeProcedure(procedure: string, durationSeconds: number): void;
  /** Records a failed call with its tRPC error code (tRPC's onError, so refusals before the procedure count too). */
  procedureFailed(procedure: string | undefined, code: string): void;
  /** What the gauges read at each scrape (createApp wires them). */
  watch(sources: MetricSources): void;
}

export interface MetricSources {
  openEventStreams(): number;
  /** API calls waiting for their turn (http/request-gate.ts). */
  callsWaiting?: () => number;
  databaseUse?: () => DatabaseUse;
  auditChainLength(): Promise<number>;
  /** PostgreSQL only: this instance's calls of audit_seal() so far (services/audit-sealer-postgres.ts). */
  auditSealCalls?: () => { sealed: number; refused: number };
}

/** tRPC's error codes: the only values the code label takes (anything else counts as "OTHER"). */
const TRPC_CODES = new Set([
  'PARSE_ERROR',
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'METHOD_NOT_SUPPORTED',
  'TIMEOUT',
  'CONFLICT',
  'PRECONDITION_FAILED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'UNPROCESSABLE_CONTENT',
  'TOO_MANY_REQUESTS',
  'CLIENT_CLOSED_REQUEST',
  'INTERNAL_SERVER_ERROR',
  'NOT_IMPLEMENTED',
  'BAD_GATEWAY',
  'SERVICE_UNAVAILABLE',
  'GATEWAY_TIMEOUT',
]);

const LATENCY_BUCKETS = [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export function createMetrics(procedureNames: readonly string[]): Metrics {
  const registry = new Registry();
  // 5 ms resolution: the target is an event-loop delay p99 under 20 ms.
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 5 });
  const known = new Set(procedureNames);
  const duration = new Histogram({
    name: 'detox_http_request_duration_seconds',
    help: 'Time from a request arriving to its response finishing, by route and status class (its _count is the request rate)',
    labelNames: ['route', 'status'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'detox_http_server_errors_total',
    help: 'Responses with a 5xx status, by route',
    labelNames: ['route'],
    registers: [registry],
  });
  const procedureDuration = new Histogram({
    name: 'detox_trpc_procedure_duration_seconds',
    help: 'Time one procedure call took inside the server, batched or not, by procedure',
    labelNames: ['procedure'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const procedureErrors = new Counter({
    name: 'detox_trpc_errors_total',
    help: 'Procedure calls that ended in an error, by procedure and tRPC error code',
    labelNames: ['procedure', 'code'],
    registers: [registry],
  });
  let sources: MetricSources | undefined;
  new Gauge({
    name: 'detox_event_streams_open',
    help: 'Live event streams (boards and charts following a unit) open on this instance',
    registers: [registry],
    collect() {
      this.set(sources?.openEventStreams() ?? 0);
    },
  });
  new Gauge({
    name: 'detox_calls_waiting',
    help: 'API calls waiting for their turn on this instance (REQUEST_CONCURRENCY are worked on at once)',
    registers: [registry],
    collect() {
      this.set(sources?.callsWaiting?.() ?? 0);
    },
  });
  new Gauge({
    name: 'detox_db_connections',
    help: 'PostgreSQL connection pool of this instance: connections open (total), idle, and requests waiting for one (waiting)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const use = sources?.databaseUse?.();
      if (use?.dialect !== 'postgres') return;
      this.set({ state: 'total' }, use.total);
      this.set({ state: 'idle' }, use.idle);
      this.set({ state: 'waiting' }, use.waiting);
    },
  });
  new Gauge({
    name: 'detox_db_group_commit_queue',
    help: "SQLite's one connection: requests waiting for it (waiting) and writes waiting for their group's commit (batched)",
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const use = sources?.databaseUse?.();
      if (use?.dialect !== 'sqlite') return;
      this.set({ state: 'waiting' }, use.waiting);
      this.set({ state: 'batched' }, use.batched);
    },
  });
  new Gauge({
    name: 'detox_audit_chain_length',
    help: 'Rows in the audit trail (the tamper-evident chain); it never shrinks',
    registers: [registry],
    async collect() {
      if (sources) this.set(await sources.auditChainLength());
    },
  });
  new Counter({
    name: 'detox_audit_seal_calls_total',
    help: "PostgreSQL: this instance's calls sealing audit rows into the chain, by answer (refused: another instance had just moved the chain's head, and the rows were sealed again)",
    labelNames: ['outcome'],
    registers: [registry],
    collect() {
      const calls = sources?.auditSealCalls?.();
      if (!calls) return;
      this.reset();
      this.inc({ outcome: 'sealed' }, calls.sealed);
      this.inc({ outcome: 'refused' }, calls.refused);
    },
  });
  return {
    registry,
    observe(path, status, durationSeconds) {
      const route = routeOf(path, known);
      duration.observe({ route, status: `${Math.floor(status / 100)}xx` }, durationSeconds);
      if (status >= 500) errors.inc({ route });
    },
    observeProcedure(name, durationSeconds) {
      procedureDuration.observe({ procedure: known.has(name) ? name : 'other' }, durationSeconds);
    },
    procedureFailed(name, code) {
      const procedure = name !== undefined && known.has(name) ? name : 'other';
      procedureErrors.inc({ procedure, code: TRPC_CODES.has(code) ? code : 'OTHER' });
    },
    watch(watched) {
      sources = watched;
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
