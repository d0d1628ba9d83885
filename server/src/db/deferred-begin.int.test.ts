import { Kysely, PostgresDialect, type PostgresPool, sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { dialectAvailable, freshDatabase } from '../../test-support/databases.js';
import { poolWithDeferredBegin } from './deferred-begin.js';

const LOCK = sql`select pg_advisory_xact_lock(${sql.lit(7001)}, ${sql.lit(42)})`;

/** Whether another connection can take the lock the transactions above take (and lets it go at once). */
async function lockIsFree(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ taken: boolean }>('select pg_try_advisory_lock(7001, 42) as taken');
    if (rows[0]?.taken) await client.query('select pg_advisory_unlock(7001, 42)');
    return rows[0]?.taken === true;
  } finally {
    await client.end();
  }
}

describe.skipIf(!dialectAvailable('postgres'))('a transaction’s BEGIN with its first statement (postgres)', () => {
  it('begins the transaction for real: the first statement is undone with it, and its lock is held to the COMMIT', async () => {
    const t = await freshDatabase('postgres');
    try {
      const url = t.url ?? '';
      await sql`create table deferred_begin_probe (n int not null)`.execute(t.db);
      // The first statement, parameterless, rides with BEGIN; a failure later rolls both back.
      await expect(
        t.db.transaction().execute(async (trx) => {
          await sql`insert into deferred_begin_probe values (1)`.execute(trx);
          throw new Error('the write is refused');
        }),
      ).rejects.toThrow('the write is refused');
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from deferred_begin_probe`.execute(t.db);
      expect(rows[0]?.n).toBe(0);

      await t.db.transaction().execute(async (trx) => {
        await LOCK.execute(trx);
        expect(await lockIsFree(url)).toBe(false);
        await sql`insert into deferred_begin_probe values (${2})`.execute(trx);
      });
      expect(await lockIsFree(url)).toBe(true);
    } finally {
      await t.close();
    }
  });

  it('takes one round trip for BEGIN and a first statement without parameters, and hands on that statement’s rows', async () => {
    const t = await freshDatabase('postgres');
    const sent: string[] = [];
    const pool = new pg.Pool({ connectionString: t.url, max: 1 });
    const counting: PostgresPool = {
      connect: async () => {
        const client = await pool.connect();
        const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
        return {
          query: ((text: string, values?: unknown[]) => {
            sent.push(text);
            return query(text, values);
          }) as never,
          release: () => client.release(),
        };
      },
      end: () => pool.end(),
    };
    const db = new Kysely<Record<string, never>>({
      dialect: new PostgresDialect({ pool: poolWithDeferredBegin(counting) }),
    });
    try {
      const answer = await db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ n: number }>`select 41 + 1 as n`.execute(trx);
        await sql`select ${'a parameter'}::text`.execute(trx);
        return rows;
      });
      expect(answer).toEqual([{ n: 42 }]);
      expect(sent).toEqual(['begin;select 41 + 1 as n', 'select $1::text', 'commit']);
    } finally {
      await db.destroy();
      await t.close();
    }
  });
});
