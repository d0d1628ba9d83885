import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTRPC } from '../../trpc.js';
import { unlockSession } from './session-lock.js';
import { loginErrorText } from './login-error.js';

interface Props {
  user: { name: string; username: string };
  /** Ends the lock the other way: a different person takes the device (unsaved entries are lost). */
  onSwitchUser: () => void;
}

/**
 * Covers the screen once the session has ended, hiding patient data, and asks the same user for their
 * password. The page underneath stays mounted (and inert), so whatever was being charted is kept.
 */
export function LockScreen({ user, onSwitchUser }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [password, setPassword] = useState('');
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      onSuccess: async () => {
        setPassword('');
        unlockSession();
        // Anything that failed while the session was over is fetched again with the new one.
        await queryClient.invalidateQueries();
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    login.mutate({ username: user.username, password });
  }

  return (
    <div className="lock-screen">
      <form
        className="card login-card"
        role="dialog"
        aria-modal="true"
        aria-labelledby="lock-title"
        aria-describedby="lock-why"
        onSubmit={submit}
      >
        <h1 id="lock-title">Locked</h1>
        <p id="lock-why" className="muted">
          The session ended after a period without use. {user.name}, enter your password to carry on where you left off;
          anything you were entering is kept.
        </p>
        <label className="field">
          <span>Password for {user.username}</span>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            autoFocus
          />
        </label>
        {login.error && (
          <p className="error" role="alert">
            {loginErrorText(login.error)}
          </p>
        )}
        <button type="submit" className="button primary wide" disabled={login.isPending || password === ''}>
          {login.isPending ? 'Unlocking…' : 'Unlock'}
        </button>
        <button type="button" className="button ghost wide" onClick={onSwitchUser}>
          Not {user.name}? Log in as someone else
        </button>
      </form>
    </div>
  );
}
