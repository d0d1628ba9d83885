import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { Actor } from './actor.js';
import { writeAudit } from './audit.js';
import { Refusal, notFound } from './errors.js';

/** Replaces the units a person is assigned to; the change is audited (entity user, the person's id). */
export async function setUserUnits(
  db: Kysely<Database>,
  actor: Actor,
  input: { userId: number; unitIds: number[] },
): Promise<{ unitIds: number[] }> {
  const unitIds = [...new Set(input.unitIds)].sort((a, b) => a - b);
  return db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom('app_user')
      .select(['id', 'role'])
      .where('id', '=', input.userId)
      .executeTakeFirst();
    if (!user) throw notFound('User', input.userId);
    if (unitIds.length > 0) {
      const known = await trx.selectFrom('unit').select('id').where('id', 'in', unitIds).execute();
      const missing = unitIds.filter((id) => !known.some((k) => k.id === id));
      if (missing.length > 0)
        throw new Refusal(
          'BAD_REQUEST',
          `Unit ${missing.join(', ')} does not exist; choose units from the list`,
          'unitIds',
        );
    }
    await trx.deleteFrom('user_unit').where('user_id', '=', user.id).execute();
    if (unitIds.length > 0)
      await trx
        .insertInto('user_unit')
        .values(unitIds.map((unit_id) => ({ user_id: user.id, unit_id })))
        .execute();
    await writeAudit(trx, actor, 'update', 'user-units', user.id);
    return { unitIds };
  });
}

/**
 * Lets a person try to log in again at once: their failed logins (from every address) no longer
 * count. Kept as a row (who cleared it, when), audited against the account when it exists.
 */
export async function clearLoginLock(
  db: Kysely<Database>,
  actor: Actor,
  input: { username: string },
): Promise<{ ok: true }> {
  return db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom('app_user')
      .select('id')
      .where('username', '=', input.username)
      .executeTakeFirst();
    if (!user) throw new Refusal('NOT_FOUND', `No account has the username "${input.username}"`, 'username');
    await trx
      .insertInto('login_clearance')
      .values({ username: input.username, cleared_by: actor.id, cleared_at: new Date().toISOString() })
      .execute();
    await writeAudit(trx, actor, 'update', 'login-lock', user.id);
    return { ok: true as const };
  });
}

/** Unit ids per user, for the users page. */
export async function unitIdsByUser(db: Kysely<Database>): Promise<Map<number, number[]>> {
  const rows = await db.selectFrom('user_unit').select(['user_id', 'unit_id']).orderBy('unit_id').execute();
  const map = new Map<number, number[]>();
  for (const r of rows) map.set(r.user_id, [...(map.get(r.user_id) ?? []), r.unit_id]);
  return map;
}

/** Usernames whose next login from some address must wait now (for the users page's "Clear lock"). */
export async function recentlyThrottledUsernames(db: Kysely<Database>, since: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('login_attempt')
    .select('username')
    .distinct()
    .where('throttled', '=', 1)
    .where('attempted_at', '>=', since)
    .execute();
  const cleared = await db
    .selectFrom('login_clearance')
    .select(['username', 'cleared_at'])
    .where('cleared_at', '>=', since)
    .execute();
  return new Set(rows.map((r) => r.username).filter((u) => !cleared.some((c) => c.username === u)));
}
