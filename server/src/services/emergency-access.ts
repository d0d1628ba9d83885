import { type BreakGlassInput, EMERGENCY_ACCESS_MINUTES } from '@detox/shared';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { Actor } from './actor.js';
import { auditRead, writeAudit } from './audit.js';
import { notFound } from './errors.js';

/**
 * Break-the-glass (issue 11, item 3): a clinician reaches a unit outside their assignments, or a stay
 * discharged too long ago to be listed, for EMERGENCY_ACCESS_MINUTES. The reason is kept with the
 * grant; the grant and every read under it are audited; admins review the grants (emergencyList).
 */
export async function breakGlass(
  db: Kysely<Database>,
  actor: Actor,
  input: BreakGlassInput,
  now = new Date(),
): Promise<{ id: number; unitId: number; expiresAt: string }> {
  let unitId: number;
  let admissionId: number | null = null;
  if (input.admissionId !== undefined) {
    const admission = await db
      .selectFrom('admission')
      .select(['id', 'unit_id'])
      .where('id', '=', input.admissionId)
      .executeTakeFirst();
    if (!admission) throw notFound('Admission', input.admissionId);
    unitId = admission.unit_id;
    admissionId = admission.id;
  } else {
    const unit = await db
      .selectFrom('unit')
      .select('id')
      .where('id', '=', input.unitId ?? 0)
      .executeTakeFirst();
    if (!unit) throw notFound('Unit', input.unitId ?? 0);
    unitId = unit.id;
  }
  const expiresAt = new Date(now.getTime() + EMERGENCY_ACCESS_MINUTES * 60_000).toISOString();
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('emergency_access')
      .values({
        user_id: actor.id,
        unit_id: unitId,
        admission_id: admissionId,
        reason: input.reason,
        granted_at: now.toISOString(),
        expires_at: expiresAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, actor, 'create', 'emergency-access', row.id);
    return { id: row.id, unitId, expiresAt };
  });
}

export interface EmergencyAccessView {
  id: number;
  user: { id: number; name: string; username: string; role: string };
  unit: { id: number; name: string };
  admissionId: number | null;
  reason: string;
  grantedAt: string;
  expiresAt: string;
  /** Reads and writes the holder made on that unit's records while the grant lasted. */
  auditedActions: number;
}

/** Every grant in the period, newest first, for the admins' review. */
export async function listEmergencyAccess(
  db: Kysely<Database>,
  actor: Actor,
  input: { from?: string; to?: string },
): Promise<EmergencyAccessView[]> {
  let query = db
    .selectFrom('emergency_access')
    .innerJoin('app_user', 'app_user.id', 'emergency_access.user_id')
    .innerJoin('unit', 'unit.id', 'emergency_access.unit_id')
    .select([
      'emergency_access.id',
      'emergency_access.user_id',
      'app_user.name as user_name',
      'app_user.username',
      'app_user.role',
      'emergency_access.unit_id',
      'unit.name as unit_name',
      'emergency_access.admission_id',
      'emergency_access.reason',
      'emergency_access.granted_at',
      'emergency_access.expires_at',
    ])
    .orderBy('emergency_access.granted_at', 'desc')
    .limit(sql.lit(500)); // A literal, not bound: db/literal-limit.ts.
  if (input.from) query = query.where('emergency_access.granted_at', '>=', new Date(input.from).toISOString());
  if (input.to) query = query.where('emergency_access.granted_at', '<', new Date(input.to).toISOString());
  const rows = await query.execute();
  const views: EmergencyAccessView[] = [];
  for (const r of rows) {
    const actions = await db
      .selectFrom('audit_event')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('user_id', '=', r.user_id)
      .where('occurred_at', '>=', r.granted_at)
      .where('occurred_at', '<', r.expires_at)
      .where('action', 'in', ['read', 'create', 'correct', 'update'])
      .executeTakeFirstOrThrow();
    views.push({
      id: r.id,
      user: { id: r.user_id, name: r.user_name, username: r.username, role: r.role },
      unit: { id: r.unit_id, name: r.unit_name },
      admissionId: r.admission_id,
      reason: r.reason,
      grantedAt: r.granted_at,
      expiresAt: r.expires_at,
      auditedActions: Number(actions.n),
    });
  }
  await auditRead(db, actor, 'emergency-access-list', null);
  return views;
}
