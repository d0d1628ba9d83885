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

export const EMPTY_FILTERS: AuditFilterDraft = {
  entity: '',
  entityId: '',
  userId: '',
  userName: '',
  patient: '',
  fromDate: '',
  toDate: '',
};

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
 * A typed "from" or "to": a day "2026-11-22" or a day and a 24 h clock "2026-11-22 08:30", in `zone`,
 * the way every screen writes times (never the device's date-picker format). A day as "to" includes
 * that whole day, a time includes that minute: the result is the exclusive end the server expects.
 */
export function auditBoundary(text: string, zone: string, end: boolean): DateTime | null {
  const match = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{1,2}):(\d{2}))?$/.exec(text.trim());
  if (!match) return null;
  const [, day, hours, minutes] = match;
  if (hours === undefined || minutes === undefined) {
    const start = DateTime.fromISO(day ?? '', { zone }).startOf('day');
    if (!start.isValid) return null;
    return end ? start.plus({ days: 1 }) : start;
  }
  if (Number(hours) > 23 || Number(minutes) > 59) return null;
  const at = DateTime.fromISO(`${day}T${hours.padStart(2, '0')}:${minutes}`, { zone });
  if (!at.isValid) return null;
  return end ? at.plus({ minutes: 1 }) : at;
}

const BOUNDARY_FORMAT =
  'a day (YYYY-MM-DD) or a day and a 24 h time (YYYY-MM-DD HH:MM), such as 2026-11-22 or 2026-11-22 08:30';

/**
 * The form as query filters, or the first thing to fix. A day is a whole day in `zone`: "from" is the
 * start of its day, "to" the start of the day after (the server's `to` is exclusive); with a time, the minute.
 */
export function toQueryFilters(
  draft: AuditFilterDraft,
  zone: string,
): { filters: AuditQueryFilters } | { error: string } {
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
  if (draft.fromDate.trim()) {
    const from = auditBoundary(draft.fromDate, zone, false);
    if (!from) return { error: `From must be ${BOUNDARY_FORMAT}` };
    filters.from = from.toISO({ suppressMilliseconds: true }) ?? undefined;
  }
  if (draft.toDate.trim()) {
    const to = auditBoundary(draft.toDate, zone, true);
    if (!to) return { error: `To must be ${BOUNDARY_FORMAT}` };
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
