import type { Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import type { Actor } from './actor.js';

/** Who acted; id and role are null for a login attempt with an unknown username. */
export type AuditActor = { id: number | null; role: Actor['role'] | null; address: string | null };

export type AuditAction = 'create' | 'read' | 'update' | 'correct' | 'login' | 'logout' | 'denied';

/**
 * Appends one audit row inside the caller's transaction, so a write and its audit row commit or
 * fail together. Holds references only, never clinical values.
 */
export async function writeAudit(
  trx: Transaction<Database>,
  actor: AuditActor,
  action: AuditAction,
  entity: string,
  entityId: number | null,
  outcome: 'success' | 'denied' | 'failure' = 'success',
): Promise<void> {
  await trx
    .insertInto('audit_event')
    .values({
      occurred_at: new Date().toISOString(),
      user_id: actor.id,
      user_role: actor.role,
      action,
      entity,
      entity_id: entityId,
      outcome,
      address: actor.address,
    })
    .execute();
}
