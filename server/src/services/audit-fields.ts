import type { NewAuditEvent } from '../db/database.js';

/** The fields of an audit row its writer chooses; occurred_at defaults to now. */
export type AuditEventFields = Omit<NewAuditEvent, 'id' | 'occurred_at' | 'prev_hmac' | 'hmac'> & {
  occurred_at?: string;
};

/** An event's fields as a row stores them (and the chain and the waiting rows' tag seal them): unset is null, the time `now` unless it has one. */
export function storedAuditFields(event: AuditEventFields, now: string) {
  return {
    occurred_at: event.occurred_at ?? now,
    user_id: event.user_id ?? null,
    user_role: event.user_role ?? null,
    action: event.action,
    entity: event.entity,
    entity_id: event.entity_id ?? null,
    outcome: event.outcome,
    address: event.address ?? null,
  };
}
