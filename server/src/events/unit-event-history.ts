import type { UnitEvent } from './unit-events.js';

/** How long, and how many, unit events an instance remembers for streams that ask what they missed. */
export const HISTORY_KEPT_MS = 15 * 60_000;
export const HISTORY_KEPT_COUNT = 20_000;

interface Received {
  event: UnitEvent;
  /** This instance's clock when the event reached its subscribers. */
  atMs: number;
}

/**
 * The unit events this instance's subscribers heard lately, so a screen that read its data before its
 * stream opened (or while it was reconnecting) can be sent what it missed (events.unit `since`).
 * Bounded by age and count; it also knows from when it is complete, so it never answers "nothing
 * changed" about a time it did not hear.
 */
export class UnitEventHistory {
  private records: Received[] = [];
  /** The oldest record still held; those before it are dropped in one go once they are half the array. */
  private first = 0;
  private completeFromMs: number;

  constructor(
    startMs: number,
    private readonly keptMs = HISTORY_KEPT_MS,
    private readonly keptCount = HISTORY_KEPT_COUNT,
  ) {
    this.completeFromMs = startMs;
  }

  /** On every event's path: each record is dropped once, and the array copied at most once per half of it. */
  add(event: UnitEvent, atMs: number): void {
    this.records.push({ event, atMs });
    for (;;) {
      const oldest = this.records[this.first];
      if (!oldest || (this.records.length - this.first <= this.keptCount && oldest.atMs >= atMs - this.keptMs)) break;
      this.completeFromMs = Math.max(this.completeFromMs, oldest.atMs + 1);
      this.first++;
    }
    if (this.first >= 1024 && this.first * 2 >= this.records.length) {
      this.records.splice(0, this.first);
      this.first = 0;
    }
  }

  /**
   * Events from before `atMs` may never have reached this instance (its PostgreSQL listener was down):
   * what is held from then is not the whole story.
   */
  missedUntil(atMs: number): void {
    this.completeFromMs = Math.max(this.completeFromMs, atMs);
  }

  /**
   * The unit's events received at or after `fromMs`, oldest first; undefined when the history does
   * not reach back that far (this instance started later, or the events have been dropped).
   */
  after(unitId: number, fromMs: number): UnitEvent[] | undefined {
    if (fromMs < this.completeFromMs) return undefined;
    const events: UnitEvent[] = [];
    // All of it, not from the newest back until an older one: a clock set back leaves records out of order.
    for (let i = this.first; i < this.records.length; i++) {
      const record = this.records[i] as Received;
      if (record.atMs >= fromMs && record.event.unitId === unitId) events.push(record.event);
    }
    return events;
  }
}
