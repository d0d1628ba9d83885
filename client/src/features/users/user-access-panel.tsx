import type { AppRouter } from '@detox/server';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { useState } from 'react';
import { useTRPC } from '../../trpc.js';

type UserRow = inferRouterOutputs<AppRouter>['users']['list'][number];

/**
 * Who works on which unit (users see and chart only their units), and clearing a login lock: after
 * failed logins from one device a person waits before trying again there; an admin who has checked
 * who is asking can let them try at once.
 */
export function UserAccessPanel({ users }: { users: UserRow[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const units = useQuery(trpc.units.list.queryOptions());
  const [message, setMessage] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries(trpc.users.pathFilter());
  const setUnits = useMutation(trpc.users.setUnits.mutationOptions({ onSuccess: refresh }));
  const clearLock = useMutation(trpc.users.clearLoginLock.mutationOptions({ onSuccess: refresh }));
  const error = setUnits.error ?? clearLock.error;

  const toggle = (user: UserRow, unitId: number, on: boolean) => {
    const unitIds = on ? [...user.unitIds, unitId] : user.unitIds.filter((id) => id !== unitId);
    setUnits.mutate({ userId: user.id, unitIds }, { onSuccess: () => setMessage(`${user.name}: units updated.`) });
  };

  return (
    <section className="card" aria-labelledby="user-access-title">
      <h2 id="user-access-title">Units and login locks</h2>
      <p className="small">
        People see and chart only the units ticked here. Admins manage people, not patients, and are on no unit. Clear a
        login lock only after checking who is asking.
      </p>
      {message && (
        <p className="notice" role="status">
          {message}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error.message}
        </p>
      )}
      <div className="table-scroll">
        <table className="table records">
          <thead>
            <tr>
              <th scope="col">Username</th>
              {(units.data ?? []).map((unit) => (
                <th key={unit.id} scope="col">
                  {unit.name}
                </th>
              ))}
              <th scope="col">Login</th>
            </tr>
          </thead>
          <tbody>
            {users
              .filter((u) => u.active)
              .map((user) => (
                <tr key={user.id}>
                  <th scope="row">{user.username}</th>
                  {(units.data ?? []).map((unit) => (
                    <td key={unit.id}>
                      <input
                        type="checkbox"
                        aria-label={`${user.username} works on ${unit.name}`}
                        checked={user.unitIds.includes(unit.id)}
                        disabled={setUnits.isPending}
                        onChange={(e) => toggle(user, unit.id, e.target.checked)}
                      />
                    </td>
                  ))}
                  <td>
                    {user.loginThrottled ? 'Held back after failed logins ' : ''}
                    <button
                      type="button"
                      className="button small"
                      disabled={clearLock.isPending}
                      onClick={() =>
                        clearLock.mutate(
                          { username: user.username },
                          { onSuccess: () => setMessage(`${user.name} may try to log in again at once.`) },
                        )
                      }
                    >
                      Clear login lock
                    </button>
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
