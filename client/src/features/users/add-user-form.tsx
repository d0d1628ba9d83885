import { PASSWORD_MIN_LENGTH, ROLES, type Role, passwordProblem } from '@detox/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { fieldErrorsOf } from '../../lib/server-errors.js';
import { useTRPC } from '../../trpc.js';

const FIELDS = ['username', 'name', 'role', 'password'];
const EMPTY = { username: '', name: '', role: 'nurse' as Role, password: '' };

/** Adds a person who can log in; the password is checked as it is typed, by the server's own policy. */
export function AddUserForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(EMPTY);
  const create = useMutation(
    trpc.users.create.mutationOptions({
      onSuccess: async () => {
        setDraft(EMPTY);
        await queryClient.invalidateQueries(trpc.users.pathFilter());
      },
    }),
  );
  const errors = fieldErrorsOf(create.error, (p) => FIELDS.includes(p));
  // Shown once something is typed, so an empty form does not start with a complaint.
  const preview = draft.password ? passwordProblem(draft.password, { username: draft.username }) : null;
  const passwordError = errors.byPath.password ?? preview;

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate(draft);
  }

  const field = (key: 'username' | 'name') => (errors.byPath[key] ? ' has-error' : '');
  return (
    <form className="card" onSubmit={submit} aria-labelledby="add-user-title">
      <h2 id="add-user-title">Add a user</h2>
      <div className="form-grid">
        <label className={`field${field('username')}`}>
          <span>Username (for logging in)</span>
          <input
            name="username"
            value={draft.username}
            onChange={(e) => setDraft({ ...draft, username: e.target.value })}
            required
            autoComplete="off"
            maxLength={100}
          />
          {errors.byPath.username && <span className="field-error">{errors.byPath.username}</span>}
        </label>
        <label className={`field${field('name')}`}>
          <span>Full name (shown on the records they chart)</span>
          <input
            name="name"
            value={draft.name}
            onChange={(e) => setDraft({ ...draft, name: e.target.value })}
            required
            maxLength={200}
          />
          {errors.byPath.name && <span className="field-error">{errors.byPath.name}</span>}
        </label>
        <label className="field">
          <span>Role</span>
          <select name="role" value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value as Role })}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <label className={`field${passwordError ? ' has-error' : ''}`}>
          <span>First password</span>
          <input
            name="password"
            type="password"
            value={draft.password}
            onChange={(e) => setDraft({ ...draft, password: e.target.value })}
            required
            autoComplete="new-password"
            aria-describedby="password-hint"
          />
          {passwordError ? (
            <span id="password-hint" className="field-error">
              {passwordError}
            </span>
          ) : (
            <span id="password-hint" className="small muted">
              At least {PASSWORD_MIN_LENGTH} characters; a few unrelated words are easy to remember and hard to guess.
              Hand it over in person.
            </span>
          )}
        </label>
      </div>
      {errors.general && (
        <p className="error" role="alert">
          {errors.general}
        </p>
      )}
      {create.isSuccess && (
        <p className="notice" role="status">
          Added. They can log in now with the password you chose.
        </p>
      )}
      <button
        type="submit"
        className="button primary"
        disabled={create.isPending || preview !== null || !draft.username.trim() || !draft.name.trim()}
      >
        Add user
      </button>
    </form>
  );
}
