import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';

/**
 * Kept views (kept-by-admission.ts) computed again in the background before they run out, one at a
 * time and spaced out (issue 16). Views computed together (every board read within seconds of a
 * restart, every timeline of a round) would otherwise all run out in the same second KEPT_FRESH_MS later, and
 * every read in that second would wait behind the whole hospital's recompute: the hospital bench saw
 * its p99 go from 100 ms to 800 ms there. Renewed one by one, they drift apart and stay apart.
 */

/**
 * The share of the event loop renewals may take: after a renewal that took d ms the next waits
 * d·(1/share − 1) ms, so requests always get the rest. A renewal not done in time costs nothing
 * worse than today: the view runs out and the read that finds it so computes it.
 */
const LOOP_SHARE = 0.25;

/** A renewal reads through `background` when the server has one (Renewals' constructor), else through its own handle. */
type Renewal = (background: Kysely<Database> | undefined) => Promise<void>;

export class Renewals {
  /** Waiting renewals by what they renew (a stay's timeline, a unit's rows), oldest first. */
  private readonly waiting = new Map<string, Renewal>();
  private running = false;
  private drained: (() => void)[] = [];

  /**
   * `failed` hears a renewal that threw. Once `stopping` says so (the server is draining before it
   * closes the database) nothing more is renewed: what is waiting is dropped and simply runs out.
   * `background` is the handle renewals read through (connect.ts): on PostgreSQL a pool of its own.
   * One renewal reads a unit's rows or a stay's timeline with four to six queries at once; through
   * the requests' pool of 10, on the hospital bench, that filled it in every renewal phase (up to 10
   * queries waiting for a connection) and the charted writes waited behind them.
   */
  constructor(
    private readonly failed: (error: unknown) => void,
    private readonly stopping: () => boolean = () => false,
    private readonly background?: Kysely<Database>,
  ) {}

  /** Queues a renewal, unless one for the same key is already waiting. */
  schedule(key: string, renewal: Renewal): void {
    if (this.waiting.has(key) || this.stopping()) return;
    this.waiting.set(key, renewal);
    if (!this.running) this.runNext(0);
  }

  /** Resolves once nothing is waiting or running (for tests). */
  idle(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  private runNext(afterMs: number): void {
    this.running = true;
    // unref: a renewal never keeps a stopping process alive.
    setTimeout(() => void this.runOldest(), afterMs).unref();
  }

  private async runOldest(): Promise<void> {
    if (this.stopping()) this.waiting.clear();
    const oldest = this.waiting.entries().next();
    if (oldest.done) {
      this.running = false;
      for (const resolve of this.drained.splice(0)) resolve();
      return;
    }
    const [key, renewal] = oldest.value;
    this.waiting.delete(key);
    const started = performance.now();
    try {
      await renewal(this.background);
    } catch (error) {
      // The view simply runs out and is computed by the read that finds it so.
      this.failed(error);
    }
    const tookMs = performance.now() - started;
    this.runNext(tookMs * (1 / LOOP_SHARE - 1));
  }
}
