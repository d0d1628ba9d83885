import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { compiledOnce } from '../db/compiled-once.js';
import type { Database } from '../db/database.js';
import type { Actor } from './actor.js';
import { auditedTransaction } from './audit.js';
import { Refusal } from './errors.js';
import { nowInstant } from './time.js';

/** One clinical write as the client sent it: the procedure, its request id (if any) and the rest. */
export interface ClientRequest {
  procedure: string;
  requestId: string | undefined;
  content: unknown;
}

/**
 * The content a repeat must match is what was charted, not how it travelled: `givenOffline` says the
 * dose waited in the tablet's outbox, and a Save whose answer was lost is replayed from the outbox
 * with it. That replay is the same entry, and gets the first answer.
 */
export function clientRequest(
  procedure: string,
  input: { requestId?: string | undefined; givenOffline?: true | undefined },
): ClientRequest {
  const { requestId, givenOffline: _howItTravelled, ...content } = input;
  return { procedure, requestId, content };
}

/** JSON with object keys sorted, so the same content always hashes the same. */
function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function contentHash(request: ClientRequest): string {
  return createHash('sha256').update(canonicalJson(request.content)).digest('hex');
}

type Reader = Kysely<Database> | Transaction<Database>;

// A repeated request id is looked up by this (compiledOnce: built once, not per request).
const requestById = compiledOnce((db: Kysely<Database>, slot) =>
  db
    .selectFrom('client_request')
    .select(['user_id', 'procedure', 'content_hash', 'answer'])
    .where('request_id', '=', slot('requestId')),
);

/**
 * The first answer to this request id, if it was written before. The same id from another user, for
 * another procedure or with other content is not a retry: it is refused (409) and writes nothing.
 */
async function earlierAnswer(db: Reader, actor: Actor, request: ClientRequest & { requestId: string }, hash: string) {
  const [row] = await requestById(db, { requestId: request.requestId });
  if (!row) return undefined;
  const reuse = `Request id ${request.requestId} was already used`;
  if (row.user_id !== actor.id) {
    throw new Refusal('CONFLICT', `${reuse} by another user; a new entry needs a new request id`, 'requestId');
  }
  if (row.procedure !== request.procedure) {
    throw new Refusal(
      'CONFLICT',
      `${reuse} for ${row.procedure}; a retry must repeat the same call, and a new entry needs a new request id`,
      'requestId',
    );
  }
  if (row.content_hash !== hash) {
    throw new Refusal(
      'CONFLICT',
      `${reuse} for a different entry; a retry must send exactly what was sent the first time, and a new entry needs a new request id`,
      'requestId',
    );
  }
  return { answer: JSON.parse(row.answer) as unknown };
}

/**
 * Runs one clinical write in a transaction (its audit rows go in last: auditedTransaction), once per
 * client request id (issues 12 and 13). The request id is committed in the same transaction as the
 * write, so after a lost answer, a killed server or an offline replay, the repeat gets the first
 * answer back without writing anything.
 * Without a request id the write simply runs in its transaction.
 *
 * The id is not looked up first: almost every write is new, and on PostgreSQL the lookup was one
 * round trip of every charted score and dose (issue 16). A repeat runs the write again and fails
 * in the same transaction, which rolls back: either its request id is already taken (a unique
 * violation, also when a retry races its original on another instance), or the write itself is
 * refused because the first run's effect is there (the bed taken, the record corrected, the day's
 * limit reached). Only then is the id looked up, and a repeat gets the first answer.
 */
export async function writeOnce<T>(
  db: Kysely<Database>,
  actor: Actor,
  request: ClientRequest,
  write: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  const { requestId } = request;
  if (requestId === undefined) return auditedTransaction(db, write);
  const hash = contentHash(request);
  try {
    // The request id is inserted with the write's audit rows, last (auditedTransaction).
    return await auditedTransaction(db, write, (answer) => ({
      request_id: requestId,
      user_id: actor.id,
      procedure: request.procedure,
      content_hash: hash,
      answer: JSON.stringify(answer),
      recorded_at: nowInstant(),
    }));
  } catch (error) {
    // In a transaction of its own: on SQLite a repeat may find its first run in a batch not yet
    // committed, and is then answered, like any write, only once that batch is on disk.
    const earlier = await db
      .transaction()
      .execute((trx) => earlierAnswer(trx, actor, { ...request, requestId }, hash))
      .catch((lookupError: unknown) => {
        // A request id reused for another entry is the answer; a failed lookup is not: the write's own error is.
        throw lookupError instanceof Refusal ? lookupError : error;
      });
    if (earlier) return earlier.answer as T;
    throw error;
  }
}
