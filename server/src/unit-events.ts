import { EventEmitter } from 'node:events';

export interface UnitEvent {
  unitId: number;
  admissionId: number;
  kind: 'assessment' | 'administration' | 'admission';
  at: string;
}

/**
 * Tells open screens that something on a unit changed. In-process for a single server; instances
 * sharing PostgreSQL relay through LISTEN/NOTIFY (see the events service).
 */
export class UnitEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish(event: UnitEvent): void {
    this.emitter.emit('unit', event);
  }

  subscribe(listener: (event: UnitEvent) => void): () => void {
    this.emitter.on('unit', listener);
    return () => this.emitter.off('unit', listener);
  }
}
