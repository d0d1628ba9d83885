import type { AppRouter } from '@detox/server';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { type FormEvent, useState } from 'react';
import { fieldErrorsOf } from '../../lib/server-errors.js';
import { useTitle } from '../../router.js';
import { useTRPC } from '../../trpc.js';
import { AddUserForm } from './add-user-form.js';
import { UserAccessPanel } from './user-access-panel.js';

type UserRow = inferRouterOutputs<AppRouter>['users']['list'][number];
type Pending = { kind: 'end-sessions' | 'deactivate'; user: UserRow };

const sessions = (n: number) => (n === 1 ? '1 session' : `${n} sessions`);

/** User management (admins): who can log in, adding a person, logging someone out, deactivating. */
export function UsersPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useTitle('Users');
  const me = useQuery(trpc.auth.me.queryOptions(undefined, { staleTime: 60_000 }));
  const users = useQuery(trpc.users.list.queryOptions());
  const [pending, setPending] = useState<Pending | null>(null);
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);

  const finish = async (message: string) => {
    setPending(null);
    setReason('');
    setDone(message);
    await queryClient.invalidateQueries(trpc.users.pathFilter());
  };
  const endSessions = useMutation(trpc.users.endSessions.mutationOptions());
  const deactivate = useMutation(trpc.users.deactivate.mutationOptions());
  const active = pending?.kind === 'deactivate' ? deactivate : endSessions;
  const errors = fieldErrorsOf(active.error, (p) => p === 'reason');

  function ask(kind: Pending['kind'], user: UserRow) {
    endSessions.reset();
    deactivate.reset();
    setDone(null);
    setReason('');
    setPending({ kind, user });
  }

  function confirm(event: FormEvent) {
    event.preventDefault();
    if (!pending) return;
    const { user } = pending;
    if (pending.kind === 'end-sessions') {
      endSessions.mutate(
        { userId: user.id },
        { onSuccess: (r) => finish(`Ended ${sessions(r.endedSessions)} of ${user.name}; they must log in again.`) },
      );
    } else {
      deactivate.mutate(
        { userId: user.id, reason },
        {
          onSuccess: (r) =>
            finish(`${user.name} is deactivated and can no longer log in (${sessions(r.endedSessions)} ended).`),
        },
      );
    }
  }

  if (users.error) {
    return (
      <p className="error" role="alert">
        {users.error.message}
      </p>
    );
  }
  if (!users.data) return <p className="page-status">Loading the users…</p>;

  return (
    <div className="users-page">
      <div className="page-head">
        <h1>Users</h1>
        <p className="small">
          Deactivate an account when someone leaves: they can no longer log in, and everything they charted keeps their
          name. End sessions when a badge is lost or a workstation was left logged in.
        </p>
      </div>
      {done && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
      <section className="card" aria-labelledby="users-title">
        <h2 id="users-title">People who can log in</h2>
        <div className="table-scroll">
          <table className="table records">
            <thead>
              <tr>
                <th scope="col">Username</th>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">Active sessions</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((u) => (
                <UserTableRow key={u.id} user={u} isMe={u.id === me.data?.id} onAsk={ask} />
              ))}
            </tbody>
          </table>
        </div>
        {pending && (
          <form
            className="inline-form"
            onSubmit={confirm}
            aria-label={
              pending.kind === 'deactivate'
                ? `Deactivate ${pending.user.name}`
                : `End the sessions of ${pending.user.name}`
            }
          >
            {pending.kind === 'deactivate' ? (
              <label className={`field compact grow${errors.byPath.reason ? ' has-error' : ''}`}>
                <span>Why is {pending.user.name} being deactivated?</span>
                <input
                  name="reason"
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                  required
                  minLength={3}
                  maxLength={500}
                  autoFocus
                />
                {errors.byPath.reason && <span className="field-error">{errors.byPath.reason}</span>}
              </label>
            ) : (
              <p>
                End all {sessions(pending.user.activeSessions)} of {pending.user.name}? Unsaved work in their open
                screens is lost.
              </p>
            )}
            <button
              type="submit"
              className="button danger"
              disabled={active.isPending || (pending.kind === 'deactivate' && reason.trim().length < 3)}
            >
              {pending.kind === 'deactivate' ? `Deactivate ${pending.user.username}` : 'End sessions'}
            </button>
            <button type="button" className="button ghost" onClick={() => setPending(null)}>
              Cancel
            </button>
            {errors.general && (
              <p className="error" role="alert">
                {errors.general}
              </p>
            )}
          </form>
        )}
      </section>
      <UserAccessPanel users={users.data} />
      <AddUserForm />
    </div>
  );
}

function UserTableRow({
  user,
  isMe,
  onAsk,
}: {
  user: UserRow;
  isMe: boolean;
  onAsk: (kind: Pending['kind'], user: UserRow) => void;
}) {
  return (
    <tr className={user.active ? undefined : 'inactive'}>
      <td>
        {user.username}
        {isMe && <span className="small muted"> (you)</span>}
      </td>
      <td>{user.name}</td>
      <td className="status">{user.role}</td>
      <td>
        {user.active ? 'Active' : 'Deactivated'}
        {user.deactivation && (
          <div className="small muted">
            {new Date(user.deactivation.at).toLocaleString()}
            {user.deactivation.by && ` by ${user.deactivation.by}`}: “{user.deactivation.reason}”
          </div>
        )}
      </td>
      <td>{user.active ? user.activeSessions : '—'}</td>
      <td className="actions">
        {user.active && (
          <>
            <button
              type="button"
              className="button small"
              disabled={user.activeSessions === 0}
              onClick={() => onAsk('end-sessions', user)}
            >
              End sessions
            </button>
            {!isMe && (
              <button type="button" className="button small danger" onClick={() => onAsk('deactivate', user)}>
                Deactivate
              </button>
            )}
          </>
        )}
      </td>
    </tr>
  );
}
