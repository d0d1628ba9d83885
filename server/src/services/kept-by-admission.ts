import type { UnitEvent } from '../events/unit-events.js';

/**
 * How long a view computed from a patient's record (a board row, a timeline) is served without a
 * change to that record (issue 16). Time-driven parts (hours since last use, an order coming due, an
 * acknowledgement leaving the 12-hour window) move at most this late; the screens themselves poll
 * every 60 s, so a nurse never sees the difference. A view that turns sooner by itself (a score
 * falling due) says so with its own expiry.
 */
export const KEPT_FRESH_MS = 15_000;

/** How long a change is remembered for the reads in flight when it arrived; no read lasts this long. */
const CHANGE_REMEMBERED_MS = 60_000;

interface Kept<Value> {
  value: Value;
  /** What else the value was computed under (protocol version, unit settings): a change recomputes it. */
  basis: string;
  validUntil: number;
}

/** Taken before a read starts: a value computed from reads older than a change is not kept. */
export type ReadTicket = number;

/**
 * Views computed from one admission's record, kept between reads until that record changes. Every
 * clinical write publishes a unit event naming its admission (routers/*.ts; UnitEvents.onChange); on
 * several instances it arrives through PostgreSQL NOTIFY, and a lost one is covered by KEPT_FRESH_MS.
 * A read that began before a change arrived does not keep what it computed.
 */
export class KeptByAdmission<Value> {
  private readonly kept = new Map<number, Kept<Value>>();
  /** Each admission's last change: its number in `changes` and when it arrived. */
  private readonly lastChange = new Map<number, { change: number; atMs: number }>();
  private changes = 0;
  private sweepAbove = 1000;

  /** Forgets one admission's value: its record changed. */
  changed(event: Pick<UnitEvent, 'admissionId'>, nowMs = Date.now()): void {
    this.kept.delete(event.admissionId);
    this.lastChange.set(event.admissionId, { change: ++this.changes, atMs: nowMs });
    if (this.lastChange.size > 1000) {
      for (const [id, { atMs }] of this.lastChange) if (atMs < nowMs - CHANGE_REMEMBERED_MS) this.lastChange.delete(id);
    }
  }

  /** Call before reading the database. */
  ticket(): ReadTicket {
    return this.changes;
  }

  /** The value still good at `nowMs` under `basis`. */
  get(admissionId: number, basis: string, nowMs: number): Value | undefined {
    const entry = this.kept.get(admissionId);
    return entry && entry.basis === basis && nowMs < entry.validUntil ? entry.value : undefined;
  }

  /** Keeps a freshly computed value, unless its admission changed after the ticket was taken. */
  put(ticket: ReadTicket, admissionId: number, basis: string, value: Value, validUntil: number): void {
    if ((this.lastChange.get(admissionId)?.change ?? 0) > ticket) return;
    this.kept.set(admissionId, { value, basis, validUntil });
    if (this.kept.size >= this.sweepAbove) {
      // Discharged patients' values are never read again: dropped once expired.
      const nowMs = Date.now();
      for (const [id, entry] of this.kept) if (entry.validUntil <= nowMs) this.kept.delete(id);
      this.sweepAbove = Math.max(1000, 2 * this.kept.size);
    }
  }
}
