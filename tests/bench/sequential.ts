import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { LoadFigures, PhaseCounts } from './load.js';

/**
 * One request at a time over one keep-alive connection per server, timed from sending the request
 * to the last byte of the body (sub-millisecond, unlike autocannon's 1 ms histogram): the latency a
 * single user sees, without queueing behind other requests. Several targets are measured
 * interleaved (A, B, B, A, …) so that other work on the machine hits them alike.
 */

export interface SequentialSpec {
  name: string;
  description: string;
  url: string;
  headers: Record<string, string>;
  /** Checks a body (after the clock stops); false counts as a mismatch. */
  verifyBody?: (body: string) => boolean;
  serverCpuTimeMs?: () => number | null;
}

export interface Percentiles {
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

export interface SequentialFigures {
  figures: LoadFigures;
  percentiles: Percentiles;
  samplesMs: number[];
  /** First few failures, for the report. */
  failures: string[];
}

/** Nearest-rank percentile of sorted samples. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

export function percentilesOf(samples: number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    mean: round(sorted.reduce((s, v) => s + v, 0) / Math.max(1, sorted.length)),
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? Number.NaN),
  };
}

interface Reply {
  status: number;
  body: string;
  ms: number;
}

function get(agent: http.Agent, url: string, headers: Record<string, string>): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.get(url, { agent, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          ms: performance.now() - started,
        }),
      );
      response.on('error', reject);
    });
    request.setTimeout(10_000, () => request.destroy(new Error(`no answer within 10 s from ${url}`)));
    request.on('error', reject);
  });
}

function emptyCounts(): PhaseCounts {
  return { durationS: 0, requests: 0, ok2xx: 0, non2xx: 0, statusCodes: {}, errors: 0, timeouts: 0, mismatches: 0 };
}

/** `warmup` rounds (counted for errors, not timed), then `rounds` timed rounds over every spec. */
export async function measureSequential(
  specs: SequentialSpec[],
  options: { rounds: number; warmup: number },
): Promise<SequentialFigures[]> {
  const state = specs.map((spec) => ({
    spec,
    agent: new http.Agent({ keepAlive: true, maxSockets: 1 }),
    warm: emptyCounts(),
    measured: emptyCounts(),
    samples: [] as number[],
    failures: [] as string[],
    elapsedMs: 0,
    cpuBefore: null as number | null,
    cpuAfter: null as number | null,
  }));
  const one = async (s: (typeof state)[number], counts: PhaseCounts, timed: boolean) => {
    counts.requests++;
    try {
      const reply = await get(s.agent, s.spec.url, s.spec.headers);
      counts.statusCodes[reply.status] = (counts.statusCodes[reply.status] ?? 0) + 1;
      if (reply.status < 200 || reply.status >= 300) {
        counts.non2xx++;
        if (s.failures.length < 5) s.failures.push(`HTTP ${reply.status}: ${reply.body.slice(0, 300)}`);
        return;
      }
      if (s.spec.verifyBody && !s.spec.verifyBody(reply.body)) {
        counts.mismatches++;
        if (s.failures.length < 5) s.failures.push(`unexpected body: ${reply.body.slice(0, 300)}`);
        return;
      }
      counts.ok2xx++;
      if (timed) {
        s.samples.push(reply.ms);
        s.elapsedMs += reply.ms;
      }
    } catch (error) {
      counts.errors++;
      if (error instanceof Error && /no answer/.test(error.message)) counts.timeouts++;
      if (s.failures.length < 5) s.failures.push(error instanceof Error ? error.message : String(error));
    }
  };
  const order = (round: number) => (round % 2 === 0 ? state : [...state].reverse());
  const warmStarted = performance.now();
  for (let round = 0; round < options.warmup; round++) for (const s of order(round)) await one(s, s.warm, false);
  const warmS = (performance.now() - warmStarted) / 1000;
  for (const s of state) {
    s.warm.durationS = warmS;
    s.cpuBefore = s.spec.serverCpuTimeMs?.() ?? null;
  }
  const started = performance.now();
  for (let round = 0; round < options.rounds; round++) for (const s of order(round)) await one(s, s.measured, true);
  const wallS = (performance.now() - started) / 1000;
  for (const s of state) {
    s.cpuAfter = s.spec.serverCpuTimeMs?.() ?? null;
    s.agent.destroy();
  }

  return state.map((s) => {
    const p = percentilesOf(s.samples);
    const cpuMs = s.cpuBefore === null || s.cpuAfter === null ? null : s.cpuAfter - s.cpuBefore;
    const ok = s.measured.ok2xx;
    const figures: LoadFigures = {
      name: s.spec.name,
      description: s.spec.description,
      connections: 1,
      // Requests per second of this target's own busy time (the others' requests excluded).
      requestsPerSec: s.elapsedMs > 0 ? (ok * 1000) / s.elapsedMs : 0,
      latencyMs: { mean: p.mean, p50: p.p50, p90: p.p90, p99: p.p99, max: p.max },
      ...s.measured,
      durationS: wallS,
      serverCpuUsPerRequest: cpuMs === null || ok === 0 ? null : (cpuMs * 1000) / ok,
      serverCpuShare: cpuMs === null || s.elapsedMs === 0 ? null : cpuMs / s.elapsedMs,
      // One request at a time cannot queue behind another: the loop's delay is what the load tests show.
      eventLoopDelayP99Ms: null,
      warmup: s.warm,
    };
    return { figures, percentiles: p, samplesMs: s.samples, failures: s.failures };
  });
}

/** The extra lines a bench logs: p50/p95/p99 per target (the framework's table has no p95). */
export function percentileLines(results: SequentialFigures[]): string[] {
  const rows = [
    ['target', 'n', 'mean ms', 'p50 ms', 'p90 ms', 'p95 ms', 'p99 ms', 'max ms'],
    ...results.map((r) => [
      r.figures.name,
      String(r.samplesMs.length),
      ...[
        r.percentiles.mean,
        r.percentiles.p50,
        r.percentiles.p90,
        r.percentiles.p95,
        r.percentiles.p99,
        r.percentiles.max,
      ].map((v) => v.toFixed(2)),
    ]),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) =>
    r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  '),
  );
}
