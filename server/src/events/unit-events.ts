import { EventEmitter, on } from 'node:events';
import { UnitEventHistory } from './unit-event-history.js';

export interface UnitEvent {
  unitId: number;
  admissionId: number;
  kind: 'assessment' | 'administration' | 'admission' | 'taper-plan' | 'alert' | 'order';
  at: string;
}

/**
 * Sent instead of the missed events to a stream that asked for them (`since`) when this instance
 * cannot name them all (it started later, or no longer holds them): reread everything on the unit.
 */
export interface UnitResync {
  unitId: number;
  admissionId: null;
  kind: 'resync';
  at: string;
}

/** What a stream that asked for what it missed (`since`) carries. */
export type UnitStreamMessage = UnitEvent | UnitResync;

/**
 * How far before `since` the missed events are looked for, once events come from other instances:
 * the instance that answered the screen's read heard them on its own clock, up to a NOTIFY later or
 * sooner than this one. On one instance the read and the history share a clock and no margin is needed.
 */
export const SINCE_MARGIN_MS = 2_000;

/**
 * A session (by the SHA-256 id of its token) or every session of a user has ended: open event
 * streams of that session close at once, on every instance (issue 11, item 5).
 */
export interface SessionEnd {
  sessionEnded: { sessionId?: string; userId?: number };
}

/** Carries an event to every server instance (PostgreSQL NOTIFY); each instance hands it back to receive(). */
export type UnitEventRelay = (event: UnitEvent | SessionEnd) => Promise<void>;

/**
 * Tells open screens that something on a unit changed. On one instance the events stay in process;
 * instances sharing PostgreSQL relay them through LISTEN/NOTIFY (pg-relay.ts), so a nurse on one
 * instance updates a physician's board on another. Events carry ids only, never clinical values:
 * a screen refetches what it is allowed to read.
 */
export class UnitEvents {
  private readonly emitter = new EventEmitter();
  private relay: UnitEventRelay | undefined;
  private readonly history = new UnitEventHistory(Date.now());
  private sinceMarginMs = 0;

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  /** Routes published events through another path; undefined goes back to in-process delivery. */
  useRelay(relay: UnitEventRelay | undefined): void {
    this.relay = relay;
    if (!relay) return;
    // Other instances' events arrive from now on; before (at start, or while the listener was down)
    // they passed this instance by, so its history cannot say what changed then.
    this.history.missedUntil(Date.now());
    this.sinceMarginMs = SINCE_MARGIN_MS;
  }

  publish(event: UnitEvent): void {
    if (!this.relay) {
      this.receive(event);
      return;
    }
    // What this instance keeps computed (the board's rows) is dropped before the write is answered,
    // not a NOTIFY round trip later: the writer's own next read must see the write.
    this.emitter.emit('changed', event);
    // The record is already committed: if the relay fails, this instance's screens still hear of it.
    this.relay(event).catch(() => this.receive(event));
  }

  /** Tells every instance that a session, or all of a user's sessions, ended. */
  endSession(end: SessionEnd['sessionEnded']): void {
    const message: SessionEnd = { sessionEnded: end };
    if (!this.relay) {
      this.receive(message);
      return;
    }
    this.relay(message).catch(() => this.receive(message));
  }

  /** Delivers an event to this instance's subscribers. */
  receive(event: UnitEvent | SessionEnd): void {
    if ('sessionEnded' in event) this.emitter.emit('session-ended', event.sessionEnded);
    else {
      // Every event reaches this instance's streams here (a published one too, back from the relay).
      this.history.add(event, Date.now());
      this.emitter.emit('changed', event);
      this.emitter.emit(unitChannel(event.unitId), event);
    }
  }

  /**
   * Calls `onChange` for every unit event, before any event stream hears of it (so a screen that
   * refetches on the event reads past anything kept computed); returns the unsubscribe.
   */
  onChange(onChange: (event: UnitEvent) => void): () => void {
    this.emitter.on('changed', onChange);
    return () => this.emitter.off('changed', onChange);
  }

  /** Calls `onEnd` when the session (or all of the user's sessions) ends; returns the unsubscribe. */
  onSessionEnd(sessionId: string, userId: number, onEnd: () => void): () => void {
    const listener = (end: SessionEnd['sessionEnded']) => {
      if (end.sessionId === sessionId || end.userId === userId) onEnd();
    };
    this.emitter.on('session-ended', listener);
    return () => this.emitter.off('session-ended', listener);
  }

  /** Events for one unit until the signal aborts (the subscriber went away). */
  async *stream(unitId: number, signal: AbortSignal | undefined): AsyncGenerator<UnitEvent> {
    try {
      yield* eventsOf(on(this.emitter, unitChannel(unitId), { signal }));
    } catch (error) {
      if (!isAbort(error)) throw error;
    }
  }

  /**
   * The unit's events this instance received from `sinceMs` on (less the margin), then the live ones
   * until the signal aborts, each once; when the history does not reach back that far, one 'resync'
   * instead of the missed events.
   */
  async *streamSince(
    unitId: number,
    sinceMs: number,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<UnitStreamMessage> {
    let live: ReturnType<typeof on> | undefined;
    try {
      // Listening starts before the history is read, in the same turn of the event loop: an event
      // arriving meanwhile is in one of the two, never in neither, never in both.
      live = on(this.emitter, unitChannel(unitId), { signal });
      const missed = this.history.after(unitId, sinceMs - this.sinceMarginMs);
      if (missed) yield* missed;
      else yield { unitId, admissionId: null, kind: 'resync', at: new Date().toISOString() };
      yield* eventsOf(live);
    } catch (error) {
      if (!isAbort(error)) throw error;
    } finally {
      // Closed while still sending the missed events: the listener goes too.
      await live?.return?.();
    }
  }
}

/**
 * The emitter's name for one unit's events: a stream wakes only for its own unit. With one name for
 * every unit, each event woke every open stream of every unit to be filtered out (issue 16: on the
 * hospital bench, 200 streams woken for each of 50 charted records a second, to deliver to 10).
 */
function unitChannel(unitId: number): string {
  return `unit:${unitId}`;
}

async function* eventsOf(emitted: AsyncIterable<unknown[]>): AsyncGenerator<UnitEvent> {
  for await (const [event] of emitted) yield event as UnitEvent;
}

function isAbort(error: unknown): boolean {
  return (error as { name?: string }).name === 'AbortError';
}
