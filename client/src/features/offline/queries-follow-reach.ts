import { onlineManager } from '@tanstack/react-query';
import { failureOf } from './send-failure.js';
import { type ServerReach, lostIfNoAnswer, serverReach } from './server-reach.js';

/** What the browser says of its network: navigator.onLine and its online / offline events. */
export interface BrowserNetwork {
  onLine(): boolean;
  /** Calls `listener` on each online or offline event; returns the unsubscribe. */
  listen(listener: () => void): () => void;
}

export const browserNetwork: BrowserNetwork = {
  onLine: () => navigator.onLine,
  listen(listener) {
    window.addEventListener('online', listener);
    window.addEventListener('offline', listener);
    return () => {
      window.removeEventListener('online', listener);
      window.removeEventListener('offline', listener);
    };
  },
};

type Reach = Pick<ServerReach, 'unreachable' | 'subscribe'>;

/** The tablet has the record: the browser says it is online and no probe of the server is failing. */
export function hasTheRecord(network: BrowserNetwork = browserNetwork, reach: Reach = serverReach): boolean {
  return network.onLine() && !reach.unreachable();
}

/** Calls `listener` whenever hasTheRecord() may have changed; returns the unsubscribe. */
export function onRecordReachChange(
  listener: () => void,
  network: BrowserNetwork = browserNetwork,
  reach: Reach = serverReach,
): () => void {
  const unlisten = network.listen(listener);
  const unsubscribe = reach.subscribe(listener);
  return () => {
    unlisten();
    unsubscribe();
  };
}

/**
 * React Query's "online" becomes hasTheRecord() (what use-online.ts shows the nurse), not the browser's
 * network alone. A page opened on the Wi-Fi without an answer from the server (server-reach.ts) asked
 * again for the answers it had kept, failed twice more, and replaced the patient's page with "Failed
 * to fetch", though those answers were on the screen a moment before. Offline, a query now waits with
 * its answer shown (paused), as it does when the browser itself is offline, and runs once the server
 * answers a probe. Saves are not affected: they are sent whatever this says (networkMode 'always')
 * and queued when no answer comes.
 */
export function queriesFollowReach(
  reach: Reach = serverReach,
  network: BrowserNetwork = browserNetwork,
  manager = onlineManager,
): void {
  // Nothing is decided at start, as with React Query's own listener: the page's first question (the
  // session, first-load.ts) must go out even when the browser says it is offline, since its failure
  // is what opens the page on the kept answers. Taken offline here, it waited, paused, and the page
  // never got past "Loading…".
  manager.setEventListener((setOnline) =>
    onRecordReachChange(() => setOnline(hasTheRecord(network, reach)), network, reach),
  );
}

/**
 * React Query's retry for every query (trpc.ts): twice, and never an ended session (a 401 is an
 * answer). A failure with no answer from the server takes the page offline there and then: a page
 * already open when the server stopped answering stayed "online", its questions failed into "Failed
 * to fetch", and its saves kept going out, until a reload. Offline, the retry waits, paused, with the
 * last answer on screen, and goes once a probe gets an answer (queriesFollowReach).
 */
export function retryQuery(failureCount: number, error: unknown, reach: Pick<ServerReach, 'lost'> = serverReach) {
  lostIfNoAnswer(error, reach);
  return failureOf(error) !== 'session' && failureCount < 2;
}
