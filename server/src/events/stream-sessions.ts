/** How often the open event streams' sessions are checked in the database (idle expiry, deactivation elsewhere). */
const STREAM_SESSION_CHECK_MS = 5_000;

/** Which of these session ids still let their users in (services/auth.ts, liveSessionIds). */
export type LiveSessions = (sessionIds: string[]) => Promise<Set<string>>;

interface Watched {
  sessionId: string;
  onEnd: () => void;
}

/**
 * The sessions of this instance's open event streams, checked together: one query every few seconds
 * for all of them, where each stream used to check its own (issue 16: on the hospital bench, 200
 * streams made 40 session lookups a second, each a round trip to PostgreSQL). A stream whose session
 * has ended (idle or age expiry, deactivation on another instance) is told within one interval.
 * Logout and "end sessions" close streams at once through UnitEvents; this catches the rest.
 */
export class StreamSessions {
  private readonly watched = new Set<Watched>();
  private timer: NodeJS.Timeout | null = null;
  private checking = false;

  constructor(
    private readonly liveSessions: LiveSessions,
    private readonly everyMs = STREAM_SESSION_CHECK_MS,
  ) {}

  /** Calls `onEnd` once the session is found ended; returns the unwatch. */
  watch(sessionId: string, onEnd: () => void): () => void {
    const entry = { sessionId, onEnd };
    this.watched.add(entry);
    if (!this.timer) {
      this.timer = setInterval(() => void this.checkAll(), this.everyMs);
      // A stream does not keep a stopping server alive.
      this.timer.unref();
    }
    return () => {
      this.watched.delete(entry);
      if (this.watched.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  }

  /** One check of every watched session; a failed query leaves the streams open until the next. */
  async checkAll(): Promise<void> {
    if (this.checking || this.watched.size === 0) return;
    this.checking = true;
    try {
      const watched = [...this.watched];
      let live: Set<string>;
      try {
        live = await this.liveSessions([...new Set(watched.map((w) => w.sessionId))]);
      } catch {
        return;
      }
      for (const w of watched) if (!live.has(w.sessionId) && this.watched.has(w)) w.onEnd();
    } finally {
      this.checking = false;
    }
  }
}
