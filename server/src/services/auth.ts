import type { Role } from '@detox/shared';
import { type Kysely, type Transaction, sql } from 'kysely';
import { decoyPasswordHash, verifyPassword } from '../auth/password.js';
import { newSessionToken, sessionIdOf } from '../auth/session-token.js';
import { compiledOnce } from '../db/compiled-once.js';
import type { Database } from '../db/database.js';
import type { Actor } from './actor.js';
import { writeAudit } from './audit.js';
import type { SessionPolicy } from '../auth/session-policy.js';
import { oneAtATime, throttleDecision } from './login-throttle.js';
import { Refusal } from './errors.js';

// One message for a wrong username and a wrong password: no hint of which accounts exist.
const LOGIN_FAILED = 'Username or password is incorrect';

export interface SessionUser {
  id: number;
  name: string;
  role: Role;
  username: string;
  /**
   * The units the user is assigned to, read with the session (one query for both on every request);
   * absent where the user comes from elsewhere (a login), and then read when needed.
   */
  unitIds?: readonly number[];
}

/** Answered in words: how long to wait, and that another device or an admin is a way out. */
export function throttledMessage(seconds: number): string {
  const wait =
    seconds >= 120 ? `${Math.ceil(seconds / 60)} minutes` : seconds === 1 ? '1 second' : `${seconds} seconds`;
  return `Too many failed logins from this device; wait ${wait} and try again, or log in from another device, or ask an admin to clear the lock`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function login(
  db: Kysely<Database>,
  policy: SessionPolicy,
  input: { username: string; password: string; address: string },
): Promise<{ token: string; user: SessionUser }> {
  const username = input.username.trim().toLowerCase();
  // Past the per-username ceiling every try is answered late, outside the queue, so waiting
  // attackers do not hold up the right password.
  const outcome = await oneAtATime(db, username, (db) => checkAndRecord(db, policy, { ...input, username }));
  if (outcome.kind === 'throttled') throw new Refusal('TOO_MANY_REQUESTS', throttledMessage(outcome.seconds));
  if (outcome.slowMs > 0) await sleep(outcome.slowMs);
  if (outcome.kind === 'failed') throw new Refusal('UNAUTHORIZED', LOGIN_FAILED);
  return { token: outcome.token, user: outcome.user };
}

type Outcome =
  | { kind: 'throttled'; seconds: number }
  | { kind: 'failed'; slowMs: number }
  | { kind: 'ok'; slowMs: number; token: string; user: SessionUser };

/** One attempt, inside the username's queue: the throttle, the password, and the record of it. */
async function checkAndRecord(
  db: Kysely<Database>,
  policy: SessionPolicy,
  input: { username: string; password: string; address: string },
): Promise<Outcome> {
  const { username, address } = input;
  const decision = await throttleDecision(db, policy, username, address);
  if (decision.kind === 'wait') {
    await db.transaction().execute(async (trx) => {
      const attempt = await recordAttempt(trx, username, address, { succeeded: false, throttled: true });
      await writeAudit(trx, { id: null, role: null, address }, 'login', 'login-attempt', attempt, 'denied');
    });
    return { kind: 'throttled', seconds: decision.seconds };
  }

  const user = await db
    .selectFrom('app_user')
    .select(['id', 'name', 'role', 'username', 'password_hash', 'active'])
    .where('username', '=', username)
    .executeTakeFirst();
  const valid = await verifyPassword(input.password, user?.password_hash ?? (await decoyPasswordHash()));
  const succeeded = Boolean(user && valid && user.active === 1);
  const now = new Date();

  const token = newSessionToken();
  await db.transaction().execute(async (trx) => {
    const attempt = await recordAttempt(trx, username, address, { succeeded, throttled: false });
    const actor = { id: user?.id ?? null, role: user?.role ?? null, address };
    if (!succeeded || !user) {
      // The attempt row holds the username tried; the audit row points at it.
      await writeAudit(trx, actor, 'login', 'login-attempt', attempt, 'failure');
      return;
    }
    await writeAudit(trx, actor, 'login', 'session', null, 'success');
    await trx
      .insertInto('session')
      .values({
        id: sessionIdOf(token),
        user_id: user.id,
        created_at: now.toISOString(),
        last_seen_at: now.toISOString(),
        expires_at: new Date(now.getTime() + policy.absoluteHours * 3_600_000).toISOString(),
        ended_at: null,
      })
      .execute();
    await endSessionsBeyond(trx, policy, user.id, now);
  });
  if (!succeeded || !user) return { kind: 'failed', slowMs: decision.slowMs };
  return {
    kind: 'ok',
    slowMs: decision.slowMs,
    token,
    user: { id: user.id, name: user.name, role: user.role, username: user.username },
  };
}

async function recordAttempt(
  trx: Transaction<Database>,
  username: string,
  address: string,
  what: { succeeded: boolean; throttled: boolean },
): Promise<number> {
  const row = await trx
    .insertInto('login_attempt')
    .values({
      username,
      address,
      succeeded: what.succeeded ? 1 : 0,
      throttled: what.throttled ? 1 : 0,
      attempted_at: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A user holds at most maxSessionsPerUser open sessions: the oldest beyond it end now. */
async function endSessionsBeyond(
  trx: Transaction<Database>,
  policy: SessionPolicy,
  userId: number,
  now: Date,
): Promise<void> {
  const open = await trx
    .selectFrom('session')
    .select('id')
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  const beyond = open.slice(policy.maxSessionsPerUser).map((s) => s.id);
  if (beyond.length > 0)
    await trx.updateTable('session').set({ ended_at: now.toISOString() }).where('id', 'in', beyond).execute();
}

/**
 * Every request's session lookup (compiledOnce: built once, not per request), with the user's units
 * joined into one value (string_agg, on PostgreSQL and SQLite), so the unit checks that follow need
 * no query of their own.
 */
const sessionWithUser = compiledOnce((db: Kysely<Database>, slot) =>
  db
    .selectFrom('session')
    .innerJoin('app_user', 'app_user.id', 'session.user_id')
    .select([
      'session.last_seen_at',
      'session.expires_at',
      'session.ended_at',
      'app_user.id',
      'app_user.name',
      'app_user.role',
      'app_user.username',
      'app_user.active',
      sql<
        string | null
      >`(select string_agg(cast(user_unit.unit_id as text), ',' order by user_unit.unit_id) from user_unit where user_unit.user_id = app_user.id)`.as(
        'unit_ids',
      ),
    ])
    .where('session.id', '=', slot('sessionId')),
);

/** The user behind a session token, or null when the session is unknown, ended, idle or too old. */
export async function userForSession(
  db: Kysely<Database>,
  policy: SessionPolicy,
  token: string,
): Promise<SessionUser | null> {
  const id = sessionIdOf(token);
  const [row] = await sessionWithUser(db, { sessionId: id });
  if (!row || row.ended_at || row.active !== 1) return null;
  const now = Date.now();
  if (!withinTimeLimits(row, policy, now)) {
    await db
      .updateTable('session')
      .set({ ended_at: new Date(now).toISOString() })
      .where('id', '=', id)
      .where('ended_at', 'is', null)
      .execute();
    return null;
  }
  // Writing on every request would make each read a write; a twentieth of the idle limit (at most a
  // minute) is fine enough that a short limit never ends the session of someone who is working.
  if (now - Date.parse(row.last_seen_at) > activityResolutionMs(policy)) {
    await db
      .updateTable('session')
      .set({ last_seen_at: new Date(now).toISOString() })
      .where('id', '=', id)
      .execute();
  }
  const unitIds = row.unit_ids === null ? [] : row.unit_ids.split(',').map(Number);
  return { id: row.id, name: row.name, role: row.role, username: row.username, unitIds };
}

/**
 * Which of these sessions (by id) still let their users in, without counting as activity: an open
 * event stream is not the user working, so the idle limit still ends it. One query for the sessions
 * of every open stream on this instance (events/stream-sessions.ts).
 */
export async function liveSessionIds(
  db: Kysely<Database>,
  policy: SessionPolicy,
  sessionIds: string[],
  now = Date.now(),
): Promise<Set<string>> {
  const live = new Set<string>();
  // Within SQLite's limit on bound values.
  for (let from = 0; from < sessionIds.length; from += 500) {
    const rows = await db
      .selectFrom('session')
      .innerJoin('app_user', 'app_user.id', 'session.user_id')
      .select(['session.id', 'session.last_seen_at', 'session.expires_at'])
      .where('session.id', 'in', sessionIds.slice(from, from + 500))
      .where('session.ended_at', 'is', null)
      .where('app_user.active', '=', 1)
      .execute();
    for (const row of rows) if (withinTimeLimits(row, policy, now)) live.add(row.id);
  }
  return live;
}

/** A session neither too old nor idle too long at `now`. */
function withinTimeLimits(
  session: { expires_at: string; last_seen_at: string },
  policy: Pick<SessionPolicy, 'idleMinutes'>,
  now: number,
): boolean {
  return Date.parse(session.expires_at) > now && Date.parse(session.last_seen_at) + policy.idleMinutes * 60_000 > now;
}

/** How stale last_seen_at may get before a request writes it again. */
export function activityResolutionMs(policy: Pick<SessionPolicy, 'idleMinutes'>): number {
  return Math.min(60_000, (policy.idleMinutes * 60_000) / 20);
}

/** Ends a session by its token, if it is still open (no audit row: the login that replaces it has one). */
export async function endSessionToken(db: Kysely<Database> | Transaction<Database>, token: string): Promise<void> {
  await db
    .updateTable('session')
    .set({ ended_at: new Date().toISOString() })
    .where('id', '=', sessionIdOf(token))
    .where('ended_at', 'is', null)
    .execute();
}

export async function logout(db: Kysely<Database>, actor: Actor, token: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await endSessionToken(trx, token);
    await writeAudit(trx, actor, 'logout', 'session', null);
  });
}
