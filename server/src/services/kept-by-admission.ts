import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { UnitEvent } from '../events/unit-events.js';
import type { Renewals } from './renewals.js';

/**
 * How long a view computed from a patient's record (a board row, a timeline) is served without a
 * change to that record (issue 16). A timeline holds nothing that moves with the clock apart from its
 * "now", brought to each read (timeline.ts). A board row ends sooner by itself when a score or a PRN
 * reassessment falls due (census.ts); its other time-driven parts (an order's dose coming into or
 * going out of its window, a PRN's interval ending, hours since last use) move at most this late, and
 * a change event lost between instances (their listener down) shows within it. The screens poll every
 * 60 s, so a nurse sees them at most 90 s late where they saw them 75 s late at 15 s.
 *
 * Why 30 s and not 15: every kept view is computed again once a cycle, read or not changed, and on
 * the hospital bench on PostgreSQL those renewals held a quarter of the event loop for 5 to 6 s of
 * every 10; the worst seconds of the window fell inside them (p90 26 to 52 ms, against 10 to 16 ms
 * outside). A cycle twice as long halves that work.
 */
export const KEPT_FRESH_MS = 30_000;

/**
 * A kept value read this long after it was computed is computed again in the background (renewals.ts)
 * while it is still served, so values computed together do not all run out together. It is the
 * latest moment renewFromFor picks (RENEW_EARLIEST_MS the soonest). The 10 s left
 * before KEPT_FRESH_MS are the renewals' time to get through a hospital's views at their share of the
 * loop (5 to 6 s on the hospital bench).
 */
export const RENEW_AFTER_MS = 20_000;

/**
 * The soonest a kept value is renewed ahead. Views computed together (every view of the hospital
 * after a restart) would otherwise come due in the same second every cycle: on the hospital bench on
 * PostgreSQL their renewals took 0.3 of a core for 6 to 7 s every 21 s, and the worst seconds of the
 * window fell inside them. Each batch of values computed together is renewed from its own random
 * instant between this and RENEW_AFTER_MS (renewFromFor), so the renewals spread over the 8 s between.
 */
export const RENEW_EARLIEST_MS = 12_000;

/** When values computed together at `computedAt` are first renewed (`random` in [0, 1)). */
export function renewFromFor(computedAt: number, random = Math.random()): number {
  return computedAt + RENEW_EARLIEST_MS + random * (RENEW_AFTER_MS - RENEW_EARLIEST_MS);
}

/** How long a change is remembered for the reads in flight when it arrived; no read lasts this long. */
const CHANGE_REMEMBERED_MS = 60_000;

interface Kept<Value> {
  value: Value;
  /** What else the value was computed under (protocol version, unit settings): a change recomputes it. */
  basis: string;
  validUntil: number;
  /** From then on a read asks for it to be computed again ahead of validUntil. */
  renewFrom: number;
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

  /** Without `renewals` a value is only ever computed again by the read that finds it run out. */
  constructor(private readonly renewals?: Renewals) {}

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

  /** Whether the value kept at `nowMs` is old enough to be computed again ahead of its end. */
  dueForRenewal(admissionId: number, nowMs: number): boolean {
    const entry = this.kept.get(admissionId);
    return entry !== undefined && nowMs >= entry.renewFrom && nowMs < entry.validUntil;
  }

  /**
   * Queues `renewal` in the background (nothing without renewals); it computes and puts the value at
   * `at`, the clock of the read that found it due (`now`) moved on by the time it waited, reading
   * through `background` when the server has one (renewals.ts).
   */
  renew(key: string, now: Date, renewal: (at: Date, background: Kysely<Database> | undefined) => Promise<void>): void {
    const queuedAt = Date.now();
    this.renewals?.schedule(key, (background) => renewal(new Date(now.getTime() + Date.now() - queuedAt), background));
  }

  /**
   * Keeps a value computed at `computedAt`, unless its admission changed after the ticket was taken.
   * It is served until `validUntil` and renewed ahead from `renewFrom` on: by default its own
   * renewFromFor(computedAt); values computed together in one batch (a unit's board rows) pass one.
   */
  put(
    ticket: ReadTicket,
    admissionId: number,
    basis: string,
    value: Value,
    {
      computedAt,
      validUntil,
      renewFrom = renewFromFor(computedAt),
    }: { computedAt: number; validUntil: number; renewFrom?: number },
  ): void {
    if ((this.lastChange.get(admissionId)?.change ?? 0) > ticket) return;
    this.kept.set(admissionId, { value, basis, validUntil, renewFrom });
    if (this.kept.size >= this.sweepAbove) {
      // Discharged patients' values are never read again: dropped once expired.
      const nowMs = Date.now();
      for (const [id, entry] of this.kept) if (entry.validUntil <= nowMs) this.kept.delete(id);
      this.sweepAbove = Math.max(1000, 2 * this.kept.size);
    }
  }
}
