import type { PostgresPool, PostgresPoolClient } from 'kysely';
import { describe, expect, it } from 'vitest';
import { poolWithDeferredBegin } from './deferred-begin.js';

/** A client that records what it was sent; a multi-statement text is answered with one result each. */
function recordingPool() {
  const sent: { text: string; values?: readonly unknown[] }[] = [];
  let released = 0;
  const client = {
    query: async (text: string, values?: readonly unknown[]) => {
      sent.push(values === undefined ? { text } : { text, values });
      const results = text.split(';').map((part, i) => ({ command: `#${i} ${part}`, rowCount: 0, rows: [] }));
      return results.length === 1 ? results[0] : results;
    },
    release: () => {
      released++;
    },
  } as unknown as PostgresPoolClient;
  const pool: PostgresPool = { connect: async () => client, end: async () => {} };
  return { pool: poolWithDeferredBegin(pool), sent, released: () => released };
}

describe('poolWithDeferredBegin', () => {
  it('sends BEGIN with a first statement that has no parameters, in one message, and answers with that statement’s result', async () => {
    const { pool, sent } = recordingPool();
    const client = await pool.connect();
    expect(await client.query('begin', [])).toMatchObject({ command: 'BEGIN', rows: [] });
    expect(sent).toEqual([]);
    const answer = await client.query('select pg_advisory_xact_lock(1, 2)', []);
    expect(answer).toMatchObject({ command: '#1 select pg_advisory_xact_lock(1, 2)' });
    await client.query('select $1', [3]);
    await client.query('commit', []);
    expect(sent).toEqual([
      { text: 'begin;select pg_advisory_xact_lock(1, 2)', values: undefined },
      { text: 'select $1', values: [3] },
      { text: 'commit', values: [] },
    ]);
  });

  it('sends BEGIN on its own ahead of a first statement with parameters', async () => {
    const { pool, sent } = recordingPool();
    const client = await pool.connect();
    await client.query('begin', []);
    await client.query('select * from admission where id = $1', [7]);
    await client.query('rollback', []);
    expect(sent).toEqual([
      { text: 'begin' },
      { text: 'select * from admission where id = $1', values: [7] },
      { text: 'rollback', values: [] },
    ]);
  });

  it('sends nothing for a transaction that ends before its first statement', async () => {
    const { pool, sent } = recordingPool();
    const client = await pool.connect();
    await client.query('begin', []);
    expect(await client.query('rollback', [])).toMatchObject({ command: 'ROLLBACK' });
    await client.query('begin', []);
    expect(await client.query('commit', [])).toMatchObject({ command: 'COMMIT' });
    expect(sent).toEqual([]);
  });

  it('passes statements outside a transaction straight through, and forgets a waiting BEGIN on release', async () => {
    const { pool, sent, released } = recordingPool();
    const client = await pool.connect();
    await client.query('select 1', []);
    await client.query('begin', []);
    client.release();
    expect(released()).toBe(1);
    // The same client from the pool again: its next statement is not in a transaction.
    const again = await pool.connect();
    expect(again).toBe(client);
    await again.query('select 2', []);
    expect(sent).toEqual([
      { text: 'select 1', values: [] },
      { text: 'select 2', values: [] },
    ]);
  });
});
