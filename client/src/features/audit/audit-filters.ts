import { DateTime } from 'luxon';

/** The filter form as typed: every field is text, empty when not used. */
export interface AuditFilterDraft {
  entity: string;
  entityId: string;
  userId: string;
  /** Part of a user's name or username. */
  userName: string;
  /** Part of a patient's name or MRN. */
  patient: string;
  /** yyyy-mm-dd, a day in the shown time zone; empty for no lower bound. */
  fromDate: string;
  /** yyyy-mm-dd, the last day included; empty for no upper bound. */
  toDate: string;
}

export const EMPTY_FILTERS: AuditFilterDraft = { entity: '', entityId: '', userId: '', userName: '', patient: '', fromDate: '', toDate: '' };

/** What the server's audit.list takes (shared/src/api/audit.ts), without paging. */
export interface AuditQueryFilters {
  entity?: string;
  entityId?: number;
  userId?: number;
  userName?: string;
  patient?: string;
  from?: string;
  to?: string;
}

/** Entities the server audits today, offered as suggestions (any text may be typed). */
export const KNOWN_ENTITIES = [
  'assessment',
  'administration',
  'admission',
  'patient',
  'alert',
  'taper-plan',
  'unit-protocol',
  'session',
  'timeline',
  'assessment-list',
  'administration-list',
  'census-board',
  'shift-report',
  'downtime-snapshot',
  'fhir-export',
  'audit',
  'user',
  'login-attempt',
  'emergency-access',
  'user-units',
  'login-lock',
  'protocol-change',
  'cross-site-request',
];

function wholeNumber(text: string, label: string): number | undefined | string {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (!/^\d{1,9}$/.test(trimmed) || Number(trimmed) === 0) return `${label} must be a whole number above 0, such as 12`;
  return Number(trimmed);
}

/**
 * The form as query filters, or the first thing to fix. Dates are whole days in `zone`: "from" is the
 * start of its day, "to" the start of the day after (the server's `to` is exclusive).
 */
export function toQueryFilters(draft: AuditFilterDraft, zone: string): { filters: AuditQueryFilters } | { error: string } {
  const filters: AuditQueryFilters = {};
  if (draft.entity.trim()) filters.entity = draft.entity.trim();
  const entityId = wholeNumber(draft.entityId, 'Entity id');
  if (typeof entityId === 'string') return { error: entityId };
  if (entityId !== undefined) filters.entityId = entityId;
  const userId = wholeNumber(draft.userId, 'User id');
  if (typeof userId === 'string') return { error: userId };
  if (userId !== undefined) filters.userId = userId;
  for (const [key, label] of [
    ['userName', 'User name'],
    ['patient', 'Patient'],
  ] as const) {
    const text = draft[key].trim();
    if (text === '') continue;
    if (text.length < 2) return { error: `${label}: type at least 2 letters` };
    filters[key] = text;
  }
  if (draft.fromDate) {
    const from = DateTime.fromISO(draft.fromDate, { zone }).startOf('day');
    if (!from.isValid) return { error: 'From must be a date, such as 2026-11-22' };
    filters.from = from.toISO({ suppressMilliseconds: true }) ?? undefined;
  }
  if (draft.toDate) {
    const to = DateTime.fromISO(draft.toDate, { zone }).startOf('day').plus({ days: 1 });
    if (!to.isValid) return { error: 'To must be a date, such as 2026-11-22' };
    filters.to = to.toISO({ suppressMilliseconds: true }) ?? undefined;
  }
  if (filters.from && filters.to && Date.parse(filters.from) >= Date.parse(filters.to)) {
    return { error: 'From is after To: swap the two dates' };
  }
  return { filters };
}

/** An audit time to the second, in the zone shown. */
export function formatAuditTime(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { zone }).toFormat('dd LLL yyyy HH:mm:ss');
}
