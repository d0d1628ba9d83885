import type { CreateUserInput, DeactivateUserInput, Role } from '@detox/shared';
import type { Kysely, Transaction } from 'kysely';
import { hashPassword } from '../auth/password.js';
import type { Database } from '../db/database.js';
import type { Actor } from './actor.js';
import { type AuditActor, auditRead, writeAudit } from './audit.js';
import type { SessionPolicy } from '../auth/session-policy.js';
import { Refusal, isUniqueViolation, notFound } from './errors.js';

export interface UserView {
  id: number;
  username: string;
  name: string;
  role: Role;
  active: boolean;
  /** Sessions that would still let this person in now (not ended, not idle, not past their age). */
  activeSessions: number;
  createdAt: string;
  /** Who ended the account, when and why; null while it is active. */
  deactivation: { at: string; by: string | null; reason: string } | null;
}

/** The cut-offs of a live session at `now`, as stored text (ISO UTC sorts in time order). */
function liveSince(policy: SessionPolicy, now: Date) {
  return {
    notExpiredAfter: now.toISOString(),
    seenSince: new Date(now.getTime() - policy.idleMinutes * 60_000).toISOString(),
  };
}

async function liveSessionCounts(
  db: Kysely<Database> | Transaction<Database>,
  policy: SessionPolicy,
  now: Date,
  userId?: number,
): Promise<Map<number, number>> {
  const { notExpiredAfter, seenSince } = liveSince(policy, now);
  let query = db
    .selectFrom('session')
    .select((eb) => ['user_id', eb.fn.countAll<string | number>().as('n')])
    .where('ended_at', 'is', null)
    .where('expires_at', '>', notExpiredAfter)
    .where('last_seen_at', '>', seenSince)
    .groupBy('user_id');
  if (userId !== undefined) query = query.where('user_id', '=', userId);
  const rows = await query.execute();
  return new Map(rows.map((r) => [r.user_id, Number(r.n)]));
}

export async function listUsers(
  db: Kysely<Database>,
  actor: Actor,
  policy: SessionPolicy,
  now = new Date(),
): Promise<UserView[]> {
  const users = await db
    .selectFrom('app_user')
    .leftJoin('app_user as by', 'by.id', 'app_user.deactivated_by')
    .select([
      'app_user.id',
      'app_user.username',
      'app_user.name',
      'app_user.role',
      'app_user.active',
      'app_user.created_at',
      'app_user.deactivated_at',
      'app_user.deactivation_reason',
      'by.name as deactivated_by_name',
    ])
    .orderBy('app_user.username')
    .execute();
  const sessions = await liveSessionCounts(db, policy, now);
  await auditRead(db, actor, 'user-list', null);
  return users.map((u) => ({
    id: u.id,
    username: u.username,
    name: u.name,
    role: u.role,
    active: u.active === 1,
    activeSessions: u.active === 1 ? (sessions.get(u.id) ?? 0) : 0,
    createdAt: u.created_at,
    deactivation:
      u.deactivated_at === null
        ? null
        : { at: u.deactivated_at, by: u.deactivated_by_name ?? null, reason: u.deactivation_reason ?? '' },
  }));
}

const taken = (username: string) =>
  new Refusal('CONFLICT', `The username "${username}" is already taken; choose another`, 'username');

/**
 * Adds a person who can log in. The input has passed the password policy (createUserInput); the
 * actor is an admin, or the add-user command (no user id) when the first accounts are made.
 */
export async function createUser(
  db: Kysely<Database>,
  actor: AuditActor,
  input: CreateUserInput,
): Promise<{ id: number }> {
  // About 300 ms of scrypt: done before the transaction, so no lock is held while hashing.
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('app_user')
        .select('id')
        .where('username', '=', input.username)
        .executeTakeFirst();
      if (existing) throw taken(input.username);
      const row = await trx
        .insertInto('app_user')
        .values({
          username: input.username,
          name: input.name,
          role: input.role,
          password_hash: passwordHash,
          active: 1,
          created_at: new Date().toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await writeAudit(trx, actor, 'create', 'user', row.id);
      return { id: row.id };
    });
  } catch (error) {
    // Two admins adding the same username at once: the unique index decides.
    if (isUniqueViolation(error)) throw taken(input.username);
    throw error;
  }
}

async function userOrRefuse(trx: Transaction<Database>, userId: number) {
  const user = await trx
    .selectFrom('app_user')
    .select(['id', 'username', 'name', 'active'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user) throw notFound('User', userId);
  return user;
}

/** Ends every open session of the user now; returns how many of them were still live. */
async function endOpenSessions(
  trx: Transaction<Database>,
  policy: SessionPolicy,
  userId: number,
  now: Date,
): Promise<number> {
  const live = (await liveSessionCounts(trx, policy, now, userId)).get(userId) ?? 0;
  await trx
    .updateTable('session')
    .set({ ended_at: now.toISOString() })
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .execute();
  return live;
}

/** Logs the user out everywhere: the next request from any of their browsers gets 401. */
export async function endUserSessions(
  db: Kysely<Database>,
  actor: Actor,
  policy: SessionPolicy,
  input: { userId: number },
): Promise<{ endedSessions: number }> {
  return db.transaction().execute(async (trx) => {
    await userOrRefuse(trx, input.userId);
    const endedSessions = await endOpenSessions(trx, policy, input.userId, new Date());
    await writeAudit(trx, actor, 'logout', 'user', input.userId);
    return { endedSessions };
  });
}

/**
 * The user can no longer log in (auth.login and every session lookup refuse an inactive user), and
 * every session of theirs ends now. The account stays: their name remains on what they charted.
 */
export async function deactivateUser(
  db: Kysely<Database>,
  actor: Actor,
  policy: SessionPolicy,
  input: DeactivateUserInput,
): Promise<{ endedSessions: number }> {
  if (input.userId === actor.id) {
    // Otherwise the last admin could lock everyone out of user management.
    throw new Refusal('CONFLICT', 'You cannot deactivate your own account; ask another admin to do it', 'userId');
  }
  return db.transaction().execute(async (trx) => {
    const user = await userOrRefuse(trx, input.userId);
    if (user.active !== 1)
      throw new Refusal('CONFLICT', `${user.name} (${user.username}) is already deactivated`, 'userId');
    await trx
      .updateTable('app_user')
      .set({
        active: 0,
        deactivated_at: new Date().toISOString(),
        deactivated_by: actor.id,
        deactivation_reason: input.reason,
      })
      .where('id', '=', user.id)
      .execute();
    const endedSessions = await endOpenSessions(trx, policy, user.id, new Date());
    // The reason lives on the account (who, when, why); the audit row holds references only.
    await writeAudit(trx, actor, 'update', 'user', user.id);
    return { endedSessions };
  });
}
