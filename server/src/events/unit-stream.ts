import { sessionIdOf } from '../auth/session-token.js';
import type { StreamSessions } from './stream-sessions.js';
import type { UnitEvents, UnitStreamMessage } from './unit-events.js';

export const SESSION_ENDED = 'Your session has ended; log in again to keep receiving live updates';

/** What one events.unit stream needs: the unit's events and the session checks. */
export interface UnitStreamSources {
  events: UnitEvents;
  streamSessions: StreamSessions;
}

/**
 * The messages of one events.unit stream, for both ways a stream is served (the tRPC procedure,
 * routers/events.ts, and http/unit-event-stream.ts). With `since` (when the screen's data was read),
 * first what changed after it, or a 'resync'; then every event on the unit as it happens.
 *
 * The stream ends with the session (issue 11, item 5): at once on logout, deactivation or "end
 * sessions" (on every instance, through UnitEvents' relay), and within a few seconds on idle or age
 * expiry (events/stream-sessions.ts). It ends quietly when `left` aborts (the client went away);
 * after it ends, `left.aborted` false means the session ended and the client must be told.
 */
export async function* unitStreamMessages(
  sources: UnitStreamSources,
  session: { token: string; userId: number },
  input: { unitId: number; since?: string },
  left: AbortSignal,
): AsyncGenerator<UnitStreamMessage> {
  const ended = new AbortController();
  const stop = () => ended.abort();
  left.addEventListener('abort', stop);
  const sessionId = sessionIdOf(session.token);
  const unsubscribe = sources.events.onSessionEnd(sessionId, session.userId, stop);
  const unwatch = sources.streamSessions.watch(sessionId, stop);
  try {
    yield* input.since === undefined
      ? sources.events.stream(input.unitId, ended.signal)
      : sources.events.streamSince(input.unitId, Date.parse(input.since), ended.signal);
  } finally {
    unwatch();
    unsubscribe();
    left.removeEventListener('abort', stop);
  }
}
