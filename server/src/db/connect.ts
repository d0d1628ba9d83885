import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import { poolWithDeferredBegin } from './deferred-begin.js';
import { poolWithPreparedStatements } from './prepared-statements.js';
import { AuditKey } from '../audit/audit-key.js';
import pg from 'pg';
import type { Database } from './database.js';
import { GroupCommitSqliteDialect } from './group-commit-driver.js';
import { withStatementCache } from './statement-cache.js';
import { walCheckpointWorker } from './wal-checkpoint.js';
import { type AuditRowCounter, auditRowCounter, auditRowsCountedOn } from './audit-rows-off-loop.js';

export type Dialect = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Where the data lives, for logs: a file path or the PostgreSQL host and database. */
  location: string;
  /** How busy the connection is right now, for /metrics. */
  use(): DatabaseUse;
  /** The audit trail's rows, for /metrics: counted off the event loop on SQLite (audit-rows-off-loop.ts). */
  auditRows: AuditRowCounter;
  /**
   * Where background work reads (the kept views' renewals, services/renewals.ts). On PostgreSQL a pool
   * of its own, at most 2 connections opened when first used, so that work never holds one a request
   * waits for; on SQLite `db` itself (one connection, no pool to share).
   */
  background: Kysely<Database>;
}

/** PostgreSQL: the pool's connections and the queries waiting for one; SQLite: the group commit's queue. */
export type DatabaseUse =
  | { dialect: 'postgres'; total: number; idle: number; waiting: number }
  | { dialect: 'sqlite'; waiting: number; batched: number };

/**
 * SQLite's page cache for the server's connection, in KiB. SQLite's default is 2 MiB, and a unit's
 * open stays span far more than that on a database a year old: on the large bench database (1 GB)
 * every board row, timeline and dose check read its pages from the operating system again, a system
 * call and a copy each. At 64 MiB the hospital bench's statements took 15 to 20 % less time each (the
 * session lookup 65 → 52 µs, the dose check's read 794 → 637 µs) and 128 MiB gained nothing more.
 * The cache fills only as pages are read, so a small database costs what it holds.
 */
export const SQLITE_PAGE_CACHE_KIB = 64 * 1024;

/**
 * `postgres://…` selects PostgreSQL; anything else is a SQLite file path (default under data/).
 * SQLite runs with WAL (readers do not block the writer), synchronous=FULL (an acknowledged chart
 * entry survives power loss), foreign keys on, a busy timeout so concurrent writers wait, and a page
 * cache of SQLITE_PAGE_CACHE_KIB; writes that arrive together share one commit
 * (group-commit-driver.ts), whose disk sync (FULL's) the driver runs off the event loop before
 * answering them, and a worker thread copies the WAL back into the database file (wal-checkpoint.ts).
 * Audit rows written through the handle are sealed with `auditKey` (the config's, or
 * DEVELOPMENT_AUDIT_HMAC_KEY in tests).
 */
export function connect(databaseUrl: string | undefined, defaultSqlitePath: string, auditKey: string): DatabaseHandle {
  const plugins = [new AuditKey(auditKey)];
  if (databaseUrl && /^postgres(ql)?:\/\//.test(databaseUrl)) {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
    const url = new URL(databaseUrl);
    const handleOn = (on: pg.Pool) =>
      new Kysely<Database>({
        dialect: new PostgresDialect({ pool: poolWithDeferredBegin(poolWithPreparedStatements(on)) }),
        plugins,
      });
    const db = handleOn(pool);
    const background = handleOn(new pg.Pool({ connectionString: databaseUrl, max: 2 }));
    return {
      db,
      background,
      dialect: 'postgres',
      auditRows: auditRowsCountedOn(db),
      // No host: node-postgres goes through the Unix socket in the directory `?host=` names.
      location: url.hostname
        ? `postgres ${url.hostname}:${url.port || 5432}${url.pathname}`
        : `postgres ${url.pathname.slice(1)} through the Unix socket in ${url.searchParams.get('host') ?? '/var/run/postgresql'}`,
      use: () => ({ dialect: 'postgres', total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    };
  }
  const file = databaseUrl ? databaseUrl.replace(/^sqlite:(\/\/)?/, '') : defaultSqlitePath;
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma(`cache_size = -${SQLITE_PAGE_CACHE_KIB}`);
  const dialect = new GroupCommitSqliteDialect({
    database: withStatementCache(sqlite),
    checkpoints: walCheckpointWorker,
  });
  const db = new Kysely<Database>({ dialect, plugins });
  return {
    db,
    background: db,
    auditRows: sqlite.memory ? auditRowsCountedOn(db) : auditRowCounter(path.resolve(file)),
    dialect: 'sqlite',
    location: path.resolve(file),
    use: () => ({ dialect: 'sqlite', ...dialect.queue() }),
  };
}
