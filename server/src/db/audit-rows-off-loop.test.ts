import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuditRowCounter, auditRowCounter } from './audit-rows-off-loop.js';

// A trail the size of months of audited reads: counting it takes tens of milliseconds of CPU.
const ROWS = 3_000_000;

/** The longest pause between timer ticks while `work` runs: how long the event loop was held. */
async function longestPause<T>(work: () => Promise<T>): Promise<{ result: T; pauseMs: number; ticks: number }> {
  let last = performance.now();
  let pauseMs = 0;
  let ticks = 0;
  let done = false;
  const tick = () => {
    const now = performance.now();
    pauseMs = Math.max(pauseMs, now - last);
    last = now;
    ticks++;
    if (!done) setTimeout(tick, 1);
  };
  setTimeout(tick, 1);
  const result = await work();
  done = true;
  pauseMs = Math.max(pauseMs, performance.now() - last);
  return { result, pauseMs, ticks };
}

describe('the audit trail counted off the event loop', () => {
  let dir: string;
  let writer: SQLite.Database;
  let counter: AuditRowCounter;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'detox-audit-count-'));
    const file = path.join(dir, 'trail.sqlite');
    // Opened as the server opens its database: WAL, the writer's connection held open throughout.
    writer = new SQLite(file);
    writer.pragma('journal_mode = WAL');
    writer.exec('create table audit_event (id integer primary key, entity text not null)');
    writer
      .prepare(
        `with recursive n(i) as (select 1 union all select i + 1 from n where i < ?)
         insert into audit_event (id, entity) select i, 'assessment' from n`,
      )
      .run(ROWS);
    counter = auditRowCounter(file);
  }, 60_000);

  afterAll(async () => {
    await counter?.close();
    writer?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts every row, sees rows committed since, and sees rows deleted (what the alert watches)', async () => {
    expect(await counter.count()).toBe(ROWS);
    writer.prepare("insert into audit_event (entity) values ('alert')").run();
    expect(await counter.count()).toBe(ROWS + 1);
    writer.prepare('delete from audit_event where id > ?').run(ROWS - 10);
    expect(await counter.count()).toBe(ROWS - 10);
  });

  it('shares one count between callers asking at once', async () => {
    const [a, b] = await Promise.all([counter.count(), counter.count()]);
    expect(a).toBe(b);
  });

  it('leaves the event loop free while it counts, where counting on the loop holds it', async () => {
    const onLoop = await longestPause(async () =>
      Number(writer.prepare('select count(*) as n from audit_event').pluck().get()),
    );
    const offLoop = await longestPause(() => counter.count());
    expect(offLoop.result).toBe(onLoop.result);
    // The same count held the loop for its whole length on the main thread.
    expect(onLoop.ticks).toBe(0);
    expect(onLoop.pauseMs).toBeGreaterThan(10);
    // Off the loop, timers kept firing while the worker counted.
    expect(offLoop.ticks).toBeGreaterThan(0);
    expect(offLoop.pauseMs).toBeLessThan(onLoop.pauseMs);
  });

  it('says what went wrong when the file cannot be counted', async () => {
    const missing = auditRowCounter(path.join(dir, 'no-such.sqlite'));
    try {
      await expect(missing.count()).rejects.toThrow(/unable to open|no such|not open/i);
    } finally {
      await missing.close();
    }
  });
});
