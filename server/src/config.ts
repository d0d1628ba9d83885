import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SESSION_POLICY, type SessionPolicy } from './services/auth.js';

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
}

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number; got "${value}"`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const seed = env.SEED ?? 'demo';
  if (seed !== 'demo' && seed !== 'none') throw new Error(`SEED must be "demo" or "none"; got "${seed}"`);
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
    },
    clientDist: env.CLIENT_DIST ?? path.join(repoRoot, 'client', 'dist'),
  };
}
