import { failureKind, serverDidNotAnswer } from './send-failure.js';

/**
 * Whether the tablet can reach the record, beyond what the browser knows. navigator.onLine only says
 * that the Wi-Fi is up: a tablet on the access point with no route to the server (a dead switch, a
 * captive portal, the server restarting) reports online, and a page opened then got no session,
 * showed the login page, and could not be used until the server was back, though the last board and
 * patient pages were on the tablet. A page that gets no answer at all when it opens is offline for
 * charting (use-online.ts) until a probe gets one.
 */
export interface ServerReach {
  /** True from a start without an answer until the server answers a probe. */
  unreachable(): boolean;
  subscribe(listener: () => void): () => void;
  /** No answer came: probe every `everyMs`, and at once when the browser says it is online again. */
  lost(whenBack?: () => void): void;
  /** Probes now (when lost); resolves once this probe is done. */
  probeNow(): Promise<void>;
}

interface Options {
  /** Resolves true when the server itself answered (answeredByServer). */
  probe(): Promise<boolean>;
  everyMs: number;
  /** The browser's own "online" events, when there is a browser (none in unit tests). */
  onBrowserOnline?(listener: () => void): () => void;
}

export function createServerReach({ probe, everyMs, onBrowserOnline }: Options): ServerReach {
  let probing = false;
  /** Set while lost: stops the probes. */
  let stopProbing: (() => void) | null = null;
  const isLost = () => stopProbing !== null;
  const whenBackCalls: (() => void)[] = [];
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) listener();
  };

  const back = () => {
    stopProbing?.();
    stopProbing = null;
    notify();
    for (const call of whenBackCalls.splice(0)) call();
  };

  const probeNow = async () => {
    if (!isLost() || probing) return;
    probing = true;
    try {
      if (await probe()) back();
    } catch {
      // A probe that throws got no answer either: the next one tries again.
    } finally {
      probing = false;
    }
  };

  return {
    unreachable: isLost,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    lost(whenBack) {
      if (whenBack) whenBackCalls.push(whenBack);
      if (isLost()) return;
      const timer = setInterval(() => void probeNow(), everyMs);
      const unlisten = onBrowserOnline?.(() => void probeNow());
      stopProbing = () => {
        clearInterval(timer);
        unlisten?.();
      };
      notify();
    },
    probeNow,
  };
}

/** How often a tablet that could not reach the server asks again. */
export const PROBE_EVERY_MS = 10_000;

/** The session question: every page asks it first, through the same path to the server. */
const SESSION_URL = '/trpc/auth.session?batch=1&input=%7B%7D';

/**
 * Whether an answer came from the server itself: its answers are JSON. A gateway's error page, or a
 * captive portal's login page (a 200, or a redirect followed to one), is not the record answering.
 */
export function answeredByServer(response: { status: number; headers: { get(name: string): string | null } }): boolean {
  const json = response.headers.get('content-type')?.startsWith('application/json') ?? false;
  return json && failureKind(response.status) !== 'unreachable';
}

async function sessionAnswers(): Promise<boolean> {
  try {
    return answeredByServer(await fetch(SESSION_URL, { cache: 'no-store', credentials: 'same-origin' }));
  } catch {
    return false;
  }
}

/** This page's reach of the server. */
export const serverReach = createServerReach({
  probe: sessionAnswers,
  everyMs: PROBE_EVERY_MS,
  onBrowserOnline(listener) {
    window.addEventListener('online', listener);
    return () => window.removeEventListener('online', listener);
  },
});

/**
 * A call that got no answer from the server itself (serverDidNotAnswer) takes the page offline until
 * a probe gets one: a question's retry, a question asked once, a save.
 */
export function lostIfNoAnswer(error: unknown, reach: Pick<ServerReach, 'lost'> = serverReach): void {
  if (serverDidNotAnswer(error)) reach.lost();
}
