import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { inject } from 'vitest';
import { DEVELOPMENT_AUDIT_HMAC_KEY } from '../src/audit/audit-key.js';
import { type Dialect, connect } from '../src/db/connect.js';
import type { Database } from '../src/db/database.js';
import type { Actor } from '../src/services/actor.js';
import { Refusal } from '../src/services/errors.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { seedDemoIfEmpty } from '../src/db/seed/demo.js';

// Test-only helpers for the data-layer tests (*.int.test.ts): one fresh database per test file, on
// SQLite (a temp file) and on the throwaway PostgreSQL that tests/support/postgres-global-setup.ts starts.

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string | null;
  }
}

export const DIALECTS: readonly Dialect[] = ['sqlite', 'postgres'];

/** PostgreSQL is skipped only when the global setup was told SKIP_POSTGRES=1. */
export function dialectAvailable(dialect: Dialect): boolean {
  return dialect === 'sqlite' || inject('postgresUrl') !== null;
}

export interface TestDatabase {
  db: Kysely<Database>;
  dialect: Dialect;
  /** The connection URL (PostgreSQL only), for tests that open their own connections. */
  url?: string;
  /** Closes the pool and drops the database (PostgreSQL) or removes the file (SQLite). */
  close(): Promise<void>;
}

/**
 * An empty database of its own: a new SQLite file, or a new PostgreSQL database with a random name.
 * Its audit rows are sealed with `auditKey` (the development key, as a test server's are).
 */
export async function freshDatabase(
  dialect: Dialect,
  auditKey: string = DEVELOPMENT_AUDIT_HMAC_KEY,
): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'detox-int-'));
    const { db } = connect(path.join(dir, 'test.sqlite'), path.join(dir, 'unused.sqlite'), auditKey);
    return {
      db,
      dialect,
      async close() {
        await db.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = inject('postgresUrl');
  if (!adminUrl) throw new Error('No PostgreSQL was provided (SKIP_POSTGRES=1?)');
  const name = `detox_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const { db } = connect(url.toString(), '', auditKey);
  return {
    db,
    dialect,
    url: url.toString(),
    async close() {
      await db.destroy();
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        // pg's pool resolves end() before its clients' sockets have closed: a forced drop meanwhile
        // terminates them mid-goodbye, and that FATAL surfaces as an uncaught error in the test run.
        for (let waited = 0; waited < 2_000; waited += 20) {
          const { rows } = await client.query<{ n: number }>(
            'select count(*)::int as n from pg_stat_activity where datname = $1',
            [name],
          );
          if ((rows[0]?.n ?? 0) === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * A fresh database with the schema and both demo units: where most data-layer tests start. The demo
 * is seeded back from `now`, as a server starting then would seed it.
 */
export async function demoDatabase(dialect: Dialect, now?: Date): Promise<TestDatabase> {
  const t = await freshDatabase(dialect);
  await migrateToLatest(t.db);
  await seedDemoIfEmpty(t.db, now);
  return t;
}

/** A seeded unit's id, by its name ("Detox North", "Detox South" in the demo). */
export async function unitIdNamed(db: Kysely<Database>, name: string): Promise<number> {
  return (await db.selectFrom('unit').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
}

/** The actor for a seeded user, as the tRPC layer would build it. */
export async function actorFor(db: Kysely<Database>, username: string): Promise<Actor> {
  const user = await db
    .selectFrom('app_user')
    .select(['id', 'name', 'role'])
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return { id: user.id, name: user.name, role: user.role, address: '127.0.0.1' };
}

export const CLINICAL_TABLES = [
  'patient',
  'admission',
  'assessment',
  'medication_administration',
  'record_correction',
] as const;
export const COUNTED_TABLES = [...CLINICAL_TABLES, 'audit_event'] as const;
export type CountedTable = (typeof COUNTED_TABLES)[number];

export async function countRows(db: Kysely<Database>, table: CountedTable): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Row counts of every clinical table and the audit trail, to show a refused call wrote nothing. */
export async function rowCounts(db: Kysely<Database>): Promise<Record<CountedTable, number>> {
  const entries = await Promise.all(COUNTED_TABLES.map(async (t) => [t, await countRows(db, t)] as const));
  return Object.fromEntries(entries) as Record<CountedTable, number>;
}

/** The Refusal a service call ends with; fails the test if it succeeds or fails some other way. */
export async function refusalOf(call: Promise<unknown>): Promise<Refusal> {
  try {
    await call;
  } catch (error) {
    if (error instanceof Refusal) return error;
    throw error;
  }
  throw new Error('expected the service to refuse, but the call succeeded');
}

/** An ISO instant some minutes before now. */
export function minutesAgo(minutes: number): string {
  return new Date(Date.now() - minutes * 60_000).toISOString();
}
