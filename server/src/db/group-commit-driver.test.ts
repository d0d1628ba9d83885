import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { type Generated, Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { GroupCommitSqliteDialect } from './group-commit-driver.js';

interface Schema {
  note: { id: Generated<number>; text: string };
  child: { id: Generated<number>; note_id: number };
}

const open: { db: Kysely<Schema>; other: SQLite.Database }[] = [];

/** A WAL database as production opens it, a count of its COMMITs, and a second connection to look from outside. */
function setup() {
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
  const db = new Kysely<Schema>({ dialect: new GroupCommitSqliteDialect({ database: counted }) });
  const other = new SQLite(file, { readonly: true });
  open.push({ db, other });
  const committedTexts = () =>
    (other.prepare('select text from note order by id').all() as { text: string }[]).map((r) => r.text);
  return { db, commits, committedTexts };
}

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
