import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface StartServerOptions {
  /** A SQLite file path or a postgres:// URL; omitted: a fresh SQLite file in a new temp directory. */
  databaseUrl?: string;
  /** "demo" (default) loads the demo unit; "none" starts empty. */
  seed?: 'demo' | 'none';
  /** Extra environment for the server process. */
  env?: Record<string, string>;
  /** How long to wait for `listening on port N` (default 60 s: a cold tsx start plus demo seeding). */
  startTimeoutMs?: number;
  /**
   * A compiled entry point (the production build's server/dist/main.js) run with plain node, no
   * TypeScript loader; omitted: server/src/main.ts through tsx.
   */
  entry?: string;
  /** The server's working directory (default the repository root). */
  cwd?: string;
  /** Extra node flags for the server process, before the entry point (e.g. V8 flags a bench needs). */
  nodeArgs?: string[];
}

export interface StartedServer {
  /** http://127.0.0.1:N, no trailing slash. */
  url: string;
  port: number;
  databaseUrl: string;
  /** The SQLite file, when the server runs on SQLite. */
  sqlitePath: string | null;
  /** Everything the process printed so far (stdout and stderr), for failure messages. */
  output(): string;
  /** Stops the process (SIGTERM, then SIGKILL after 5 s) and removes the temp directory it was given. */
  stop(): Promise<void>;
  /** The server process id. */
  pid: number | undefined;
  /**
   * Sends a signal (default SIGKILL: a crash, no shutdown handler runs) and resolves once the process
   * has exited. Keeps the database and the temp directory, so a new server can be started on the same
   * file; a later stop() only removes the temp directory.
   */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const require = createRequire(import.meta.url);

/** tsx's ESM loader, resolved from this package so the server runs as one node process (signals reach it directly). */
export function tsxLoaderUrl(): string {
  const tsxPackage = require.resolve('tsx/package.json');
  return pathToFileURL(path.join(path.dirname(tsxPackage), 'dist/loader.mjs')).href;
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
 * Starts the real server (`server/src/main.ts`) as a child process on a loopback port chosen by the
 * OS, and resolves once it prints `listening on port N`.
 */
export async function startServer(options: StartServerOptions = {}): Promise<StartedServer> {
  let tempDir: string | null = null;
  let databaseUrl = options.databaseUrl;
  if (!databaseUrl) {
    tempDir = mkdtempSync(path.join(tmpdir(), 'detox-api-'));
    databaseUrl = path.join(tempDir, 'detox.sqlite');
  }
  const sqlitePath = /^postgres(ql)?:\/\//.test(databaseUrl) ? null : databaseUrl.replace(/^sqlite:(\/\/)?/, '');

  const args = options.entry
    ? ['--enable-source-maps', options.entry]
    : ['--import', tsxLoaderUrl(), path.join(REPO_ROOT, 'server/src/main.ts')];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      SEED: options.seed ?? 'demo',
      // One log line per request adds up over a test file; a test that reads the log sets its own level.
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  let output = '';
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    output += chunk;
  });

  const cleanup = () => {
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  };

  const timeoutMs = options.startTimeoutMs ?? 60_000;
  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`The server did not print "listening on port N" within ${timeoutMs} ms. Output:\n${output}`));
      }, timeoutMs);
      const onData = (chunk: string) => {
        output += chunk;
        const match = /listening on port (\d+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          child.off('exit', onExit);
          // From now on only collect: searching all the output on every chunk grows with the square of it.
          child.stdout?.off('data', onData);
          child.stdout?.on('data', (more: string) => {
            output += more;
          });
          resolve(Number(match[1]));
        }
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        clearTimeout(timer);
        reject(new Error(`The server exited (code ${code}, signal ${signal}) before listening. Output:\n${output}`));
      };
      child.stdout?.on('data', onData);
      child.once('exit', onExit);
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  } catch (error) {
    child.kill('SIGKILL');
    await waitForExit(child, 5_000);
    cleanup();
    throw error;
  }

  let stopped: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    databaseUrl,
    sqlitePath,
    pid: child.pid,
    output: () => output,
    async kill(signal: NodeJS.Signals = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      if (!(await waitForExit(child, 10_000)))
        throw new Error(`the server (pid ${child.pid}) did not exit within 10 s of ${signal}`);
    },
    stop() {
      stopped ??= (async () => {
        child.kill('SIGTERM');
        if (!(await waitForExit(child, 5_000))) {
          child.kill('SIGKILL');
          await waitForExit(child, 5_000);
        }
        cleanup();
      })();
      return stopped;
    },
  };
}
