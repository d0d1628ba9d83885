import type { Role } from '@detox/shared';
import type { Kysely, Transaction } from 'kysely';
import { decoyPasswordHash, verifyPassword } from '../auth/password.js';
import { newSessionToken, sessionIdOf } from '../auth/session-token.js';
import type { Database } from '../db/database.js';
import type { Actor } from './actor.js';
import { writeAudit } from './audit.js';
import { Refusal } from './errors.js';

export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
  /** Failed logins within the window before a username or an address is made to wait. */
  maxFailuresPerUsername: number;
  maxFailuresPerAddress: number;
  failureWindowMinutes: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = {
  idleMinutes: 15,
  absoluteHours: 12,
  maxFailuresPerUsername: 5,
  maxFailuresPerAddress: 20,
  failureWindowMinutes: 15,
};

// One message for a wrong username and a wrong password: no hint of which accounts exist.
const LOGIN_FAILED = 'Username or password is incorrect';

export interface SessionUser {
  id: number;
  name: string;
  role: Role;
  username: string;
}

async function recentFailures(db: Kysely<Database>, column: 'username' | 'address', value: string, since: string) {
  const row = await db
    .selectFrom('login_attempt')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where(column, '=', value)
    .where('succeeded', '=', 0)
    .where('attempted_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function login(
  db: Kysely<Database>,
  policy: SessionPolicy,
  input: { username: string; password: string; address: string },
): Promise<{ token: string; user: SessionUser }> {
  const username = input.username.trim().toLowerCase();
  const since = new Date(Date.now() - policy.failureWindowMinutes * 60_000).toISOString();
  if (
    (await recentFailures(db, 'username', username, since)) >= policy.maxFailuresPerUsername ||
    (await recentFailures(db, 'address', input.address, since)) >= policy.maxFailuresPerAddress
  ) {
    throw new Refusal('TOO_MANY_REQUESTS', `Too many failed logins; wait ${policy.failureWindowMinutes} minutes and try again, or ask an admin`);
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
    await trx
      .insertInto('login_attempt')
      .values({ username, address: input.address, succeeded: succeeded ? 1 : 0, attempted_at: now.toISOString() })
      .execute();
    const actor = { id: user?.id ?? null, role: user?.role ?? null, address: input.address };
    await writeAudit(trx, actor, 'login', 'session', null, succeeded ? 'success' : 'failure');
    if (!succeeded || !user) return;
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
  });
  if (!succeeded || !user) throw new Refusal('UNAUTHORIZED', LOGIN_FAILED);
  return { token, user: { id: user.id, name: user.name, role: user.role, username: user.username } };
}

/** The user behind a session token, or null when the session is unknown, ended, idle or too old. */
export async function userForSession(db: Kysely<Database>, policy: SessionPolicy, token: string): Promise<SessionUser | null> {
  const id = sessionIdOf(token);
  const row = await db
    .selectFrom('session')
    .innerJoin('app_user', 'app_user.id', 'session.user_id')
    .select(['session.last_seen_at', 'session.expires_at', 'session.ended_at', 'app_user.id', 'app_user.name', 'app_user.role', 'app_user.username', 'app_user.active'])
    .where('session.id', '=', id)
    .executeTakeFirst();
  if (!row || row.ended_at || row.active !== 1) return null;
  const now = Date.now();
  if (Date.parse(row.expires_at) <= now || Date.parse(row.last_seen_at) + policy.idleMinutes * 60_000 <= now) {
    await db.updateTable('session').set({ ended_at: new Date(now).toISOString() }).where('id', '=', id).where('ended_at', 'is', null).execute();
    return null;
  }
  // Writing on every request would make each read a write; a minute's resolution is enough for idling.
  if (now - Date.parse(row.last_seen_at) > 60_000) {
    await db.updateTable('session').set({ last_seen_at: new Date(now).toISOString() }).where('id', '=', id).execute();
  }
  return { id: row.id, name: row.name, role: row.role, username: row.username };
}

/** Ends a session by its token, if it is still open (no audit row: the login that replaces it has one). */
export async function endSessionToken(db: Kysely<Database> | Transaction<Database>, token: string): Promise<void> {
  await db.updateTable('session').set({ ended_at: new Date().toISOString() }).where('id', '=', sessionIdOf(token)).where('ended_at', 'is', null).execute();
}

export async function logout(db: Kysely<Database>, actor: Actor, token: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await endSessionToken(trx, token);
    await writeAudit(trx, actor, 'logout', 'session', null);
  });
}
