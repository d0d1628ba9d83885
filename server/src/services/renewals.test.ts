import { describe, expect, it } from 'vitest';
import { Renewals } from './renewals.js';

/** Holds the thread for `ms`, as a renewal's synchronous SQLite work does. */
function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('renewals of kept views, in the background', () => {
  it('runs what is scheduled, once per key however often a read asks', async () => {
    const failures: unknown[] = [];
    const renewals = new Renewals((error) => failures.push(error));
    const ran: string[] = [];
    for (let read = 0; read < 5; read++) {
      renewals.schedule('board 1', async () => void ran.push('board 1'));
      renewals.schedule('timeline 7', async () => void ran.push('timeline 7'));
    }
    await renewals.idle();
    expect(ran).toEqual(['board 1', 'timeline 7']);
    expect(failures).toEqual([]);
  });

  it('runs one at a time, oldest first, and leaves the loop to requests in between', async () => {
    const renewals = new Renewals(() => {});
    const spans: { key: string; start: number; end: number }[] = [];
    let running = 0;
    let mostAtOnce = 0;
    for (const key of ['a', 'b', 'c']) {
      renewals.schedule(key, async () => {
        running++;
        mostAtOnce = Math.max(mostAtOnce, running);
        const start = performance.now();
        busyFor(20);
        await Promise.resolve();
        spans.push({ key, start, end: performance.now() });
        running--;
      });
    }
    await renewals.idle();
    expect(spans.map((s) => s.key)).toEqual(['a', 'b', 'c']);
    expect(mostAtOnce).toBe(1);
    // At most a quarter of the loop: after 20 ms of renewal, at least 60 ms for everything else
    // (a timer may fire a millisecond early).
    for (let i = 1; i < spans.length; i++) {
      const before = spans[i - 1] as (typeof spans)[number];
      const gap = (spans[i]?.start ?? 0) - before.end;
      expect(gap).toBeGreaterThanOrEqual(3 * (before.end - before.start) - 2);
    }
  });

  it('reports a renewal that fails and goes on with the next', async () => {
    const failures: unknown[] = [];
    const renewals = new Renewals((error) => failures.push(error));
    const ran: string[] = [];
    renewals.schedule('timeline 1', async () => {
      throw new Error('database is locked');
    });
    renewals.schedule('timeline 2', async () => void ran.push('timeline 2'));
    await renewals.idle();
    expect(failures.map((e) => (e as Error).message)).toEqual(['database is locked']);
    expect(ran).toEqual(['timeline 2']);
  });

  it('is idle at once when nothing was scheduled, and takes new work after draining', async () => {
    const renewals = new Renewals(() => {});
    await renewals.idle();
    const ran: string[] = [];
    renewals.schedule('board 2', async () => void ran.push('first'));
    await renewals.idle();
    renewals.schedule('board 2', async () => void ran.push('again'));
    await renewals.idle();
    expect(ran).toEqual(['first', 'again']);
  });

  it('renews nothing more once the server is stopping: what waits is dropped', async () => {
    let stopping = false;
    const renewals = new Renewals(
      () => {},
      () => stopping,
    );
    const ran: string[] = [];
    renewals.schedule('timeline 1', async () => {
      ran.push('timeline 1');
      stopping = true; // the server starts draining while this one runs
    });
    renewals.schedule('timeline 2', async () => void ran.push('timeline 2'));
    await renewals.idle();
    renewals.schedule('timeline 3', async () => void ran.push('timeline 3'));
    await renewals.idle();
    expect(ran).toEqual(['timeline 1']);
  });
});
