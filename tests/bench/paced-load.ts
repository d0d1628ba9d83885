import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { LoadFigures, PhaseCounts } from './load.js';
import type { PacedWorkerData } from './paced-worker.js';
import { type Percentiles, percentilesOf } from './sequential.js';
import { type MachineSecond, watchMachineSeconds } from './machine-seconds.js';
import { machineCpuTimes } from './settle.js';

/**
 * An open-loop load at fixed rates, paced evenly: request k of a stream is due at start + k / rate,
 * and is sent then whether or not earlier ones have been answered (new connections open as needed).
 * Latency is counted from when the request was due, not from when it went out, so a generator that
 * falls behind cannot hide the wait (no coordinated omission).
 *
 * Why not autocannon's `overallRate` (its -R): it gives each connection a budget per second that the
 * connection spends back to back, then it waits for the next second. All connections start their
 * seconds together, so a second's requests arrive at once and are answered over the rest of it: a
 * burst every second, not a rate. Its correction for coordinated omission also takes 1/rate as the
 * expected interval in milliseconds where it is 1000/rate, so it adds a synthetic sample for every
 * millisecond of a slow answer. Both inflate the tail far beyond what steady arrivals cause.
 */

/** In a request's body, replaced by a new UUID in every request sent (a clinical write's own request id). */
export const FRESH_REQUEST_ID = '{{fresh-request-id}}';

/** Plain data, not functions: the load runs in a worker thread of its own (measurePaced says why). */
export interface PacedRequest {
  method: 'GET' | 'POST';
  path: string;
  /** Each FRESH_REQUEST_ID in it becomes a new UUID in every request. */
  body?: string;
}

export interface PacedStream {
  name: string;
  /** Requests per second, spread evenly over each second. */
  rate: number;
  cookie: string;
  /** Sent in turn, round and round. */
  requests: PacedRequest[];
  /** Every 2xx body must contain this; one that does not counts as a mismatch. */
  expect: string;
}

export interface PacedResult extends PhaseCounts {
  name: string;
  /** Answered requests (any status) per second of the run. */
  requestsPerSec: number;
  /** From when each 2xx request was due to its last byte, milliseconds. */
  latencyMs: Percentiles;
  /** The most requests of this stream waiting for an answer at one time. */
  mostInFlight: number;
  /** Each second of the run (by when its requests were due): its 2xx latencies, ms. */
  secondLatenciesMs: number[][];
}

const TIMEOUT_MS = 10_000;

function phaseCountsOf(r: PacedResult): PhaseCounts {
  const { durationS, requests, ok2xx, non2xx, statusCodes, errors, timeouts, mismatches, errorKinds } = r;
  return { durationS, requests, ok2xx, non2xx, statusCodes, errors, timeouts, mismatches, errorKinds };
}

/** What a paced measurement reads from the server besides the responses. */
export interface PacedProbe {
  cpuTimeMs(): number | null;
  /** The server's process id, whose main thread runs the JavaScript. */
  pid?: number;
  /** CPU time of each of the server's threads so far, ms, by thread id. */
  threadCpuTimesMs?(): Map<number, number> | null;
  /** Event-loop delay p99 since the previous call, ms (each call starts a new window). */
  eventLoopDelayP99Ms(): Promise<number | null>;
  /** Called once the warm-up is over, just before the measured window starts. */
  windowStarts?(): Promise<void>;
}

export interface PacedMeasurement {
  /** One row a stream, as a closed-loop row reports it (load.ts). */
  rows: LoadFigures[];
  /** The server's CPU over the measured run, ms; null if unread. */
  cpuMs: number | null;
  /** 2xx answers of every stream. */
  answered: number;
  /** The server's CPU over the measured run by thread, ms; null if unread. */
  threads: ThreadCpu | null;
  /**
   * Seconds between the two CPU readings: the run and the wait for its last answers, longer than
   * `durationS` when answers time out. Shares of a core are taken over it.
   */
  cpuWindowS: number;
  /**
   * The load generator's own event-loop delay over the measured run, ms. Latency counts from when a
   * request was due, so a generator that stalls (its GC, 200 event streams to read) adds its stall to
   * every answer waiting in its sockets: a tail here is not the server's.
   */
  generatorLoopMs: { p99: number; max: number };
  /**
   * The window second by second: in each, the p90 of its slowest stream. A p99 over the window is set
   * by its worst 1 % of answers, and this says whether they came spread out or in a few bad seconds.
   */
  seconds: { worstP90Ms: number; worstAtS: number; medianP90Ms: number; slowestP90Ms: number[] };
  /**
   * With `spanS`, each stream's p99 over each span of that many seconds in turn: whether a p99 over
   * the window holds in every part of it, or one span set it.
   */
  spans: { name: string; p99Ms: number[] }[];
  /** The load generator's own CPU over the measured run (this process, all its threads), ms. */
  generatorCpuMs: number;
  /**
   * The whole machine's idle time over the measured run, as a share of all its cores (0 to 1). Near 0,
   * the server, the database and the generator were queuing for CPU, and latency says so.
   */
  machineIdleShare: number;
  /** The machine in each second of the window, as `seconds` counts them (machine-seconds.ts). */
  machineSeconds: MachineSecond[];
}

/**
 * Where the server's CPU went: its JavaScript (main) thread, and all its other threads (V8's GC
 * helpers and compilers, worker threads such as SQLite's WAL checkpoint, the libuv pool). A server
 * above one core is busy off its main thread; this says how much, and whether one thread did it.
 */
export interface ThreadCpu {
  mainMs: number;
  otherMs: number;
  busiestOtherMs: number;
}

function threadCpuBetween(
  before: Map<number, number> | null | undefined,
  after: Map<number, number> | null | undefined,
  mainTid: number | undefined,
): ThreadCpu | null {
  if (!before || !after || mainTid === undefined) return null;
  let mainMs = 0;
  let otherMs = 0;
  let busiestOtherMs = 0;
  for (const [tid, ms] of after) {
    // A thread started during the run counts from zero.
    const used = ms - (before.get(tid) ?? 0);
    if (tid === mainTid) mainMs = used;
    else {
      otherMs += used;
      busiestOtherMs = Math.max(busiestOtherMs, used);
    }
  }
  return { mainMs, otherMs, busiestOtherMs };
}

/**
 * Warms up, then runs every stream at once for `durationS` seconds. The streams make one mixed load,
 * so each row carries the server's CPU per request of any kind and the run's event-loop delay.
 */
export async function measurePaced(
  baseUrl: string,
  streams: (PacedStream & { description: string })[],
  server: PacedProbe,
  timing: { warmupS: number; durationS: number; spanS?: number },
): Promise<PacedMeasurement> {
  // The server's first /metrics scrape starts the worker that counts the audit trail (a thread, a
  // SQLite connection): in production Prometheus made it long ago, so it is made before the load, not
  // between the warm-up and the measured window, where it would land in the window's first second.
  await server.eventLoopDelayP99Ms();
  const load = pacedLoadThread({
    baseUrl,
    streams,
    warmupS: Math.max(1, timing.warmupS),
    durationS: timing.durationS,
  });
  try {
    return await measureWindow(server, streams, load, timing.spanS);
  } finally {
    await load.stop();
  }
}

async function measureWindow(
  server: PacedProbe,
  streams: (PacedStream & { description: string })[],
  load: ReturnType<typeof pacedLoadThread>,
  spanS: number | undefined,
): Promise<PacedMeasurement> {
  const warm = await load.warmedUp;
  await server.windowStarts?.();
  await server.eventLoopDelayP99Ms();
  const cpuBefore = server.cpuTimeMs();
  const threadsBefore = server.threadCpuTimesMs?.();
  const windowStart = performance.now();
  // The whole bench process: its main thread only waits while the load's thread works.
  const generatorCpuBefore = process.cpuUsage();
  const machineBefore = machineCpuTimes();
  const machineWatch = watchMachineSeconds(server);
  const { results, loopMs: generatorLoopMs } = await load.measure();
  const machineSeconds = machineWatch.stop();
  const machineAfter = machineCpuTimes();
  const generatorCpu = process.cpuUsage(generatorCpuBefore);
  const cpuAfter = server.cpuTimeMs();
  const cpuWindowS = (performance.now() - windowStart) / 1000;
  const threads = threadCpuBetween(threadsBefore, server.threadCpuTimesMs?.(), server.pid);
  const loopP99 = await server.eventLoopDelayP99Ms();
  const cpuMs = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
  const answered = results.reduce((sum, r) => sum + r.ok2xx, 0);
  const rows = streams.map((s, i): LoadFigures => {
    const r = results[i] as PacedResult;
    return {
      name: s.name,
      description: s.description,
      // The most requests of the stream in flight at once (connections open as needed).
      connections: r.mostInFlight,
      requestsPerSec: r.requestsPerSec,
      latencyMs: r.latencyMs,
      ...phaseCountsOf(r),
      serverCpuUsPerRequest: cpuMs === null || answered === 0 ? null : (cpuMs * 1000) / answered,
      serverCpuShare: cpuMs === null ? null : cpuMs / 1000 / cpuWindowS,
      eventLoopDelayP99Ms: loopP99,
      warmup: phaseCountsOf(warm[i] as PacedResult),
    };
  });
  const generatorCpuMs = (generatorCpu.user + generatorCpu.system) / 1000;
  const machineIdleShare = (machineAfter.idle - machineBefore.idle) / (machineAfter.total - machineBefore.total);
  return {
    rows,
    cpuMs,
    answered,
    threads,
    cpuWindowS,
    generatorLoopMs,
    generatorCpuMs,
    machineIdleShare,
    seconds: secondsOf(results),
    machineSeconds,
    spans: spanS === undefined ? [] : results.map((r) => ({ name: r.name, p99Ms: spanP99sOf(r, spanS) })),
  };
}

/** The p99 of a stream's 2xx latencies in each span of `spanS` seconds in turn (a last, shorter span too). */
function spanP99sOf(result: PacedResult, spanS: number): number[] {
  const p99s: number[] = [];
  for (let from = 0; from < result.secondLatenciesMs.length; from += spanS)
    p99s.push(percentilesOf(result.secondLatenciesMs.slice(from, from + spanS).flat()).p99);
  return p99s;
}

/** Each second's p90 of its slowest stream: the worst second, when it came, and the median second. */
function secondsOf(results: PacedResult[]): PacedMeasurement['seconds'] {
  const p90Of = (latencies: number[] | undefined) => (latencies?.length ? percentilesOf(latencies).p90 : 0);
  const seconds = Math.max(0, ...results.map((r) => r.secondLatenciesMs.length));
  const slowest = Array.from({ length: seconds }, (_, i) =>
    Math.max(0, ...results.map((r) => p90Of(r.secondLatenciesMs[i]))),
  );
  const worst = Math.max(0, ...slowest);
  return {
    worstP90Ms: worst,
    worstAtS: slowest.indexOf(worst),
    medianP90Ms: seconds === 0 ? 0 : percentilesOf(slowest).p50,
    slowestP90Ms: slowest,
  };
}

/**
 * The load runs in a worker thread: a V8 heap of its own, holding nothing but the load. In the bench
 * process's own thread it shared a heap with everything the benches before it had loaded and left:
 * in a full `pnpm bench` the hospital's load took twice the CPU it took alone (0.33 against 0.16 of a
 * core), nearly all of it in the garbage collector's threads, and its event-loop delay p99 rose from
 * 13 to 20 ms. A reply is timed when the thread sees it, so the load's own stalls were counted as the
 * server's latency.
 */
function pacedLoadThread(data: PacedWorkerData) {
  // The bench runs its TypeScript through tsx, whose loader a new thread does not inherit: the thread
  // loads it first (tsx's tsImport), then the worker's module.
  const source = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => tsx.tsImport(${JSON.stringify(
    new URL('./paced-worker.ts', import.meta.url).href,
  )}, ${JSON.stringify(import.meta.url)}))`;
  const worker = new Worker(source, { eval: true, workerData: data });
  // The thread sends two messages: the warm-up's results, then, after 'go', the measured window's.
  // once() rejects if the thread fails meanwhile.
  const warmedUp = once(worker, 'message').then(([m]) => (m as { warm: PacedResult[] }).warm);
  return {
    warmedUp,
    async measure() {
      const done = once(worker, 'message');
      worker.postMessage('go');
      return (await done)[0] as { results: PacedResult[]; loopMs: { p99: number; max: number } };
    },
    // A thread left waiting for 'go' (the bench failed in between) would keep the process alive.
    stop: async () => void (await worker.terminate()),
  };
}

/** Runs every stream for `durationS` seconds, all at once, and waits for the last answers. */
export async function runPaced(baseUrl: string, streams: PacedStream[], durationS: number): Promise<PacedResult[]> {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
  const start = performance.now() + 20;
  const end = start + durationS * 1000;
  const states = streams.map((stream, i) => ({
    stream,
    // The streams' requests interleave rather than fall due together.
    next: start + (i / streams.length) * (1000 / stream.rate),
    sent: 0,
    inFlight: 0,
    mostInFlight: 0,
    /** 2xx latencies by the second of the run they were due in. */
    bySecond: [] as number[][],
    counts: {
      ok2xx: 0,
      non2xx: 0,
      statusCodes: {} as Record<string, number>,
      errors: 0,
      timeouts: 0,
      mismatches: 0,
      errorKinds: {} as Record<string, number>,
    },
  }));
  const outstanding = new Set<Promise<void>>();
  // A connection error says what it was (a reset on a reused keep-alive connection, a refusal): a count alone does not.
  const failed = (state: (typeof states)[number], error: NodeJS.ErrnoException) => {
    state.counts.errors++;
    const kind = error.code ?? error.message;
    state.counts.errorKinds[kind] = (state.counts.errorKinds[kind] ?? 0) + 1;
  };

  const send = (state: (typeof states)[number], due: number) => {
    const { stream } = state;
    const request = stream.requests[state.sent % stream.requests.length] as PacedRequest;
    state.sent++;
    state.inFlight++;
    state.mostInFlight = Math.max(state.mostInFlight, state.inFlight);
    const done = new Promise<void>((resolve) => {
      const finish = () => {
        state.inFlight--;
        resolve();
      };
      const body = request.body?.includes(FRESH_REQUEST_ID)
        ? request.body.replaceAll(FRESH_REQUEST_ID, randomUUID())
        : request.body;
      const req = http.request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          path: request.path,
          method: request.method,
          headers: {
            cookie: stream.cookie,
            ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}),
          },
          timeout: TIMEOUT_MS,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            state.counts.statusCodes[status] = (state.counts.statusCodes[status] ?? 0) + 1;
            if (status >= 200 && status < 300) {
              state.counts.ok2xx++;
              const latency = performance.now() - due;
              const second = Math.floor((due - start) / 1000);
              const inSecond = state.bySecond[second];
              if (inSecond) inSecond.push(latency);
              else state.bySecond[second] = [latency];
              if (!Buffer.concat(chunks).includes(stream.expect)) state.counts.mismatches++;
            } else state.counts.non2xx++;
            finish();
          });
          response.on('error', (error) => {
            failed(state, error);
            finish();
          });
        },
      );
      req.on('timeout', () => {
        state.counts.timeouts++;
        req.destroy(new Error('timed out'));
      });
      req.on('error', (error) => {
        failed(state, error);
        finish();
      });
      req.end(body);
    });
    outstanding.add(done);
    void done.then(() => outstanding.delete(done));
  };

  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      for (const state of states) {
        while (state.next <= now && state.next < end) {
          send(state, state.next);
          state.next += 1000 / state.stream.rate;
        }
      }
      if (now >= end) resolve();
      else setTimeout(tick, 1);
    };
    setTimeout(tick, Math.max(0, start - performance.now()));
  });
  while (outstanding.size > 0) await Promise.all([...outstanding]);
  agent.destroy();
  const elapsedS = (performance.now() - start) / 1000;

  return states.map(({ stream, sent, bySecond, counts, mostInFlight }) => ({
    name: stream.name,
    durationS: elapsedS,
    requests: sent,
    ...counts,
    requestsPerSec: (counts.ok2xx + counts.non2xx) / durationS,
    latencyMs: percentilesOf(bySecond.flat()),
    mostInFlight,
    secondLatenciesMs: Array.from(bySecond, (inSecond) => inSecond ?? []),
  }));
}
