import { useSyncExternalStore } from 'react';

/**
 * Whether the screen is locked: after the deployment's idle time without a touch or key (HIPAA
 * 164.312(a)(2)(iii), automatic logoff), or when the server says the session has ended. The page
 * stays mounted under the lock, so a half-charted form survives re-entering the password.
 */
let locked = false;
const listeners = new Set<() => void>();
/** Remembered across a reload, so a page reopened offline (issue 13) opens locked, not unlocked. */
const LOCKED_KEY = 'detox.locked';

export function wasLocked(): boolean {
  return localStorage.getItem(LOCKED_KEY) === '1';
}

function emit() {
  for (const listener of listeners) listener();
}

export function lockSession() {
  if (locked) return;
  locked = true;
  localStorage.setItem(LOCKED_KEY, '1');
  emit();
}

export function unlockSession() {
  localStorage.removeItem(LOCKED_KEY);
  if (!locked) return;
  locked = false;
  emit();
}

export function useSessionLocked(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => locked,
  );
}
