import { useSyncExternalStore } from 'react';
import { serverReach } from './server-reach.js';

function subscribe(listener: () => void) {
  window.addEventListener('online', listener);
  window.addEventListener('offline', listener);
  const unsubscribe = serverReach.subscribe(listener);
  return () => {
    window.removeEventListener('online', listener);
    window.removeEventListener('offline', listener);
    unsubscribe();
  };
}

/**
 * Whether the tablet has the record: the browser believes it has a network, and the page did not open
 * without an answer from the server (server-reach.ts). A hint: a send can still fail, and is then queued.
 */
export function useOnline(): boolean {
  return useSyncExternalStore(subscribe, () => navigator.onLine && !serverReach.unreachable());
}
