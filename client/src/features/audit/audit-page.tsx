import { useQueries, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTitle } from '../../router.js';
import { useTRPC } from '../../trpc.js';
import { useCurrentUnit } from '../unit/use-unit.js';
import { EmergencyAccessReview } from './emergency-access-review.js';
import {
  type AuditFilterDraft,
  type AuditQueryFilters,
  EMPTY_FILTERS,
  KNOWN_ENTITIES,
  formatAuditTime,
  toQueryFilters,
} from './audit-filters.js';

const PAGE_SIZE = 200;

/**
 * The audit trail, for admins: who read or changed what, when and from where, newest first. Each
 * page read is itself audited by the server. Times are shown in the unit's time zone.
 */
export function AuditPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { unit } = useCurrentUnit();
  const zone = unit?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  useTitle('Audit trail');
  const [draft, setDraft] = useState<AuditFilterDraft>(EMPTY_FILTERS);
  const [filters, setFilters] = useState<AuditQueryFilters>({});
  const [formError, setFormError] = useState<string | null>(null);
  /** One entry per page shown: undefined for the newest page, then each page's nextBeforeId. */
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);

  const pages = useQueries({
    queries: cursors.map((beforeId) => ({
      ...trpc.audit.list.queryOptions({
        ...filters,
        limit: PAGE_SIZE,
        ...(beforeId === undefined ? {} : { beforeId }),
      }),
      // Each read is audited: do not re-read on focus or reconnect, only when asked.
      staleTime: Number.POSITIVE_INFINITY,
      refetchOnWindowFocus: false,
      refetchOnReconnect: false,
    })),
  });
  const events = pages.flatMap((p) => p.data?.events ?? []);
  const last = pages[pages.length - 1];
  const nextBeforeId = last?.data?.nextBeforeId ?? null;
  const loading = pages.some((p) => p.isPending);
  const failed = pages.find((p) => p.error)?.error;

  const apply = (next: AuditQueryFilters) => {
    // The same filters again: read the newest events again rather than show the cached page.
    if (JSON.stringify(next) === JSON.stringify(filters) && cursors.length === 1) {
      void queryClient.invalidateQueries(trpc.audit.list.pathFilter());
      return;
    }
    setFilters(next);
    setCursors([undefined]);
  };
  const set = (field: keyof AuditFilterDraft) => (value: string) => setDraft({ ...draft, [field]: value });

  function submit(event: FormEvent) {
    event.preventDefault();
    const result = toQueryFilters(draft, zone);
    if ('error' in result) {
      setFormError(result.error);
      return;
    }
    setFormError(null);
    apply(result.filters);
  }

  function show(patch: Partial<AuditFilterDraft>) {
    const next = { ...draft, ...patch };
    setDraft(next);
    const result = toQueryFilters(next, zone);
    if ('filters' in result) apply(result.filters);
  }

  return (
    <section aria-labelledby="audit-title">
      <div className="page-head">
        <h1 id="audit-title">Audit trail</h1>
        <p className="muted">
          Every sign-in, read of patient data and change, newest first · times in {zone}. Reading this page is recorded
          too.
        </p>
      </div>
      <EmergencyAccessReview zone={zone} />

      <form className="card" onSubmit={submit} aria-label="Filter the audit trail">
        <div className="form-row">
          <label className="field compact">
            <span>Entity</span>
            <input
              list="audit-entities"
              value={draft.entity}
              onChange={(e) => set('entity')(e.target.value)}
              placeholder="any"
              maxLength={64}
            />
            <datalist id="audit-entities">
              {KNOWN_ENTITIES.map((e) => (
                <option key={e} value={e} />
              ))}
            </datalist>
          </label>
          <label className="field compact">
            <span>Entity id</span>
            <input
              inputMode="numeric"
              value={draft.entityId}
              onChange={(e) => set('entityId')(e.target.value)}
              placeholder="any"
              size={8}
            />
          </label>
          <label className="field compact">
            <span>Patient (name or MRN)</span>
            <input
              name="patient"
              value={draft.patient}
              onChange={(e) => set('patient')(e.target.value)}
              placeholder="any"
              maxLength={100}
            />
          </label>
          <label className="field compact">
            <span>User name</span>
            <input
              name="userName"
              value={draft.userName}
              onChange={(e) => set('userName')(e.target.value)}
              placeholder="any"
              maxLength={100}
            />
          </label>
          <label className="field compact">
            <span>User id</span>
            <input
              inputMode="numeric"
              value={draft.userId}
              onChange={(e) => set('userId')(e.target.value)}
              placeholder="any"
              size={8}
            />
          </label>
          <label className="field compact">
            <span>From (YYYY-MM-DD, time optional)</span>
            <input
              name="from"
              value={draft.fromDate}
              onChange={(e) => set('fromDate')(e.target.value)}
              placeholder="YYYY-MM-DD HH:MM"
              autoComplete="off"
              size={16}
              maxLength={16}
            />
          </label>
          <label className="field compact">
            <span>To (included; YYYY-MM-DD, time optional)</span>
            <input
              name="to"
              value={draft.toDate}
              onChange={(e) => set('toDate')(e.target.value)}
              placeholder="YYYY-MM-DD HH:MM"
              autoComplete="off"
              size={16}
              maxLength={16}
            />
          </label>
          <button type="submit" className="button primary">
            Show
          </button>
          <button
            type="button"
            className="button ghost"
            onClick={() => {
              setDraft(EMPTY_FILTERS);
              setFormError(null);
              apply({});
            }}
          >
            Clear
          </button>
        </div>
        {formError && (
          <p className="error" role="alert">
            {formError}
          </p>
        )}
      </form>

      {failed && (
        <p className="error" role="alert">
          {failed.message}
        </p>
      )}

      <div className="table-scroll">
        <table className="table">
          <caption className="visually-hidden">Audit events, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">User</th>
              <th scope="col">Role</th>
              <th scope="col">What changed</th>
              <th scope="col">Patient</th>
              <th scope="col">Action</th>
              <th scope="col">Entity</th>
              <th scope="col">Id</th>
              <th scope="col">Outcome</th>
              <th scope="col">Address</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id}>
                <td>
                  <time dateTime={e.occurredAt}>{formatAuditTime(e.occurredAt, zone)}</time>
                </td>
                <td>
                  {e.user ? (
                    <button
                      type="button"
                      className="button ghost small"
                      title={`Show only ${e.user.name}'s events`}
                      onClick={() => show({ userId: String(e.user?.id ?? '') })}
                    >
                      {e.user.name} <span className="muted">#{e.user.id}</span>
                    </button>
                  ) : (
                    <span className="muted">unknown</span>
                  )}
                </td>
                <td>{e.userRole ?? '—'}</td>
                <td>{e.subject.change}</td>
                <td>{e.subject.patient ?? '—'}</td>
                <td>{e.action}</td>
                <td>{e.entity}</td>
                <td>
                  {e.entityId === null ? (
                    '—'
                  ) : (
                    <button
                      type="button"
                      className="button ghost small"
                      title={`Show only events on ${e.entity} ${e.entityId}`}
                      onClick={() => show({ entity: e.entity, entityId: String(e.entityId) })}
                    >
                      {e.entityId}
                    </button>
                  )}
                </td>
                <td className={e.outcome === 'success' ? undefined : 'error'}>{e.outcome}</td>
                <td>{e.address ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {loading && <p className="page-status">Loading audit events…</p>}
      {!loading && !failed && events.length === 0 && (
        <p className="page-status">No audit events match these filters.</p>
      )}
      {!loading && nextBeforeId !== null && (
        <p>
          <button type="button" className="button" onClick={() => setCursors([...cursors, nextBeforeId])}>
            Load older
          </button>{' '}
          <span className="muted small">{events.length} shown</span>
        </p>
      )}
    </section>
  );
}
