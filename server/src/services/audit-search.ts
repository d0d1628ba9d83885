import type { AuditListInput } from '@detox/shared';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { Actor } from './actor.js';
import { auditRead } from './audit.js';
import {
  type AuditSubject,
  aboutPatients,
  admissionsOfPatients,
  containsPattern,
  describeAuditSubjects,
} from './audit-subjects.js';
import { toStoredInstant } from './time.js';

export interface AuditEventView {
  id: number;
  occurredAt: string;
  /** Null for a login attempt with an unknown username, or a row written by a command-line tool. */
  user: { id: number; name: string } | null;
  userRole: string | null;
  action: string;
  entity: string;
  entityId: number | null;
  outcome: 'success' | 'denied' | 'failure';
  address: string | null;
  /** The patient and the change in words (read from the records referenced, at display time). */
  subject: AuditSubject;
}

export interface AuditPage {
  events: AuditEventView[];
  /** Pass as `beforeId` for the next older page; null when this page reaches the oldest match. */
  nextBeforeId: number | null;
}

/**
 * The audit trail for an admin, newest first, a page at a time. Reading it is itself audited
 * ('read' of 'audit'), after the page is read, so a page never shows its own read.
 */
export async function searchAudit(db: Kysely<Database>, actor: Actor, input: AuditListInput): Promise<AuditPage> {
  let query = db
    .selectFrom('audit_event')
    .leftJoin('app_user', 'app_user.id', 'audit_event.user_id')
    .select([
      'audit_event.id',
      'audit_event.occurred_at',
      'audit_event.user_id',
      'app_user.name as user_name',
      'audit_event.user_role',
      'audit_event.action',
      'audit_event.entity',
      'audit_event.entity_id',
      'audit_event.outcome',
      'audit_event.address',
    ]);
  if (input.entity !== undefined) query = query.where('audit_event.entity', '=', input.entity);
  if (input.entityId !== undefined) query = query.where('audit_event.entity_id', '=', input.entityId);
  if (input.userId !== undefined) query = query.where('audit_event.user_id', '=', input.userId);
  if (input.userName !== undefined) {
    const pattern = containsPattern(input.userName);
    query = query.where((eb) =>
      eb.or([
        sql<boolean>`lower(app_user.name) like ${pattern} escape '\\'`,
        sql<boolean>`lower(app_user.username) like ${pattern} escape '\\'`,
      ]),
    );
  }
  if (input.patient !== undefined) {
    const { patientIds, admissionIds } = await admissionsOfPatients(db, input.patient);
    query = query.where((eb) => aboutPatients(eb, patientIds, admissionIds));
  }
  // Stored times are UTC ISO text, which compares in time order; inputs may carry any offset.
  if (input.from !== undefined) query = query.where('audit_event.occurred_at', '>=', toStoredInstant(input.from));
  if (input.to !== undefined) query = query.where('audit_event.occurred_at', '<', toStoredInstant(input.to));
  if (input.beforeId !== undefined) query = query.where('audit_event.id', '<', input.beforeId);
  // One more than asked: whether an older page exists, without counting.
  const rows = await query
    .orderBy('audit_event.id', 'desc')
    .limit(input.limit + 1)
    .execute();
  const more = rows.length > input.limit;
  const page = more ? rows.slice(0, input.limit) : rows;

  await auditRead(db, actor, 'audit', null);
  const subjects = await describeAuditSubjects(
    db,
    page.map((r) => ({ id: r.id, action: r.action, entity: r.entity, entityId: r.entity_id, outcome: r.outcome })),
  );

  return {
    events: page.map((r) => ({
      id: r.id,
      occurredAt: r.occurred_at,
      user: r.user_id === null ? null : { id: r.user_id, name: r.user_name ?? `user ${r.user_id}` },
      userRole: r.user_role,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      outcome: r.outcome,
      address: r.address,
      subject: subjects.get(r.id) ?? { patient: null, change: `${r.action} ${r.entity}` },
    })),
    nextBeforeId: more ? (page[page.length - 1]?.id ?? null) : null,
  };
}
