import { useSyncExternalStore } from 'react';
import { hasTheRecord, onRecordReachChange } from './queries-follow-reach.js';

/**
 * Whether the tablet has the record: the browser believes it has a network, and the page did not open
 * without an answer from the server (server-reach.ts). A hint: a send can still fail, and is then queued.
 */
export function useOnline(): boolean {
  return useSyncExternalStore(
    (listener) => onRecordReachChange(listener),
    () => hasTheRecord(),
  );
}
