import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEVELOPMENT_AUDIT_HMAC_KEY } from './audit/audit-key.js';
import type { SessionPolicy, ThrottlePolicy } from './auth/session-policy.js';
import { DEFAULT_REQUEST_CONCURRENCY } from './http/request-gate.js';

/** Login throttling when the environment says nothing (README, Configuration). */
export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = {
  freeFailuresPerDevice: 5,
  firstWaitSeconds: 30,
  usernameSlowAfter: 50,
  usernameSlowSeconds: 2,
  failureWindowMinutes: 15,
};

/** Session limits when the environment says nothing (README, Configuration). */
export const DEFAULT_SESSION_POLICY: SessionPolicy = {
  ...DEFAULT_THROTTLE_POLICY,
  idleMinutes: 15,
  absoluteHours: 12,
  maxSessionsPerUser: 10,
};

/** The shortest AUDIT_HMAC_KEY accepted: 32 characters, e.g. the 64 hex digits of `openssl rand -hex 32`. */
const MIN_AUDIT_HMAC_KEY_LENGTH = 32;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  defaultSqlitePath: string;
  /** Load the demo unit into an empty database ("demo"), or never ("none"). */
  seed: 'demo' | 'none';
  cookieSecure: boolean;
  sessionPolicy: SessionPolicy;
  /** The built client, served at / when it exists. */
  clientDist: string;
  /**
   * The secret that seals the audit trail (AUDIT_HMAC_KEY): each audit row carries an HMAC-SHA256 over
   * its fields and the previous row's HMAC, so an edited, deleted, reordered or forged row shows up in
   * `pnpm verify-audit`. When unset, this is the public DEVELOPMENT_AUDIT_HMAC_KEY
   * (auditHmacKeyIsDevelopment is true) and the server warns at startup. That is for the demo and the tests only; in production it MUST be
   * set (at least 32 characters, e.g. `openssl rand -hex 32`), kept out of the database and its
   * backups, and be the same for every server instance sharing a database, for as long as the
   * database lives. Handed to connect(), which seals every audit row written through the handle.
   */
  auditHmacKey: string;
  /** AUDIT_HMAC_KEY is unset: the trail is sealed with the public development key (warned about). */
  auditHmacKeyIsDevelopment: boolean;
  /**
   * Proxies whose X-Forwarded-For is believed (TRUSTED_PROXIES: addresses or CIDR ranges, comma
   * separated, or Express's names "loopback", "uniquelocal"). Empty: the client address is the
   * connection's, and a forged X-Forwarded-For changes nothing (login throttling, audit addresses).
   */
  trustedProxies: string[];
  /** PUBLIC_ORIGIN: the address users open (https://detox.example.org); the Host header must match it. */
  publicOrigin: URL | undefined;
  /** Source maps of the client are served only outside production. */
  serveSourceMaps: boolean;
  /**
   * METRICS_TOKEN: the bearer token a Prometheus scraper sends to GET /metrics (at least 16
   * characters). Unset: /metrics does not exist (404), so nothing about the server leaks by default.
   */
  metricsToken: string | undefined;
  /**
   * SHUTDOWN_DELAY_MS (default 0): on SIGTERM, how long /readyz answers 503 while requests are still
   * served, before the port closes; set it to the load balancer's health-check interval.
   */
  shutdownDelayMs: number;
  /** API calls worked on at once; the rest wait their turn (http/request-gate.ts). */
  requestConcurrency: number;
}

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number; got "${value}"`);
  return n;
}

function auditHmacKeyFrom(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (value.length < MIN_AUDIT_HMAC_KEY_LENGTH) {
    throw new Error(
      `AUDIT_HMAC_KEY must be at least ${MIN_AUDIT_HMAC_KEY_LENGTH} characters (generate one with \`openssl rand -hex 32\`); got ${value.length}`,
    );
  }
  return value;
}

function metricsTokenFrom(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (value.length < 16)
    throw new Error(
      `METRICS_TOKEN must be at least 16 characters (e.g. \`openssl rand -hex 16\`); got ${value.length}`,
    );
  return value;
}

function publicOriginFrom(value: string | undefined): URL | undefined {
  if (value === undefined || value === '') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`PUBLIC_ORIGIN must be an address like https://detox.example.org; got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`PUBLIC_ORIGIN must start with https:// or http://; got "${value}"`);
  return url;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const seed = env.SEED ?? 'demo';
  if (seed !== 'demo' && seed !== 'none') throw new Error(`SEED must be "demo" or "none"; got "${seed}"`);
  const auditHmacKey = auditHmacKeyFrom(env.AUDIT_HMAC_KEY);
  return {
    port: env.PORT === '0' ? 0 : positiveInt('PORT', env.PORT, 3000),
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    defaultSqlitePath: path.join(repoRoot, 'data', 'detox.sqlite'),
    seed,
    cookieSecure: env.COOKIE_SECURE === '1' || env.COOKIE_SECURE === 'true',
    sessionPolicy: {
      ...DEFAULT_SESSION_POLICY,
      idleMinutes: positiveInt('SESSION_IDLE_MINUTES', env.SESSION_IDLE_MINUTES, DEFAULT_SESSION_POLICY.idleMinutes),
      absoluteHours: positiveInt('SESSION_MAX_HOURS', env.SESSION_MAX_HOURS, DEFAULT_SESSION_POLICY.absoluteHours),
      maxSessionsPerUser: positiveInt(
        'SESSION_MAX_PER_USER',
        env.SESSION_MAX_PER_USER,
        DEFAULT_SESSION_POLICY.maxSessionsPerUser,
      ),
      firstWaitSeconds: positiveInt(
        'LOGIN_FIRST_WAIT_SECONDS',
        env.LOGIN_FIRST_WAIT_SECONDS,
        DEFAULT_SESSION_POLICY.firstWaitSeconds,
      ),
      usernameSlowAfter: positiveInt(
        'LOGIN_SLOW_AFTER',
        env.LOGIN_SLOW_AFTER,
        DEFAULT_SESSION_POLICY.usernameSlowAfter,
      ),
    },
    trustedProxies: (env.TRUSTED_PROXIES ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== ''),
    publicOrigin: publicOriginFrom(env.PUBLIC_ORIGIN),
    serveSourceMaps: env.NODE_ENV !== 'production',
    clientDist: env.CLIENT_DIST ?? path.join(repoRoot, 'client', 'dist'),
    auditHmacKey: auditHmacKey ?? DEVELOPMENT_AUDIT_HMAC_KEY,
    auditHmacKeyIsDevelopment: auditHmacKey === undefined,
    metricsToken: metricsTokenFrom(env.METRICS_TOKEN),
    shutdownDelayMs: env.SHUTDOWN_DELAY_MS === '0' ? 0 : positiveInt('SHUTDOWN_DELAY_MS', env.SHUTDOWN_DELAY_MS, 0),
    requestConcurrency: positiveInt('REQUEST_CONCURRENCY', env.REQUEST_CONCURRENCY, DEFAULT_REQUEST_CONCURRENCY),
  };
}
