import { mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { type Generated, Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { GroupCommitSqliteDialect } from './group-commit-driver.js';
import { startWalCheckpointer } from './wal-checkpointer.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A WAL database whose connection never checkpoints by itself: every page written stays in the WAL. */
function walDatabase() {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'wal-checkpointer-')), 'db.sqlite');
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('wal_autocheckpoint = 0');
  sqlite.exec('create table note (id integer primary key, text text not null)');
  cleanups.push(() => {
    sqlite.close();
  });
  return { file, sqlite };
}

/** Enough rows to span many pages (about 1 MB). */
function writeRows(sqlite: SQLite.Database, count = 2000) {
  const insert = sqlite.prepare('insert into note (text) values (?)');
  sqlite.transaction(() => {
    for (let i = 0; i < count; i++) insert.run('x'.repeat(500));
  })();
}

const databaseFileBytes = (file: string) => statSync(file).size;

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting for the checkpoint');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('WAL checkpoints on a worker thread', () => {
  it('copies the WAL into the database file while the writer never checkpoints', async () => {
    const { file, sqlite } = walDatabase();
    writeRows(sqlite);
    const before = databaseFileBytes(file);
    const checkpointer = startWalCheckpointer(file, () => undefined, 20);
    cleanups.push(() => checkpointer.stop());
    await until(() => databaseFileBytes(file) > before + 500_000);
    // Another connection reads every row from the file, with the WAL it still has.
    expect((sqlite.prepare('select count(*) as n from note').get() as { n: number }).n).toBe(2000);
  });

  it('checkpoints once more when stopped, then lets the last connection close cleanly', async () => {
    const { file, sqlite } = walDatabase();
    // An interval far longer than the test: only the stop's own checkpoint can copy the rows.
    const checkpointer = startWalCheckpointer(file, () => undefined, 60_000);
    writeRows(sqlite);
    const before = databaseFileBytes(file);
    await checkpointer.stop();
    expect(databaseFileBytes(file)).toBeGreaterThan(before + 500_000);
  });

  it('says so when its thread cannot run, so the connection can checkpoint by itself again', async () => {
    const missing = path.join(mkdtempSync(path.join(os.tmpdir(), 'wal-checkpointer-')), 'missing.sqlite');
    const stopped = await new Promise<unknown>((resolve) => {
      startWalCheckpointer(missing, resolve, 20);
    });
    expect(String(stopped)).toMatch(/unable to open|does not exist|directory does not exist/i);
  });

  it('is how the group-commit driver checkpoints: its own connection does not, and the rows reach the file', async () => {
    const { file } = walDatabase();
    const sqlite = new SQLite(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    interface Schema {
      note: { id: Generated<number>; text: string };
    }
    const db = new Kysely<Schema>({ dialect: new GroupCommitSqliteDialect({ database: sqlite }) });
    cleanups.push(() => db.destroy());
    const before = databaseFileBytes(file);
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < 2000; i++)
        await trx
          .insertInto('note')
          .values({ text: 'x'.repeat(500) })
          .execute();
    });
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await until(() => databaseFileBytes(file) > before + 500_000);
  });
});
