import { createRequire } from 'node:module';
import path from 'node:path';
import { REPO_ROOT } from './server.js';

/**
 * Reads row counts straight from the server's SQLite file (read-only), to show that a refused call
 * wrote nothing. better-sqlite3 is a dependency of @detox/server, so it is loaded from there.
 */

interface Statement {
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}
interface SqliteDatabase {
  prepare(sql: string): Statement;
  close(): void;
}
type SqliteConstructor = new (file: string, options: { readonly: boolean; fileMustExist: boolean }) => SqliteDatabase;

const requireFromServer = createRequire(path.join(REPO_ROOT, 'server/package.json'));
const Sqlite = requireFromServer('better-sqlite3') as SqliteConstructor;

/** Every clinical table: a rejected call must leave each of them as it was. */
export const CLINICAL_TABLES = [
  'patient',
  'admission',
  'assessment',
  'medication_administration',
  'record_correction',
  'medication_order',
  'order_countersignature',
  'order_discontinuation',
  'client_request',
] as const;
export type ClinicalTable = (typeof CLINICAL_TABLES)[number];

/** Opens the file read-only for one function call, so each call sees the latest committed state. */
export function withSqlite<T>(file: string, read: (db: SqliteDatabase) => T): T {
  const db = new Sqlite(file, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

export function clinicalCounts(file: string): Record<ClinicalTable, number> {
  return withSqlite(file, (db) => {
    const counts = {} as Record<ClinicalTable, number>;
    for (const table of CLINICAL_TABLES) {
      counts[table] = (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    }
    return counts;
  });
}

/** One row by id, straight from the file. */
export function rowById<T = Record<string, unknown>>(file: string, table: string, id: number): T | undefined {
  return withSqlite(file, (db) => db.prepare(`select * from ${table} where id = ?`).get(id) as T | undefined);
}

/** Rows of any query, straight from the file. */
export function selectAll<T = Record<string, unknown>>(file: string, sql: string, ...params: unknown[]): T[] {
  return withSqlite(file, (db) => db.prepare(sql).all(...params) as T[]);
}
