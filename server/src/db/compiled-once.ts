import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { Database } from './database.js';

/**
 * A query that every request runs (the session lookup), built and compiled by Kysely once per
 * database handle instead of on each run: building and compiling a two-table select cost more CPU
 * than SQLite spends answering it (issue 16). `build` writes the query with placeholder values;
 * each run passes the real values in the order they appear in the SQL, as many as the placeholders.
 */
export function compiledOnce<Row>(
  build: (db: Kysely<Database>) => Compilable<Row>,
): (db: Kysely<Database>, values: readonly unknown[]) => Promise<Row[]> {
  const compiled = new WeakMap<Kysely<Database>, CompiledQuery<Row>>();
  return async (db, values) => {
    let query = compiled.get(db);
    if (!query) {
      query = build(db).compile();
      compiled.set(db, query);
    }
    if (values.length !== query.parameters.length) {
      throw new Error(`The query takes ${query.parameters.length} values, not ${values.length}: ${query.sql}`);
    }
    const result = await db.executeQuery<Row>({ ...query, parameters: values });
    return result.rows;
  };
}
