import { type SpawnSyncOptions, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A throwaway PostgreSQL cluster on a free loopback port (toolchain.md, "PostgreSQL in tests"):
 * initdb into a temp directory, pg_ctl start, and on stop pg_ctl stop and remove the directory.
 * initdb refuses to run as root, so as root everything runs as the `postgres` user.
 */
export interface StartedPostgres {
  /** postgres://postgres@127.0.0.1:PORT/postgres (the maintenance database: create your own in it). */
  url: string;
  port: number;
  /** The same database through the server's Unix socket (its directory in `host`), for a client on this machine. */
  socketUrl: string;
  /** The server's log file (gone after stop()). */
  logFile: string;
  stop(): Promise<void>;
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function run(command: string, args: string[], options: SpawnSyncOptions = {}): string {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 300_000, ...options });
  if (result.error) throw new Error(`${command} ${args.join(' ')} could not run: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited with ${result.status}:\n${result.stdout ?? ''}${result.stderr ?? ''}`,
    );
  }
  return String(result.stdout ?? '');
}

/** Runs a PostgreSQL binary as the postgres user when we are root (initdb and postgres refuse root). */
function runPg(binary: string, args: string[]): string {
  return isRoot ? run('runuser', ['-u', 'postgres', '--', binary, ...args]) : run(binary, args);
}

function versionOf(dir: string): number[] {
  return dir.split('.').map((n) => Number.parseInt(n, 10) || 0);
}

/** The newest /usr/lib/postgresql/<version>/bin, or null. */
export function findPostgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => {
      const [x, y] = [versionOf(a), versionOf(b)];
      for (let i = 0; i < Math.max(x.length, y.length); i++) {
        const d = (x[i] ?? 0) - (y[i] ?? 0);
        if (d !== 0) return d;
      }
      return 0;
    });
  const newest = versions.at(-1);
  return newest ? path.join(root, newest, 'bin') : null;
}

/** Finds PostgreSQL, installing Debian's package when it is missing and we are root. */
export function ensurePostgresBin(): string {
  const found = findPostgresBin();
  if (found) return found;
  if (!isRoot) {
    throw new Error(
      'PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb) and this is not root: install the "postgresql" package',
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  run('apt-get', ['install', '-y', '-qq', 'postgresql'], { env });
  const installed = findPostgresBin();
  if (!installed) throw new Error('apt-get installed postgresql but no /usr/lib/postgresql/*/bin/initdb appeared');
  return installed;
}

/** A port the OS reports free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * `settings`: extra `-c name=value` server settings, e.g. `log_statement=ddl` to count DDL in the log.
 * They come after the defaults below (no fsync, no synchronous commit: a test cluster's data is thrown
 * away), so a caller that needs a durable cluster, as the benches do, sets those back on.
 */
export async function startPostgres(options: { settings?: string[] } = {}): Promise<StartedPostgres> {
  const bin = ensurePostgresBin();
  const dir = mkdtempSync(path.join(tmpdir(), 'detox-pg-'));
  chmodSync(dir, 0o700);
  if (isRoot) run('chown', ['postgres:postgres', dir]);
  const data = path.join(dir, 'data');
  const log = path.join(dir, 'server.log');
  const removeDir = () => rmSync(dir, { recursive: true, force: true });

  try {
    runPg(path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
  } catch (error) {
    removeDir();
    throw error;
  }

  // Another process can take the port between freePort() and pg_ctl start: try a few.
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    try {
      runPg(path.join(bin, 'pg_ctl'), [
        '-D',
        data,
        '-l',
        log,
        '-w',
        '-t',
        '30',
        '-o',
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off${(options.settings ?? []).map((s) => ` -c ${s}`).join('')}`,
        'start',
      ]);
    } catch (error) {
      lastError = error;
      continue;
    }
    let stopped: Promise<void> | null = null;
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      port,
      socketUrl: `postgres:///postgres?host=${encodeURIComponent(dir)}&port=${port}&user=postgres`,
      logFile: log,
      stop() {
        stopped ??= (async () => {
          try {
            runPg(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', '-t', '30', 'stop']);
          } finally {
            removeDir();
          }
        })();
        return stopped;
      },
    };
  }
  const serverLog = existsSync(log) ? readFileSync(log, 'utf8') : '(no log)';
  removeDir();
  throw new Error(
    `PostgreSQL did not start: ${lastError instanceof Error ? lastError.message : String(lastError)}\n${serverLog}`,
  );
}
