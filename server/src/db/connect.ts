import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
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
 * `postgres://…` selects PostgreSQL; anything else is a SQLite file path (default under data/).
 * SQLite runs with WAL (readers do not block the writer), synchronous=FULL (an acknowledged chart
 * entry survives power loss), foreign keys on, and a busy timeout so concurrent writers wait; writes
 * that arrive together share one commit (group-commit-driver.ts), whose disk sync (FULL's) the
 * driver runs off the event loop before answering them, and a worker thread copies the WAL back into
 * the database file (wal-checkpoint.ts). Audit rows written through the
 * handle are sealed with `auditKey` (the config's, or DEVELOPMENT_AUDIT_HMAC_KEY in tests).
 */
export function connect(databaseUrl: string | undefined, defaultSqlitePath: string, auditKey: string): DatabaseHandle {
  const plugins = [new AuditKey(auditKey)];
  if (databaseUrl && /^postgres(ql)?:\/\//.test(databaseUrl)) {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
    const url = new URL(databaseUrl);
    const handleOn = (on: pg.Pool) =>
      new Kysely<Database>({ dialect: new PostgresDialect({ pool: poolWithPreparedStatements(on) }), plugins });
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
