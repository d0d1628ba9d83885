import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database.js';
import { GroupCommitSqliteDialect } from './group-commit-driver.js';
import { withStatementCache } from './statement-cache.js';

export type Dialect = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Where the data lives, for logs: a file path or the PostgreSQL host and database. */
  location: string;
}

/**
 * `postgres://…` selects PostgreSQL; anything else is a SQLite file path (default under data/).
 * SQLite runs with WAL (readers do not block the writer), synchronous=FULL (an acknowledged chart
 * entry survives power loss), foreign keys on, and a busy timeout so concurrent writers wait; writes
 * that arrive together share one commit (group-commit-driver.ts).
 */
export function connect(databaseUrl: string | undefined, defaultSqlitePath: string): DatabaseHandle {
  if (databaseUrl && /^postgres(ql)?:\/\//.test(databaseUrl)) {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
    const url = new URL(databaseUrl);
    return {
      db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
      dialect: 'postgres',
      location: `postgres ${url.hostname}:${url.port || 5432}${url.pathname}`,
    };
  }
  const file = databaseUrl ? databaseUrl.replace(/^sqlite:(\/\/)?/, '') : defaultSqlitePath;
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return {
    db: new Kysely<Database>({ dialect: new GroupCommitSqliteDialect({ database: withStatementCache(sqlite) }) }),
    dialect: 'sqlite',
    location: path.resolve(file),
  };
}
