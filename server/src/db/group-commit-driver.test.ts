import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { type Generated, Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { GroupCommitSqliteDialect, type SyncFile, answerAtCommit } from './group-commit-driver.js';

interface Schema {
  note: { id: Generated<number>; text: string };
  child: { id: Generated<number>; note_id: number };
}

const open: { db: Kysely<Schema>; other: SQLite.Database }[] = [];

/**
 * A WAL database as production opens it, a count of its COMMITs, and a second connection to look from
 * outside; `syncFile` stands in for the WAL's disk sync.
 */
function setup(syncFile?: SyncFile) {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'group-commit-')), 'db.sqlite');
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.exec('create table note (id integer primary key, text text not null)');
  sqlite.exec(
    'create table child (id integer primary key, note_id integer not null references note(id) deferrable initially deferred)',
  );
  const commits = { count: 0 };
  const prepare = sqlite.prepare.bind(sqlite);
  const counted = new Proxy(sqlite, {
    get(target, property) {
      if (property === 'prepare') {
        return (source: string) => {
          if (source === 'commit') commits.count += 1;
          return prepare(source);
        };
      }
      const value = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const db = new Kysely<Schema>({ dialect: new GroupCommitSqliteDialect({ database: counted, syncFile }) });
  const other = new SQLite(file, { readonly: true });
  open.push({ db, other });
  const committedTexts = () =>
    (other.prepare('select text from note order by id').all() as { text: string }[]).map((r) => r.text);
  return { db, sqlite, commits, committedTexts };
}

/** A disk sync the test finishes (or fails) by hand; `started` counts the syncs asked for. */
function heldSyncs() {
  const held: { done: () => void; failed: (error: Error) => void }[] = [];
  const syncFile: SyncFile = () => new Promise<void>((done, failed) => held.push({ done, failed }));
  return { syncFile, held };
}

const turns = async (n = 5) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

afterEach(async () => {
  for (const { db, other } of open.splice(0)) {
    other.close();
    await db.destroy();
  }
});

describe('group commit on SQLite', () => {
  it('answers each transaction only once its rows are committed, visible to another connection', async () => {
    const { db, committedTexts } = setup();
    await db.transaction().execute((trx) => trx.insertInto('note').values({ text: 'first' }).execute());
    expect(committedTexts()).toEqual(['first']);
  });

  it('commits transactions that arrive together with one COMMIT, and each is visible when answered', async () => {
    const { db, commits, committedTexts } = setup();
    const texts = Array.from({ length: 20 }, (_, i) => `n${i}`);
    const seenWhenAnswered = await Promise.all(
      texts.map(async (text) => {
        await db.transaction().execute((trx) => trx.insertInto('note').values({ text }).execute());
        return committedTexts().includes(text);
      }),
    );
    expect(seenWhenAnswered.every(Boolean)).toBe(true);
    expect(commits.count).toBeLessThanOrEqual(2);
    expect(committedTexts()).toHaveLength(20);
  });

  it('rolls back a failed transaction alone; the others in its batch commit', async () => {
    const { db, committedTexts } = setup();
    const outcomes = await Promise.allSettled(
      ['a', 'b', 'refused', 'c'].map((text) =>
        db.transaction().execute(async (trx) => {
          await trx.insertInto('note').values({ text }).execute();
          if (text === 'refused') throw new Error('refused by a rule');
        }),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(committedTexts()).toEqual(['a', 'b', 'c']);
  });

  it('fails every member of a batch whose COMMIT fails, and writes none of them', async () => {
    const { db, committedTexts } = setup();
    const outcomes = await Promise.allSettled([
      db.transaction().execute((trx) => trx.insertInto('note').values({ text: 'innocent' }).execute()),
      // A deferred foreign key is checked at COMMIT: the batch's COMMIT fails.
      db.transaction().execute((trx) => trx.insertInto('child').values({ note_id: 999 }).execute()),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(committedTexts()).toEqual([]);
    // The connection is usable afterwards.
    await db.transaction().execute((trx) => trx.insertInto('note').values({ text: 'after' }).execute());
    expect(committedTexts()).toEqual(['after']);
  });

  it('commits a write outside a transaction before answering it', async () => {
    const { db, committedTexts } = setup();
    const pending = db.transaction().execute((trx) => trx.insertInto('note').values({ text: 'in a batch' }).execute());
    await db.insertInto('note').values({ text: 'autocommit' }).execute();
    expect(committedTexts()).toEqual(['in a batch', 'autocommit']);
    await pending;
  });

  it('syncs the WAL off the event loop and answers a batch only once its sync is done', async () => {
    const { syncFile, held } = heldSyncs();
    const { db, sqlite, committedTexts } = setup(syncFile);
    let answered = false;
    const write = db
      .transaction()
      .execute((trx) => trx.insertInto('note').values({ text: 'charted' }).execute())
      .then(() => {
        answered = true;
      });
    await turns();
    // Committed (another connection sees it) and the sync asked for, but not answered until it is done.
    expect(committedTexts()).toEqual(['charted']);
    expect(held).toHaveLength(1);
    expect(answered).toBe(false);
    // SQLite no longer syncs in the COMMIT itself: the driver's sync stands in for synchronous=FULL.
    expect(sqlite.pragma('synchronous', { simple: true })).toBe(1);
    held[0]?.done();
    await write;
    expect(answered).toBe(true);
  });

  it('covers the batches committed during a sync with the next one, and fails only the batches whose sync failed', async () => {
    const { syncFile, held } = heldSyncs();
    const { db, committedTexts } = setup(syncFile);
    const first = db.transaction().execute((trx) => trx.insertInto('note').values({ text: 'first' }).execute());
    await turns();
    expect(held).toHaveLength(1);
    const later = ['second', 'third'].map((text) =>
      db.transaction().execute((trx) => trx.insertInto('note').values({ text }).execute()),
    );
    await turns();
    // Committed while the first sync runs: they wait for a sync that starts after their COMMIT.
    expect(committedTexts()).toEqual(['first', 'second', 'third']);
    expect(held).toHaveLength(1);
    held[0]?.failed(new Error('I/O error'));
    await expect(first).rejects.toThrow('I/O error');
    await turns();
    expect(held).toHaveLength(2);
    held[1]?.done();
    await Promise.all(later);
  });

  it('answers a transaction marked answerAtCommit at its COMMIT, and still syncs after it', async () => {
    const { syncFile, held } = heldSyncs();
    const { db, committedTexts } = setup(syncFile);
    const answered: string[] = [];
    const insert = (text: string, atCommit: boolean) =>
      db
        .transaction()
        .execute(async (trx) => {
          if (atCommit) await answerAtCommit(trx);
          await trx.insertInto('note').values({ text }).execute();
        })
        .then(() => {
          answered.push(text);
        });
    // One batch: a read's audit row beside a charted score.
    const both = [insert('read audit', true), insert('charted', false)];
    await turns();
    expect(committedTexts()).toEqual(['read audit', 'charted']);
    expect(held).toHaveLength(1);
    expect(answered).toEqual(['read audit']);
    held[0]?.done();
    await Promise.all(both);
    expect(answered).toEqual(['read audit', 'charted']);

    // Alone in its batch: answered at once, and the sync is still asked for; the mark was this
    // transaction's only, so the next one on the connection waits for its sync again.
    await insert('another read audit', true);
    await turns();
    expect(held).toHaveLength(2);
    const next = insert('next chart', false);
    await turns();
    expect(answered).toEqual(['read audit', 'charted', 'another read audit']);
    held[1]?.done();
    await turns();
    held[2]?.done();
    await next;
    expect(answered.at(-1)).toBe('next chart');
  });

  it('drops the answerAtCommit mark of a transaction that rolled back, for the next one on its connection', async () => {
    const { syncFile, held } = heldSyncs();
    const { db } = setup(syncFile);
    let answered = false;
    const done = db.connection().execute(async (connection) => {
      await expect(
        connection.transaction().execute(async (trx) => {
          await answerAtCommit(trx);
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
      await connection.transaction().execute((trx) => trx.insertInto('note').values({ text: 'charted' }).execute());
      answered = true;
    });
    await turns();
    const answeredBeforeSync = answered;
    for (const sync of held) sync.done();
    await done;
    expect(answeredBeforeSync).toBe(false);
  });

  it('answers a write outside a transaction only once it is synced', async () => {
    const { syncFile, held } = heldSyncs();
    const { db } = setup(syncFile);
    let answered = false;
    const write = db
      .insertInto('note')
      .values({ text: 'autocommit' })
      .execute()
      .then(() => {
        answered = true;
      });
    await turns();
    expect(answered).toBe(false);
    held[0]?.done();
    await write;
    expect(answered).toBe(true);
  });

  it('hands the connection on at once to at most sixteen waiting requests a turn, the rest on later turns', async () => {
    const { db } = setup();
    let release = () => {};
    const holding = db.transaction().execute(async (trx) => {
      await trx.insertInto('note').values({ text: 'held' }).execute();
      await new Promise<void>((resolve) => {
        release = resolve;
      });
    });
    await turns();
    let turn = 0;
    let ticking = true;
    const tick = () => {
      turn += 1;
      if (ticking) setImmediate(tick);
    };
    const answeredInTurn: number[] = [];
    const reads = Array.from({ length: 20 }, () =>
      db
        .selectFrom('note')
        .selectAll()
        .execute()
        .then(() => answeredInTurn.push(turn)),
    );
    await turns();
    setImmediate(tick);
    release();
    await Promise.all(reads);
    ticking = false;
    await holding;
    expect(answeredInTurn.filter((t) => t === 0)).toHaveLength(16);
    expect(answeredInTurn.slice(16).every((t) => t > 0)).toBe(true);
  });

  it('lets one connection run several transactions in turn (as the migrator does)', async () => {
    const { db, committedTexts } = setup();
    await db.connection().execute(async (connection) => {
      await connection.transaction().execute((trx) => trx.insertInto('note').values({ text: 'one' }).execute());
      await connection.transaction().execute((trx) => trx.insertInto('note').values({ text: 'two' }).execute());
      expect((await sql<{ n: number }>`select count(*) as n from note`.execute(connection)).rows[0]?.n).toBe(2);
    });
    expect(committedTexts()).toEqual(['one', 'two']);
  });
});
