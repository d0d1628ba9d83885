import { type Kysely, type Transaction, sql } from 'kysely';
import type { ThrottlePolicy } from '../auth/session-policy.js';
import type { Database } from '../db/database.js';
import { isPostgres } from '../db/dialect.js';

/**
 * Failed-login throttling that slows guessing without letting a stranger lock a nurse out
 * (issue 11, item 2):
 * - per (username, address): a few free failures, then each further try must wait, the wait doubling
 *   with every failure (30 s, 60 s, 120 s…, at most the window). Another device is not affected.
 * - per username, from anywhere: past a much higher ceiling every try is slowed by a few seconds
 *   (answered late), never refused, so the right password still gets in.
 * - counting starts again after a success (for that username and address) or after an admin cleared
 *   the username; failures older than the window are forgotten.
 * Attempts the throttle refused are stored (for the audit) but are not guesses and do not count.
 */
type Reader = Kysely<Database> | Transaction<Database>;

/** The latest of the window start, the last success for the scope and the last admin clearance. */
async function countingSince(
  db: Reader,
  policy: ThrottlePolicy,
  username: string,
  address: string | null,
  now: number,
): Promise<string> {
  const windowStart = new Date(now - policy.failureWindowMinutes * 60_000).toISOString();
  let success = db
    .selectFrom('login_attempt')
    .select((eb) => eb.fn.max('attempted_at').as('at'))
    .where('username', '=', username)
    .where('succeeded', '=', 1);
  if (address !== null) success = success.where('address', '=', address);
  const lastSuccess = (await success.executeTakeFirst())?.at ?? null;
  const cleared =
    (
      await db
        .selectFrom('login_clearance')
        .select((eb) => eb.fn.max('cleared_at').as('at'))
        .where('username', '=', username)
        .executeTakeFirst()
    )?.at ?? null;
  return (
    [windowStart, lastSuccess, cleared]
      .filter((t): t is string => typeof t === 'string')
      .sort()
      .at(-1) ?? windowStart
  );
}

async function failuresSince(
  db: Reader,
  username: string,
  address: string | null,
  since: string,
): Promise<{ n: number; last: string | null }> {
  let query = db
    .selectFrom('login_attempt')
    .select((eb) => [eb.fn.countAll<string | number>().as('n'), eb.fn.max('attempted_at').as('last')])
    .where('username', '=', username)
    .where('succeeded', '=', 0)
    .where('throttled', '=', 0)
    .where('attempted_at', '>', since);
  if (address !== null) query = query.where('address', '=', address);
  const row = await query.executeTakeFirstOrThrow();
  return { n: Number(row.n), last: row.last ?? null };
}

export type ThrottleDecision = { kind: 'go'; slowMs: number } | { kind: 'wait'; seconds: number };

/** Whether this try may be checked now, must wait (this device), or is only slowed (the username). */
export async function throttleDecision(
  db: Reader,
  policy: ThrottlePolicy,
  username: string,
  address: string,
  now = Date.now(),
): Promise<ThrottleDecision> {
  const device = await failuresSince(db, username, address, await countingSince(db, policy, username, address, now));
  if (device.n >= policy.freeFailuresPerDevice && device.last) {
    const doublings = device.n - policy.freeFailuresPerDevice;
    const waitMs = Math.min(
      policy.firstWaitSeconds * 1000 * 2 ** Math.min(doublings, 30),
      policy.failureWindowMinutes * 60_000,
    );
    const left = Date.parse(device.last) + waitMs - now;
    if (left > 0) return { kind: 'wait', seconds: Math.ceil(left / 1000) };
  }
  const everywhere = await failuresSince(db, username, null, await countingSince(db, policy, username, null, now));
  return { kind: 'go', slowMs: everywhere.n >= policy.usernameSlowAfter ? policy.usernameSlowSeconds * 1000 : 0 };
}

/**
 * Runs one username's login attempts one at a time, in this process and, on PostgreSQL, across
 * instances (an advisory lock held for the check, the password comparison and the recording), so a
 * failure is counted before the next guess for that username is checked, however the guesses arrive.
 */
const queues = new Map<string, Promise<unknown>>();

export async function oneAtATime<T>(
  db: Kysely<Database>,
  username: string,
  work: (db: Kysely<Database>) => Promise<T>,
): Promise<T> {
  const previous = queues.get(username) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => acrossInstances(db, username, work));
  queues.set(username, run);
  try {
    return await run;
  } finally {
    if (queues.get(username) === run) queues.delete(username);
  }
}

async function acrossInstances<T>(
  db: Kysely<Database>,
  username: string,
  work: (db: Kysely<Database>) => Promise<T>,
): Promise<T> {
  if (!isPostgres(db)) return work(db);
  // A session-level lock, and the work on the same connection: a login holds one pool connection,
  // never one while waiting for a second (which could starve the pool under many logins at once).
  return db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(hashtext(${`detox-login:${username}`}))`.execute(connection);
    try {
      return await work(connection);
    } finally {
      await sql`select pg_advisory_unlock(hashtext(${`detox-login:${username}`}))`.execute(connection);
    }
  });
}
