import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'tests', 'artifacts');

export interface BenchServerOptions {
  /** "demo" (default) loads the demo unit into the fresh database. */
  seed?: 'demo' | 'none';
  /** Extra environment for the server. */
  env?: Record<string, string>;
  /** Extra node flags for the server process (before the script), e.g. ["--cpu-prof"]. */
  nodeArgs?: string[];
  /** How long to wait for `listening on port N`. */
  startTimeoutMs?: number;
}

export interface BenchServer {
  /** http://127.0.0.1:N */
  url: string;
  port: number;
  sqlitePath: string;
  pid: number;
  /** CPU time (user + system) the server process has used so far, ms; null where /proc is missing. */
  cpuTimeMs(): number | null;
  /** CPU time of each of the server's threads so far, ms, by thread id (threadCpuTimesMs). */
  threadCpuTimesMs(): Map<number, number> | null;
  /** The server's event-loop delay p99 since the previous call (ms), from /metrics; null if unread. */
  eventLoopDelayP99Ms(): Promise<number | null>;
  /** What the server printed (stdout and stderr), for failure messages. */
  output(): string;
  /** SIGTERM (the server closes its database), SIGKILL after 5 s; removes the temp database. Idempotent. */
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);

/** Servers started and not yet stopped, so an interrupted run can stop them (even mid-start). */
const live = new Set<() => Promise<void>>();

export async function stopAllBenchServers(): Promise<void> {
  await Promise.all([...live].map((stop) => stop()));
}

/** tsx's ESM loader, so the server is one node process we can signal and profile directly. */
function tsxLoaderUrl(): string {
  return pathToFileURL(path.join(path.dirname(require.resolve('tsx/package.json')), 'dist/loader.mjs')).href;
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, ms);
    const onExit = () => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

/**
 * Extra server node flags from the environment:
 * BENCH_PROFILE=1 writes a V8 CPU profile per server to tests/artifacts/bench-profiles/;
 * BENCH_SERVER_NODE_ARGS adds arbitrary flags (space-separated).
 */
function nodeArgsFromEnv(): string[] {
  const args: string[] = [];
  if (process.env.BENCH_PROFILE === '1') {
    const dir = path.join(ARTIFACTS_DIR, 'bench-profiles');
    mkdirSync(dir, { recursive: true });
    args.push('--cpu-prof', `--cpu-prof-dir=${dir}`);
  }
  const extra = process.env.BENCH_SERVER_NODE_ARGS?.trim();
  if (extra) args.push(...extra.split(/\s+/));
  return args;
}

/** The bench servers expose /metrics with this token; the server's own event-loop delay comes from there. */
const BENCH_METRICS_TOKEN = 'bench-metrics-token-0123456789';

/** nodejs_eventloop_lag_p99_seconds since the previous scrape (prom-client resets it on each), in ms. */
async function scrapeEventLoopDelayP99Ms(baseUrl: string): Promise<number | null> {
  try {
    const response = await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${BENCH_METRICS_TOKEN}` } });
    if (!response.ok) return null;
    const match = /^nodejs_eventloop_lag_p99_seconds (\S+)$/m.exec(await response.text());
    return match?.[1] === undefined ? null : Number(match[1]) * 1000;
  } catch {
    return null;
  }
}

/** Linux: utime + stime from /proc/<pid>/stat, in clock ticks of 10 ms (CLK_TCK 100). */
export function processCpuTimeMs(pid: number): number | null {
  return cpuTimeOfStat(`/proc/${pid}/stat`);
}

/** utime + stime of a /proc stat file, ms (the kernel counts in 10-ms ticks). */
function cpuTimeOfStat(file: string): number | null {
  try {
    const stat = readFileSync(file, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) * 10 : null;
  } catch {
    return null;
  }
}

/**
 * CPU time (user + system, ms) of each thread of a process, by thread id (the main thread's is the
 * pid); null where /proc is missing. Node 20 names every thread "node", so ids are all that tell the
 * JavaScript thread from GC helpers, worker threads (the WAL checkpoint) and the libuv pool.
 */
export function threadCpuTimesMs(pid: number): Map<number, number> | null {
  try {
    const times = new Map<number, number>();
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const ms = cpuTimeOfStat(`/proc/${pid}/task/${tid}/stat`);
      // A thread that ended between the listing and the read is left out.
      if (ms !== null) times.set(Number(tid), ms);
    }
    return times;
  } catch {
    return null;
  }
}

/** Starts `server/src/main.ts` on 127.0.0.1 with a port chosen by the OS and a fresh SQLite file. */
export async function startBenchServer(options: BenchServerOptions = {}): Promise<BenchServer> {
  const tempDir = mkdtempSync(path.join(tmpdir(), 'detox-bench-'));
  const sqlitePath = path.join(tempDir, 'detox.sqlite');
  const child = spawn(
    process.execPath,
    [
      ...nodeArgsFromEnv(),
      ...(options.nodeArgs ?? []),
      '--import',
      tsxLoaderUrl(),
      path.join(REPO_ROOT, 'server/src/main.ts'),
    ],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: sqlitePath,
        SEED: options.seed ?? 'demo',
        METRICS_TOKEN: BENCH_METRICS_TOKEN,
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );

  let output = '';
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk: string) => {
    output += chunk;
  });

  let stopped: Promise<void> | null = null;
  const stop = () => {
    stopped ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        // A CPU profile is written on exit, which can take a few seconds for a long run.
        if (!(await waitForExit(child, 15_000))) {
          child.kill('SIGKILL');
          await waitForExit(child, 5_000);
        }
      }
      rmSync(tempDir, { recursive: true, force: true });
      live.delete(stop);
    })();
    return stopped;
  };
  live.add(stop);

  const timeoutMs = options.startTimeoutMs ?? 60_000;
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`The server did not print "listening on port N" within ${timeoutMs} ms. Output:\n${output}`));
      }, timeoutMs);
      const onData = () => {
        const match = /listening on port (\d+)/.exec(output);
        if (match) {
          cleanup();
          resolve(Number(match[1]));
        }
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        cleanup();
        reject(new Error(`The server exited (code ${code}, signal ${signal}) before listening. Output:\n${output}`));
      };
      const onError = (error: Error) => {
        cleanup();
        reject(error);
      };
      function cleanup() {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.off('exit', onExit);
        child.off('error', onError);
      }
      child.stdout?.on('data', onData);
      child.once('exit', onExit);
      child.once('error', onError);
    });
    return {
      url: `http://127.0.0.1:${port}`,
      port,
      sqlitePath,
      pid: child.pid ?? -1,
      cpuTimeMs: () => (child.pid === undefined ? null : processCpuTimeMs(child.pid)),
      threadCpuTimesMs: () => (child.pid === undefined ? null : threadCpuTimesMs(child.pid)),
      eventLoopDelayP99Ms: () => scrapeEventLoopDelayP99Ms(`http://127.0.0.1:${port}`),
      output: () => output,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
