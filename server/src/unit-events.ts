import { EventEmitter, on } from 'node:events';

export interface UnitEvent {
  unitId: number;
  admissionId: number;
  kind: 'assessment' | 'administration' | 'admission' | 'taper-plan';
  at: string;
}

/**
 * Tells open screens that something on a unit changed. In-process: one server instance serves a
 * unit's live screens; instances sharing PostgreSQL would relay these through LISTEN/NOTIFY.
 * Events carry ids only, never clinical values: a screen refetches what it is allowed to read.
 */
export class UnitEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish(event: UnitEvent): void {
    this.emitter.emit('unit', event);
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
