import autocannon from 'autocannon';
import type { BenchConfig } from './types.js';

export interface LoadSpec {
  /** Row label in the table and key in the JSON ("trivial", "record"). */
  name: string;
  /** What is measured, in words ("GET /trpc/auth.me"). */
  description: string;
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /**
   * A new body for each request, instead of `body`: clinical writes carry their own request id, as the
   * tablet's writes do (a repeated id would be answered from the first write, not written again).
   */
  freshBody?: () => string;
  /**
   * Requests per second offered over all connections; omitted: each connection sends its next
   * request as soon as the previous answer arrives (closed loop). Caution: autocannon spends each
   * connection's per-second budget back to back and then waits for the next second, so the load
   * comes in bursts and latencies "at a rate" are pessimistic; not a smooth open-loop generator.
   */
  overallRate?: number;
  /** Checks each response body; a false counts as a mismatch and fails the bench. */
  verifyBody?: (body: string) => boolean;
}

export interface PhaseCounts {
  durationS: number;
  requests: number;
  ok2xx: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  errors: number;
  timeouts: number;
  mismatches: number;
  /** What the connection errors were (ECONNRESET, "socket hang up"…), by count; paced loads only. */
  errorKinds?: Record<string, number>;
}

export interface LoadFigures extends PhaseCounts {
  name: string;
  description: string;
  connections: number;
  /** Mean of the per-second request counts (autocannon's "Req/Sec Avg"). */
  requestsPerSec: number;
  /** Latency of 2xx responses, milliseconds (autocannon's histogram has 1 ms resolution). */
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  /**
   * Server CPU time (user + system) per 2xx response during the measurement, microseconds: what a
   * request costs the server, far less sensitive than req/s to other work on a shared machine.
   * Null when the server's CPU time cannot be read.
   */
  serverCpuUsPerRequest: number | null;
  /** Share of one core the server used during the measurement (1 = a full core). */
  serverCpuShare: number | null;
  /** The server's event-loop delay p99 during the measurement (ms), from its /metrics; null if unread. */
  eventLoopDelayP99Ms: number | null;
  warmup: PhaseCounts;
}

/** What a load measurement reads from the server besides the responses. */
export interface ServerProbe {
  cpuTimeMs(): number | null;
  /** Event-loop delay p99 since the previous call, ms (each call starts a new window). */
  eventLoopDelayP99Ms?(): Promise<number | null>;
}

function counts(result: autocannon.Result): PhaseCounts {
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stat.count ?? 0;
  return {
    durationS: result.duration,
    requests: result.requests.total,
    ok2xx: result['2xx'],
    non2xx: result.non2xx,
    statusCodes,
    errors: result.errors,
    timeouts: result.timeouts,
    mismatches: result.mismatches,
  };
}

function verifier(check: (body: string) => boolean) {
  return (body: string | Buffer | undefined) => check(body === undefined ? '' : String(body));
}

function withFreshBody(freshBody: () => string) {
  return (request: autocannon.Request): autocannon.Request => ({ ...request, body: freshBody() });
}

function fire(spec: LoadSpec, connections: number, durationS: number): Promise<autocannon.Result> {
  return autocannon({
    title: spec.name,
    url: spec.url,
    method: spec.method,
    headers: spec.headers,
    ...(spec.body === undefined ? {} : { body: spec.body }),
    ...(spec.freshBody === undefined ? {} : { requests: [{ setupRequest: withFreshBody(spec.freshBody) }] }),
    ...(spec.verifyBody ? { verifyBody: verifier(spec.verifyBody) } : {}),
    ...(spec.overallRate ? { overallRate: spec.overallRate } : {}),
    connections,
    pipelining: 1,
    duration: durationS,
    // A response slower than this is a failure of the bench, not a latency figure.
    timeout: 10,
  });
}

/** A warm-up run (discarded apart from its error counts), then the measured run. */
export async function measureLoad(spec: LoadSpec, config: BenchConfig, server?: ServerProbe): Promise<LoadFigures> {
  const warmup =
    config.warmupS > 0 ? counts(await fire(spec, config.connections, config.warmupS)) : counts(emptyResult());
  await server?.eventLoopDelayP99Ms?.();
  const cpuBefore = server?.cpuTimeMs() ?? null;
  const result = await fire(spec, config.connections, config.durationS);
  const cpuAfter = server?.cpuTimeMs() ?? null;
  const eventLoopDelayP99Ms = (await server?.eventLoopDelayP99Ms?.()) ?? null;
  const cpuMs = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
  return {
    name: spec.name,
    description: spec.description,
    connections: config.connections,
    requestsPerSec: result.requests.average,
    latencyMs: {
      mean: result.latency.mean,
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    ...counts(result),
    serverCpuUsPerRequest: cpuMs === null || result['2xx'] === 0 ? null : (cpuMs * 1000) / result['2xx'],
    serverCpuShare: cpuMs === null || result.duration === 0 ? null : cpuMs / 1000 / result.duration,
    eventLoopDelayP99Ms,
    warmup,
  };
}

/** Why these figures cannot be trusted: anything but a correct 2xx, in warm-up or measurement. */
export function loadProblems(figures: LoadFigures): string[] {
  const problems: string[] = [];
  for (const [phase, c] of [
    ['warm-up', figures.warmup],
    ['measurement', figures],
  ] as const) {
    const where = `${figures.name} (${phase})`;
    if (c.non2xx > 0)
      problems.push(`${where}: ${c.non2xx} non-2xx responses (status codes ${JSON.stringify(c.statusCodes)})`);
    if (c.errors > 0) {
      const kinds = c.errorKinds ? ` ${JSON.stringify(c.errorKinds)}` : '';
      problems.push(`${where}: ${c.errors} connection errors (${c.timeouts} of them timeouts)${kinds}`);
    }
    if (c.mismatches > 0) problems.push(`${where}: ${c.mismatches} responses with an unexpected body`);
  }
  if (figures.ok2xx === 0) problems.push(`${figures.name}: no 2xx responses at all`);
  return problems;
}

function emptyResult(): autocannon.Result {
  const zero = { total: 0, average: 0, mean: 0, stddev: 0, min: 0, max: 0 } as autocannon.Histogram;
  return {
    duration: 0,
    requests: { ...zero, sent: 0 },
    '2xx': 0,
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    mismatches: 0,
    statusCodeStats: {},
  } as unknown as autocannon.Result;
}
