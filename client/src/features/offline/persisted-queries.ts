import type { QueryState } from '@tanstack/react-query';

/**
 * Which answers the tablet keeps for reading offline (issue 13): the census board, and the pages of
 * the patients opened most recently (their record, scores, doses, orders, alerts, chart), plus what
 * the screens need to draw them. Never the dose-check previews, the audit trail, users or reports.
 */
const UNIT_WIDE = new Set([
  'auth.session',
  'auth.me',
  'units.list',
  'census.board',
  'instruments.list',
  'orders.physicians',
  'orderSets.list',
  'protocol.get',
]);
const PER_PATIENT = new Set([
  'admissions.get',
  'assessments.list',
  'medications.list',
  'orders.list',
  'orders.due',
  'alerts.list',
  'timeline.get',
]);
/** How many patients' pages are kept: the most recently opened. */
export const RECENT_PATIENTS = 8;

export interface CachedQuery {
  procedure: string;
  /** The admission a patient-page query is for; undefined for unit-wide ones. */
  admissionId: number | undefined;
  updatedAt: number;
}

/** tRPC's query key: [['census', 'board'], { input: { unitId: 1 }, type: 'query' }]. */
export function describeKey(key: readonly unknown[]): Omit<CachedQuery, 'updatedAt'> {
  const path = Array.isArray(key[0]) ? (key[0] as unknown[]).join('.') : '';
  const meta = key[1] as { input?: { admissionId?: unknown } } | undefined;
  const admissionId = typeof meta?.input?.admissionId === 'number' ? meta.input.admissionId : undefined;
  return { procedure: path, admissionId };
}

/** The admissions whose pages are kept: the RECENT_PATIENTS most recently read. */
export function recentAdmissions(queries: readonly CachedQuery[]): Set<number> {
  const latest = new Map<number, number>();
  for (const q of queries) {
    if (q.admissionId === undefined || !PER_PATIENT.has(q.procedure)) continue;
    latest.set(q.admissionId, Math.max(latest.get(q.admissionId) ?? 0, q.updatedAt));
  }
  return new Set(
    [...latest.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, RECENT_PATIENTS)
      .map(([id]) => id),
  );
}

export function shouldPersist(query: CachedQuery, recent: ReadonlySet<number>): boolean {
  if (UNIT_WIDE.has(query.procedure)) return true;
  return PER_PATIENT.has(query.procedure) && query.admissionId !== undefined && recent.has(query.admissionId);
}

/**
 * A kept query as its answer was when read. A query whose refetch failed without a connection still
 * holds its last answer, with the failure beside it; kept as a failure, it was left out of the copy,
 * and the next reload without a connection lost it (the session among them: the login page again).
 */
export function asLastAnswer<Query extends { state: QueryState }>(query: Query): Query {
  return {
    ...query,
    state: {
      ...query.state,
      status: 'success',
      fetchStatus: 'idle',
      error: null,
      errorUpdatedAt: 0,
      fetchFailureCount: 0,
      fetchFailureReason: null,
    },
  };
}
