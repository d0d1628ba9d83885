import type { PostgresPool, PostgresPoolClient } from 'kysely';
import { poolWrappingClients } from './pool-client-wrappers.js';

type PoolClientQuery = PostgresPoolClient['query'];
type QueryAnswer = Awaited<ReturnType<PoolClientQuery>>;

const BEGIN = 'begin';

/** What PostgreSQL answers a statement that returns no rows, for one that was not sent. */
function nothingSent(command: string): QueryAnswer {
  return { command, rowCount: 0, rows: [] } as unknown as QueryAnswer;
}

/**
 * A transaction's BEGIN goes out with its first statement, in one round trip, when that statement
 * has no parameters (issue 16). Kysely sends BEGIN on its own and waits for the answer: on
 * PostgreSQL, a round trip every clinical write waited for before it could take its stay's turn
 * (services/admissions.ts, takeTurnOnAdmission, whose statement has no parameters for this reason).
 *
 * PostgreSQL's simple query protocol runs "begin;<statement>" as two statements in one message, in
 * order, and node-postgres answers with both results: the statement's is handed on. A first
 * statement with parameters needs the extended protocol, one statement a message, so BEGIN is sent
 * on its own just before it, as before. A transaction that ends before its first statement sends
 * neither its BEGIN nor its COMMIT or ROLLBACK: nothing was begun.
 */
export function poolWithDeferredBegin(pool: PostgresPool): PostgresPool {
  return poolWrappingClients(pool, deferringBegin);
}

function deferringBegin(client: PostgresPoolClient): PostgresPoolClient {
  let beginWaiting = false;
  const send = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
  const query = async (textOrCursor: unknown, values?: readonly unknown[]): Promise<unknown> => {
    // Kysely's own texts, matched exactly (postgres-driver.js); only a text without parameters can
    // ride with BEGIN. Anything else is passed on as it came.
    const text =
      typeof textOrCursor === 'string' && (values === undefined || values.length === 0) ? textOrCursor : null;
    if (!beginWaiting) {
      if (text !== BEGIN) return send(textOrCursor, values);
      beginWaiting = true;
      return nothingSent('BEGIN');
    }
    beginWaiting = false;
    if (text === 'commit' || text === 'rollback') return nothingSent(text.toUpperCase());
    if (text !== null) {
      const answers = await send(`${BEGIN};${text}`);
      return Array.isArray(answers) ? answers[answers.length - 1] : answers;
    }
    await send(BEGIN);
    return send(textOrCursor, values);
  };
  return {
    query: query as unknown as PoolClientQuery,
    release: () => {
      // A client handed back with its BEGIN still waiting had begun nothing.
      beginWaiting = false;
      client.release();
    },
  };
}
