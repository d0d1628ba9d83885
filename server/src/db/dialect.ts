import { type Kysely, PostgresAdapter } from 'kysely';

/** Whether a database handle, or a transaction on one, runs on PostgreSQL (else SQLite). */
// biome-ignore lint/suspicious/noExplicitAny: any database's handle; only its adapter is read.
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
