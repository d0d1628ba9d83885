import { execFile } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import SQLite from 'better-sqlite3';
import { type Generated, Kysely } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GroupCommitSqliteDialect } from './group-commit-driver.js';
import { type WalCheckpoint, walCheckpointWorker } from './wal-checkpoint.js';

interface Schema {
  note: { id: Generated<number>; text: string };
}

const open: Kysely<Schema>[] = [];

afterEach(async () => {
  for (const db of open.splice(0)) await db.destroy();
  vi.restoreAllMocks();
});

/** A WAL database as production opens it, with the given checkpointing (none: SQLite's own). */
function setup(checkpoints?: (file: string) => WalCheckpoint) {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'wal-checkpoint-')), 'db.sqlite');
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.exec('create table note (id integer primary key, text text not null)');
  const db = new Kysely<Schema>({ dialect: new GroupCommitSqliteDialect({ database: sqlite, checkpoints }) });
  open.push(db);
  return { db, sqlite, file };
}

/** One batch each: every write is answered before the next is sent. */
async function writeInTurn(db: Kysely<Schema>, count: number) {
  for (let i = 0; i < count; i++) {
    await db.transaction().execute((trx) =>
      trx
        .insertInto('note')
        .values({ text: `n${i}` })
        .execute(),
    );
  }
}

/** Frames the WAL file has room for: it is reused from its start, never shrunk, once copied back. */
const walFrames = (file: string) => (statSync(`${file}-wal`).size - 32) / (4096 + 24);

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('checkpointing the WAL on a worker thread', () => {
  it('keeps the WAL small: the worker copies it back and the next batches start it over', async () => {
    const withWorker = setup(walCheckpointWorker);
    const without = setup();
    for (let round = 0; round < 5; round++) {
      await writeInTurn(withWorker.db, 40);
      await writeInTurn(without.db, 40);
      await settle();
    }
    // 200 batches of at least one page each: SQLite's backstop (10,000 pages) has not run.
    expect(walFrames(without.file)).toBeGreaterThanOrEqual(200);
    expect(walFrames(withWorker.file)).toBeLessThan(100);
    // Every row is there, seen from a connection of its own.
    const reader = new SQLite(withWorker.file, { readonly: true });
    expect(reader.prepare('select count(*) from note').pluck().get()).toBe(200);
    reader.close();
  });

  it("leaves SQLite's own checkpoint, on the server's connection, only as a backstop", () => {
    const { sqlite } = setup(walCheckpointWorker);
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    // Kysely makes the driver, which takes over checkpointing, with the first query.
    return open[0]
      ?.selectFrom('note')
      .selectAll()
      .execute()
      .then(() => {
        expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(10_000);
      });
  });

  it("falls back to SQLite's own checkpoint when the worker fails, and every write still succeeds", async () => {
    const failed = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const close = vi.fn(async () => undefined);
    const broken: WalCheckpoint = { checkpoint: () => Promise.reject(new Error('worker gone')), close };
    const { db, sqlite } = setup(() => broken);
    await writeInTurn(db, 40);
    await settle();
    expect(failed).toHaveBeenCalledOnce();
    expect(close).toHaveBeenCalledOnce();
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await writeInTurn(db, 40);
    expect(
      await db
        .selectFrom('note')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst(),
    ).toEqual({
      n: 80,
    });
  });

  it('holds the connection for the closing checkpoint, and waits for it before closing', async () => {
    let finish = () => {};
    const calls: string[] = [];
    const held: WalCheckpoint = {
      checkpoint: () => {
        calls.push('checkpoint');
        if (calls.length === 1) return Promise.resolve();
        return new Promise((resolve) => {
          finish = () => resolve();
        });
      },
      close: async () => {
        calls.push('close');
      },
    };
    const { db } = setup(() => held);
    await writeInTurn(db, 32);
    await settle();
    expect(calls).toEqual(['checkpoint', 'checkpoint']);
    // The closing checkpoint holds the connection: a write waits for it.
    let written = false;
    const write = writeInTurn(db, 1).then(() => {
      written = true;
    });
    await settle();
    expect(written).toBe(false);
    const closing = db.destroy();
    open.splice(0);
    finish();
    await write;
    await closing;
    expect(written).toBe(true);
    expect(calls).toEqual(['checkpoint', 'checkpoint', 'close']);
  });

  it('keeps the process alive while a checkpoint and its close run, so a stopping server closes its database', async () => {
    // In a process of its own: here the test runner would keep the event loop alive anyway.
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'wal-checkpoint-')), 'db.sqlite');
    const here = path.dirname(fileURLToPath(import.meta.url));
    const module = (name: string) => pathToFileURL(path.join(here, name)).href;
    const script = path.join(path.dirname(file), 'stop.mjs');
    writeFileSync(
      script,
      `
      import { createRequire } from 'node:module';
      const require = createRequire(${JSON.stringify(path.join(here, '../../package.json'))});
      const SQLite = require('better-sqlite3');
      const { Kysely, sql } = require('kysely');
      const { GroupCommitSqliteDialect } = await import(${JSON.stringify(module('group-commit-driver.ts'))});
      const { walCheckpointWorker } = await import(${JSON.stringify(module('wal-checkpoint.ts'))});
      const sqlite = new SQLite(${JSON.stringify(file)});
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = FULL');
      sqlite.exec('create table note (id integer primary key, text text not null)');
      const db = new Kysely({ dialect: new GroupCommitSqliteDialect({ database: sqlite, checkpoints: walCheckpointWorker }) });
      // The 32nd batch starts a checkpoint; the stop comes while it runs.
      for (let i = 0; i < 32; i++) await db.transaction().execute((trx) => sql\`insert into note (text) values ('n')\`.execute(trx));
      await db.destroy();
      console.log('closed');
      `,
    );
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], {
      cwd: path.join(here, '../..'),
    });
    expect(stderr).toBe('');
    expect(stdout.trim()).toBe('closed');
  });
});
