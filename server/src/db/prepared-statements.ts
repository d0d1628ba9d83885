import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import { poolWrappingClients } from './pool-client-wrappers.js';

/**
 * SQL texts that PostgreSQL keeps as named prepared statements, and their names. Only the queries
 * every request runs are registered (compiled-once.ts), and the queries over a few stays at once in
 * each of their few padded lengths (id-list-shapes.ts): each connection then parses and plans them
 * once instead of on every run, which halved PostgreSQL's CPU for a session lookup or a board's
 * stays (issue 16: about 100 µs a statement unnamed, 35 to 55 µs named). The set is bounded by the
 * code, so a connection never holds more than these.
 *
 * A query reading `*` is left unnamed: PostgreSQL refuses a prepared statement whose result columns
 * changed under it ("cached plan must not change result type"), which a migration run by another
 * instance during a rolling upgrade would do to a `select *`. Named columns do not change that way.
 */
const names = new Map<string, string>();

export function keepPrepared(sql: string): void {
  if (names.has(sql) || /\*/.test(sql)) return;
  names.set(sql, `detox_${names.size + 1}`);
}

/** The name a SQL text runs under, if it is one to keep prepared. */
export function preparedNameOf(sql: string): string | undefined {
  return names.get(sql);
}

/**
 * The pool Kysely's PostgreSQL dialect is given: its clients run the registered texts as named
 * statements (node-postgres then sends Parse once per connection) and everything else as before.
 */
export function poolWithPreparedStatements(pool: pg.Pool): PostgresPool {
  return poolWrappingClients<pg.PoolClient>(pool, (client) => ({
    // Kysely calls query(text, values) for queries and query(cursor) for streams.
    query: ((textOrCursor: unknown, values?: readonly unknown[]) => {
      const name = typeof textOrCursor === 'string' ? names.get(textOrCursor) : undefined;
      if (name) return client.query({ name, text: textOrCursor as string, values: values as unknown[] });
      return (client.query as (...args: unknown[]) => unknown)(textOrCursor, values);
    }) as PostgresPoolClient['query'],
    release: () => client.release(),
  }));
}
