import { EventEmitter, on } from 'node:events';

export interface UnitEvent {
  unitId: number;
  admissionId: number;
  kind: 'assessment' | 'administration' | 'admission' | 'taper-plan' | 'alert' | 'order';
  at: string;
}

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

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  /** Routes published events through another path; undefined goes back to in-process delivery. */
  useRelay(relay: UnitEventRelay | undefined): void {
    this.relay = relay;
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
      this.emitter.emit('changed', event);
      this.emitter.emit('unit', event);
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
      for await (const [event] of on(this.emitter, 'unit', { signal })) {
        if ((event as UnitEvent).unitId === unitId) yield event as UnitEvent;
      }
    } catch (error) {
      if ((error as { name?: string }).name !== 'AbortError') throw error;
    }
  }
}
