import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../trpc.js';
import { formatAuditTime } from './audit-filters.js';

/**
 * Break-the-glass review for admins: each emergency access to a unit outside someone's assignments,
 * with who, which unit and stay, why, for how long, and how many audited actions they took in it.
 */
export function EmergencyAccessReview({ zone }: { zone: string }) {
  const trpc = useTRPC();
  const grants = useQuery({ ...trpc.access.emergencyList.queryOptions({}), refetchOnWindowFocus: false });
  if (grants.error) {
    return (
      <p className="error" role="alert">
        {grants.error.message}
      </p>
    );
  }
  return (
    <section className="card" aria-labelledby="emergency-title">
      <h2 id="emergency-title">Emergency access to review</h2>
      {!grants.data ? (
        <p className="page-status">Loading…</p>
      ) : grants.data.length === 0 ? (
        <p className="muted">Nobody has used emergency access.</p>
      ) : (
        <div className="table-scroll">
          <table className="table records">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Unit</th>
                <th scope="col">Admission</th>
                <th scope="col">Reason</th>
                <th scope="col">Until</th>
                <th scope="col">Audited actions</th>
              </tr>
            </thead>
            <tbody>
              {grants.data.map((g) => (
                <tr key={g.id}>
                  <td>{formatAuditTime(g.grantedAt, zone)}</td>
                  <td>
                    {g.user.name} ({g.user.username}, {g.user.role})
                  </td>
                  <td>{g.unit.name}</td>
                  <td>{g.admissionId ?? '—'}</td>
                  <td>{g.reason}</td>
                  <td>{formatAuditTime(g.expiresAt, zone)}</td>
                  <td>{g.auditedActions}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
