import type { PostgresPool, PostgresPoolClient } from 'kysely';

/**
 * A pool for Kysely's PostgreSQL dialect that hands out its clients wrapped (prepared-statements.ts,
 * deferred-begin.ts). Kysely keeps one connection object per client it is handed, so a client gets
 * the same wrapper every time it comes back from the pool.
 */
export function poolWrappingClients<Client extends object>(
  pool: { connect(): Promise<Client>; end(): Promise<void> },
  wrap: (client: Client) => PostgresPoolClient,
): PostgresPool {
  const wrappers = new WeakMap<Client, PostgresPoolClient>();
  return {
    connect: async () => {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (!wrapper) {
        wrapper = wrap(client);
        wrappers.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
  };
}
