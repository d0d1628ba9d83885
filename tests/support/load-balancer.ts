import { type ChildProcess, type SpawnSyncOptions, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './postgres.js';

/**
 * A real load balancer on loopback (issue 12, item 2): Debian's HAProxy in front of server instances,
 * configured as docs/deploy.md describes (round robin, no sticky sessions, /readyz health checks, a
 * connection refused is sent to the other instance). Installed with apt-get when missing and we are
 * root, as tests/support/postgres.ts does for PostgreSQL, so a clean CI machine needs nothing first.
 */

export const HAPROXY_BIN = '/usr/sbin/haproxy';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function run(command: string, args: string[], options: SpawnSyncOptions = {}): void {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 600_000, ...options });
  if (result.error) throw new Error(`${command} ${args.join(' ')} could not run: ${result.error.message}`);
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}:\n${result.stdout}${result.stderr}`);
}

/** Finds HAProxy, installing Debian's package when it is missing and we are root. */
export function ensureHaproxy(): string {
  if (existsSync(HAPROXY_BIN)) return HAPROXY_BIN;
  if (!isRoot)
    throw new Error(`HAProxy is not installed (${HAPROXY_BIN}) and this is not root: install the "haproxy" package`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  // The package's service is not started here (no systemd in CI containers); we run our own process.
  run('apt-get', ['install', '-y', '-qq', 'haproxy'], { env });
  if (!existsSync(HAPROXY_BIN)) throw new Error(`apt-get installed haproxy but ${HAPROXY_BIN} is missing`);
  return HAPROXY_BIN;
}

export interface Backend {
  name: string;
  port: number;
}

export interface LoadBalancerOptions {
  /** Health check interval, ms (fall 2, rise 2): how soon a stopping instance leaves the pool. */
  checkIntervalMs?: number;
}

export interface StartedLoadBalancer {
  /** http://127.0.0.1:N */
  url: string;
  port: number;
  /** HAProxy's process id. */
  pid: number | undefined;
  /** "UP" / "DOWN" / "MAINT"… per backend, from HAProxy's runtime API. */
  states(): Promise<Record<string, string>>;
  /**
   * Takes a backend out of the pool (maintenance: no new requests, its process left running) or puts
   * it back, where it is UP again once its health checks pass (waitFor).
   */
  setMaintenance(name: string, on: boolean): Promise<void>;
  /** Resolves once every named backend reports the given state (or throws after `timeoutMs`). */
  waitFor(state: 'UP' | 'DOWN', names: string[], timeoutMs?: number): Promise<void>;
  output(): string;
  stop(): Promise<void>;
}

function config(frontPort: number, socket: string, backends: Backend[], checkIntervalMs: number): string {
  return `global
  maxconn 1024
  stats socket ${socket} mode 600 level admin

defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  timeout http-keep-alive 5s
  # A busy instance answers /readyz late, not never: only a check that takes this long fails.
  timeout check 3s
  # A request whose connection is refused (the instance is gone) goes to another instance. Only
  # connection failures are retried here: the request never reached a server, so it cannot repeat a
  # write. A write that reached an instance which then died is the client's to retry, with its requestId.
  retries 2
  option redispatch 1
  # The instances believe X-Forwarded-For from loopback (TRUSTED_PROXIES=loopback).
  option forwardfor

frontend detox
  bind 127.0.0.1:${frontPort}
  default_backend instances

backend instances
  balance roundrobin
  option httpchk GET /readyz
  http-check expect status 200
  # A connection error on live traffic marks the instance down at once, not at the next check.
  default-server check inter ${checkIntervalMs} fall 2 rise 2 observe layer4 error-limit 1 on-error mark-down
${backends.map((b) => `  server ${b.name} 127.0.0.1:${b.port}`).join('\n')}
`;
}

/** Sends one command to HAProxy's runtime API (the stats socket) and returns its answer. */
function runtimeCommand(socket: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const client = connect(socket);
    let answer = '';
    client.setEncoding('utf8');
    client.on('data', (chunk: string) => {
      answer += chunk;
    });
    client.on('end', () => resolve(answer));
    client.on('error', reject);
    client.end(`${command}\n`);
  });
}

/** Starts HAProxy in the foreground on a free loopback port, balancing over `backends`. */
export async function startLoadBalancer(
  backends: Backend[],
  options: LoadBalancerOptions = {},
): Promise<StartedLoadBalancer> {
  const bin = ensureHaproxy();
  const dir = mkdtempSync(path.join(tmpdir(), 'detox-lb-'));
  const socket = path.join(dir, 'admin.sock');
  const file = path.join(dir, 'haproxy.cfg');
  const checkIntervalMs = options.checkIntervalMs ?? 200;

  let lastError = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    writeFileSync(file, config(port, socket, backends, checkIntervalMs));
    // -db: stay in the foreground as our child process, logging to stderr (no daemon, no master-worker).
    const child: ChildProcess = spawn(bin, ['-db', '-f', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stdout?.on('data', (c: string) => {
      output += c;
    });
    child.stderr?.on('data', (c: string) => {
      output += c;
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let running = true;
    void exited.then(() => {
      running = false;
    });

    const states = async (): Promise<Record<string, string>> => {
      const text = await runtimeCommand(socket, 'show servers state instances');
      // Lines: be_id be_name srv_id srv_name srv_addr srv_op_state …; op_state 2 is running (UP).
      const out: Record<string, string> = {};
      for (const line of text.split('\n')) {
        const f = line.trim().split(/\s+/);
        if (f.length < 7 || f[1] !== 'instances') continue;
        const op = Number(f[5]);
        out[f[3] ?? ''] = op === 2 ? 'UP' : op === 0 ? 'DOWN' : `STATE${op}`;
      }
      return out;
    };

    // Listening? Poll the runtime API until it answers (HAProxy binds before it opens the socket).
    const deadline = Date.now() + 10_000;
    let ready = false;
    while (running && Date.now() < deadline) {
      try {
        await states();
        ready = true;
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    if (!ready) {
      child.kill('SIGKILL');
      await exited;
      lastError = output;
      continue;
    }

    let stopped: Promise<void> | null = null;
    return {
      url: `http://127.0.0.1:${port}`,
      port,
      pid: child.pid,
      states,
      async setMaintenance(name, on) {
        const answer = await runtimeCommand(socket, `set server instances/${name} state ${on ? 'maint' : 'ready'}`);
        // The runtime API answers an accepted command with an empty line, a refused one with its reason.
        if (answer.trim() !== '') throw new Error(`HAProxy refused to change ${name}'s state: ${answer.trim()}`);
      },
      async waitFor(state, names, timeoutMs = 15_000) {
        const until = Date.now() + timeoutMs;
        let seen: Record<string, string> = {};
        while (Date.now() < until) {
          seen = await states();
          if (names.every((n) => seen[n] === state)) return;
          await new Promise((r) => setTimeout(r, 50));
        }
        throw new Error(`HAProxy: ${names.join(', ')} not ${state} within ${timeoutMs} ms: ${JSON.stringify(seen)}`);
      },
      output: () => output,
      stop() {
        stopped ??= (async () => {
          if (running) {
            child.kill('SIGTERM');
            const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
            await exited;
            clearTimeout(timer);
          }
          rmSync(dir, { recursive: true, force: true });
        })();
        return stopped;
      },
    };
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error(`HAProxy did not start:\n${lastError}`);
}
