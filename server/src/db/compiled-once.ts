import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import { isPostgres } from './dialect.js';
import type { Database } from './database.js';
import { keepPrepared } from './prepared-statements.js';

/** Stands in the query where a value named `name` goes; found again among the compiled parameters. */
class Slot {
  constructor(readonly name: string) {}
}

/** A named parameter of a query built once (its value is given at each run). */
export type Slots<Name extends string> = (name: Name) => never;

/**
 * A query that every request runs (the session lookup, the scope checks), built and compiled by
 * Kysely once per database instead of on each run: building and compiling a two-table select cost
 * more CPU than SQLite spends answering it (issue 16). `build` writes the query with `slot('name')`
 * where each run's value goes; each run passes the values by name. Constants written into the query
 * stay as they were compiled.
 *
 * Kept per dialect adapter: a database handle, its transactions and its plugin views share one, and
 * the SQL compiled on any of them is the same (the app's plugins leave queries untouched). A run
 * inside a transaction runs on the transaction's connection. On PostgreSQL each connection also keeps
 * the query parsed and planned (prepared-statements.ts).
 */
export function compiledOnce<Row, Name extends string>(
  build: (db: Kysely<Database>, slot: Slots<Name>) => Compilable<Row>,
): (db: Kysely<Database>, values: Readonly<Record<Name, unknown>>) => Promise<Row[]> {
  const compiled = new WeakMap<object, CompiledQuery<Row>>();
  const compile = (db: Kysely<Database>): CompiledQuery<Row> => {
    const slots = new Set<string>();
    const query = build(db, (name) => {
      slots.add(name);
      return new Slot(name) as never;
    }).compile();
    for (const name of slots) {
      if (!query.parameters.some((p) => p instanceof Slot && p.name === name))
        throw new Error(`The value "${name}" is not a parameter of the compiled query: ${query.sql}`);
    }
    if (isPostgres(db)) keepPrepared(query.sql);
    return query;
  };
  return async (db, values) => {
    const adapter = db.getExecutor().adapter;
    let query = compiled.get(adapter);
    if (!query) {
      query = compile(db);
      compiled.set(adapter, query);
    }
    const parameters = query.parameters.map((p) => {
      if (!(p instanceof Slot)) return p;
      if (!Object.hasOwn(values, p.name)) throw new Error(`No value was given for "${p.name}": ${query.sql}`);
      return values[p.name as Name];
    });
    const result = await db.executeQuery<Row>({ ...query, parameters });
    return result.rows;
  };
}
