import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { Database } from './database.js';

/**
 * A query that every request runs (the session lookup), built and compiled by Kysely once per
 * database instead of on each run: building and compiling a two-table select cost more CPU than
 * SQLite spends answering it (issue 16). `build` writes the query with placeholder values; each run
 * passes the real values in the order they appear in the SQL, as many as the placeholders.
 *
 * Kept per dialect adapter: a database handle, its transactions and its plugin views share one, and
 * the SQL compiled on any of them is the same (the app's plugins leave queries untouched). A run
 * inside a transaction runs on the transaction's connection.
 */
export function compiledOnce<Row>(
  build: (db: Kysely<Database>) => Compilable<Row>,
): (db: Kysely<Database>, values: readonly unknown[]) => Promise<Row[]> {
  const compiled = new WeakMap<object, CompiledQuery<Row>>();
  return async (db, values) => {
    const adapter = db.getExecutor().adapter;
    let query = compiled.get(adapter);
    if (!query) {
      query = build(db).compile();
      compiled.set(adapter, query);
    }
    if (values.length !== query.parameters.length) {
      throw new Error(`The query takes ${query.parameters.length} values, not ${values.length}: ${query.sql}`);
    }
    const result = await db.executeQuery<Row>({ ...query, parameters: values });
    return result.rows;
  };
}
