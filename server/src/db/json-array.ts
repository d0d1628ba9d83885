import type { Kysely } from 'kysely';
import { jsonArrayFrom as postgresJsonArrayFrom } from 'kysely/helpers/postgres';
import { jsonArrayFrom as sqliteJsonArrayFrom } from 'kysely/helpers/sqlite';
import type { Database } from './database.js';
import { isPostgres } from './dialect.js';

/**
 * Kysely's jsonArrayFrom for the handle's database: a subquery's rows as one JSON array column, so
 * that a chart entry reads what its checks need in the same statement as its admission (issue 16).
 * The order of an aggregate's rows is not promised: sort them again where it matters.
 */
export function jsonArrayFromFor(db: Kysely<Database>): typeof sqliteJsonArrayFrom {
  return isPostgres(db) ? postgresJsonArrayFrom : sqliteJsonArrayFrom;
}

/** A JSON array column: PostgreSQL's driver hands it over parsed, SQLite's as text. */
export function jsonRows<Row>(value: Row[] | string): Row[] {
  return typeof value === 'string' ? (JSON.parse(value) as Row[]) : value;
}
