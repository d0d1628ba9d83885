import type SQLite from 'better-sqlite3';

/**
 * Kysely's SQLite dialect calls `prepare` for every query; compiling the same SQL again costs more
 * than running it for the small lookups of a chart entry. This keeps the most recently used
 * statements (keyed by SQL text, which Kysely builds with placeholders, so values do not multiply
 * entries). Safe because better-sqlite3 runs one statement at a time on this connection and Kysely
 * never iterates two results of the same statement at once.
 */
export function withStatementCache(database: SQLite.Database, capacity = 500): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = database.prepare.bind(database);
  const cachedPrepare = (source: string) => {
    const hit = cache.get(source);
    if (hit) {
      // Re-insert to mark as most recently used (a Map iterates in insertion order).
      cache.delete(source);
      cache.set(source, hit);
      return hit;
    }
    const statement = prepare(source);
    cache.set(source, statement);
    if (cache.size > capacity) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    return statement;
  };
  return new Proxy(database, {
    get(target, property) {
      if (property === 'prepare') return cachedPrepare;
      // The target as `this`: better-sqlite3's native getters (inTransaction) refuse a proxy.
      const value = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
