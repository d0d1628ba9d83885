import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTitle } from '../../router.js';
import { useTRPC } from '../../trpc.js';
import { unlockSession } from './session-lock.js';
import { loginErrorText } from './login-error.js';

export function LoginPage() {
  useTitle('Log in');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      onSuccess: async () => {
        setPassword('');
        // A new session: a page reopened offline later opens unlocked for this user.
        unlockSession();
        await queryClient.invalidateQueries();
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    login.mutate({ username, password });
  }

  return (
    <main className="login">
      <form className="card login-card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">Detox Watch</h1>
        <p className="muted">Withdrawal monitoring · log in to chart</p>
        <label className="field">
          <span>Username</span>
          <input
            name="username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
            autoFocus
          />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        {login.error && (
          <p className="error" role="alert">
            {loginErrorText(login.error)}
          </p>
        )}
        <button type="submit" className="button primary wide" disabled={login.isPending}>
          {login.isPending ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </main>
  );
}
