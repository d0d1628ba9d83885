import { type Kysely, sql } from 'kysely';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { connect } from '../db/connect.js';
import type { Database } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { AUDIT_CHAIN_LOCK, type AuditActor, appendAuditEvent, writeAudit } from '../services/audit.js';
import { DIALECTS, type TestDatabase, dialectAvailable, freshDatabase } from '../../test-support/databases.js';
import { auditRowHmac } from './audit-chain.js';
import { DEVELOPMENT_AUDIT_HMAC_KEY } from './audit-key.js';
import { verifyAuditChain } from './verify-chain.js';

// Test databases are opened with the development key (test-support/databases.ts), whatever the environment says.
const KEY = DEVELOPMENT_AUDIT_HMAC_KEY;

const NURSE: AuditActor = { id: 2, role: 'nurse', address: '10.0.0.7' };
const ADMIN: AuditActor = { id: 3, role: 'admin', address: '::1' };
// Text that a naive concatenation would confuse, and an unknown user.
const ODD: AuditActor = { id: null, role: null, address: 'a"b\\c\n,é' };

/** Six sealed rows (ids 1..6), each in its own transaction as the services write them. */
async function writeSix(db: Kysely<Database>): Promise<void> {
  const writes: [AuditActor, Parameters<typeof writeAudit>[2], string, number | null][] = [
    [NURSE, 'create', 'assessment', 11],
    [NURSE, 'read', 'timeline', 4],
    [ODD, 'login', 'session', null],
    [ADMIN, 'update', 'unit-protocol', 1],
    [NURSE, 'correct', 'assessment', 11],
    [ADMIN, 'read', 'audit', null],
  ];
  for (const [actor, action, entity, entityId] of writes) {
    await db.transaction().execute((trx) => writeAudit(trx, actor, action, entity, entityId));
  }
}

/** What an attacker with file or superuser access does first: remove the append-only triggers. */
async function dropAppendOnlyTriggers(t: TestDatabase): Promise<void> {
  if (t.dialect === 'postgres') {
    await sql`drop trigger audit_event_append_only on audit_event`.execute(t.db);
  } else {
    await sql`drop trigger audit_event_no_update`.execute(t.db);
    await sql`drop trigger audit_event_no_delete`.execute(t.db);
  }
}

type Row = Awaited<ReturnType<typeof rowsOf>>[number];
async function rowsOf(db: Kysely<Database>) {
  return db.selectFrom('audit_event').selectAll().orderBy('id').execute();
}

/** Writes every column but id of `from` into the row with id `to`. */
async function overwrite(db: Kysely<Database>, to: number, from: Row): Promise<void> {
  const { id: _ignored, ...fields } = from;
  await db.updateTable('audit_event').set(fields).where('id', '=', to).execute();
}

const UNSEALED = {
  occurred_at: '2026-11-20T10:00:00.000Z',
  user_id: null,
  user_role: null,
  action: 'create',
  entity: 'user',
  entity_id: 9,
  outcome: 'success',
  address: 'cli',
} as const;

for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect))(`the audit chain on ${dialect}`, () => {
    let t: TestDatabase | undefined;
    async function fresh(auditKey?: string): Promise<TestDatabase> {
      t = await freshDatabase(dialect, auditKey);
      await migrateToLatest(t.db);
      return t;
    }
    afterEach(async () => {
      await t?.close();
      t = undefined;
    });

    it('verifies after several writes, each row sealed and linked to the one before', async () => {
      const { db } = await fresh();
      expect(await verifyAuditChain(db, KEY)).toEqual({ ok: true, rows: 0, unsealedRows: 0, waitingRows: 0 });
      await writeSix(db);
      const rows = await rowsOf(db);
      expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(rows[0]?.prev_hmac).toBe('');
      for (let i = 1; i < rows.length; i++) expect(rows[i]?.prev_hmac).toBe(rows[i - 1]?.hmac);
      expect(rows[2]).toMatchObject({ user_id: null, user_role: null, address: ODD.address, entity_id: null });
      const report = await verifyAuditChain(db, KEY);
      expect(report).toEqual({
        ok: true,
        rows: 6,
        unsealedRows: 0,
        waitingRows: 0,
        head: { id: 6, hmac: rows[5]?.hmac },
      });
      // Across page boundaries too.
      expect(await verifyAuditChain(db, KEY, { pageSize: 2 })).toEqual(report);
      expect(await verifyAuditChain(db, KEY, { pageSize: 4 })).toEqual(report);
    });

    it('seals rows written by the demo seed or a command (backdated, no actor) the same way', async () => {
      const { db } = await fresh();
      await db.transaction().execute(async (trx) => {
        await appendAuditEvent(trx, {
          ...UNSEALED,
          occurred_at: '2026-11-01T08:00:00.000Z',
          address: 'demo-seed',
          user_id: 2,
          user_role: 'nurse',
        });
        await appendAuditEvent(trx, {
          action: 'create',
          entity: 'user',
          entity_id: 4,
          outcome: 'success',
          address: 'cli',
        });
      });
      await writeSix(db);
      const rows = await rowsOf(db);
      expect(rows[0]).toMatchObject({ occurred_at: '2026-11-01T08:00:00.000Z', address: 'demo-seed', prev_hmac: '' });
      expect(rows[1]).toMatchObject({ user_id: null, user_role: null, address: 'cli', prev_hmac: rows[0]?.hmac });
      expect(await verifyAuditChain(db, KEY)).toMatchObject({ ok: true, rows: 8, unsealedRows: 0 });
    });

    it('names the key as a possible cause when the first row fails under a different key', async () => {
      const { db } = await fresh();
      await writeSix(db);
      const report = await verifyAuditChain(db, 'a-different-key-of-at-least-32-characters');
      expect(report).toMatchObject({ ok: false, firstBadId: 1, rows: 1 });
      expect(report.problem).toMatch(/AUDIT_HMAC_KEY/);
    });

    it('seals with the key its database handle was opened with, and only that key verifies it', async () => {
      const key = 'a-deployment-key-of-at-least-32-characters';
      const { db } = await fresh(key);
      await writeSix(db);
      expect(await verifyAuditChain(db, key)).toMatchObject({ ok: true, rows: 6, unsealedRows: 0 });
      expect(await verifyAuditChain(db, KEY)).toMatchObject({ ok: false, firstBadId: 1 });
    });

    it('refuses to write an audit row through a handle without a key, and writes nothing', async () => {
      const { db } = await fresh();
      const keyless = db.withoutPlugins();
      await expect(
        keyless.transaction().execute((trx) => writeAudit(trx, NURSE, 'create', 'assessment', 1)),
      ).rejects.toThrow(/no audit key/);
      expect(await rowsOf(db)).toEqual([]);
    });

    it('detects an edit to any sealed field of a row', async () => {
      const { db } = await fresh();
      await writeSix(db);
      await dropAppendOnlyTriggers(t as TestDatabase);
      await db.updateTable('audit_event').set({ entity_id: 12 }).where('id', '=', 4).execute();
      const report = await verifyAuditChain(db, KEY, { pageSize: 3 });
      expect(report).toMatchObject({ ok: false, firstBadId: 4, rows: 4 });
      expect(report.problem).toMatch(/row 4 does not match its hmac: one of its fields was edited/);
      await db.updateTable('audit_event').set({ entity_id: 1 }).where('id', '=', 4).execute();
      expect(await verifyAuditChain(db, KEY)).toMatchObject({ ok: true, rows: 6 });

      // Each field is sealed: a change to any of them is caught.
      for (const [column, value] of [
        ['occurred_at', '2026-11-27T00:00:00.000Z'],
        ['user_id', 99],
        ['user_role', 'physician'],
        ['action', 'create'],
        ['entity_id', 5],
        ['entity', 'admission'],
        ['outcome', 'denied'],
        ['address', '10.0.0.8'],
        ['prev_hmac', '0'.repeat(64)],
        ['hmac', 'f'.repeat(64)],
      ] as const) {
        const before = await db.selectFrom('audit_event').selectAll().where('id', '=', 2).executeTakeFirstOrThrow();
        await db
          .updateTable('audit_event')
          .set({ [column]: value })
          .where('id', '=', 2)
          .execute();
        expect(await verifyAuditChain(db, KEY), column).toMatchObject({ ok: false, firstBadId: 2 });
        await overwrite(db, 2, before);
      }
    });

    it('detects a deleted row: the next row links to a row that is not there', async () => {
      const { db } = await fresh();
      await writeSix(db);
      await dropAppendOnlyTriggers(t as TestDatabase);
      await db.deleteFrom('audit_event').where('id', '=', 3).execute();
      const report = await verifyAuditChain(db, KEY);
      expect(report).toMatchObject({ ok: false, firstBadId: 4, head: { id: 2 } });
      expect(report.problem).toMatch(
        /row 4 does not link to the sealed row before it \(id 2\): a row between them was deleted/,
      );
    });

    it('detects the first row deleted', async () => {
      const { db } = await fresh();
      await writeSix(db);
      await dropAppendOnlyTriggers(t as TestDatabase);
      await db.deleteFrom('audit_event').where('id', '=', 1).execute();
      const report = await verifyAuditChain(db, KEY);
      expect(report).toMatchObject({ ok: false, firstBadId: 2 });
      expect(report.problem).toMatch(/first sealed row but links to a row that is not there/);
    });

    it("detects reordered rows: two rows' contents swapped, seals and links included", async () => {
      const { db } = await fresh();
      await writeSix(db);
      await dropAppendOnlyTriggers(t as TestDatabase);
      const rows = await rowsOf(db);
      const [second, fifth] = [rows[1] as Row, rows[4] as Row];
      // Through a free id, as a unique index forbids two rows with the same link even for a moment.
      await overwrite(db, 2, { ...fifth, prev_hmac: null });
      await overwrite(db, 5, second);
      await overwrite(db, 2, fifth);
      const report = await verifyAuditChain(db, KEY);
      expect(report).toMatchObject({ ok: false, firstBadId: 2 });
      expect(report.problem).toMatch(/contents were moved from another row/);
    });

    it('detects a forged row: appended at the end, put in place of a deleted row, or unsealed', async () => {
      const { db } = await fresh();
      await writeSix(db);
      await dropAppendOnlyTriggers(t as TestDatabase);
      const rows = await rowsOf(db);
      const last = rows[5] as Row;
      const forged = {
        ...UNSEALED,
        id: 7,
        user_id: 2,
        user_role: 'nurse',
        action: 'read',
        entity: 'admission',
        address: '10.0.0.7',
      };
      // The attacker knows the scheme, not the key.
      await db
        .insertInto('audit_event')
        .values({
          ...forged,
          prev_hmac: last.hmac,
          hmac: auditRowHmac('guessed-key-guessed-key-guessed-key', last.hmac ?? '', forged),
        })
        .execute();
      expect(await verifyAuditChain(db, KEY)).toMatchObject({
        ok: false,
        firstBadId: 7,
        problem: expect.stringMatching(/forged without the key/),
      });
      await db.deleteFrom('audit_event').where('id', '=', 7).execute();
      expect(await verifyAuditChain(db, KEY)).toMatchObject({ ok: true, rows: 6 });

      // In place of a row: the forger copies the old row's link and makes up the seal.
      const third = rows[2] as Row;
      await db.deleteFrom('audit_event').where('id', '=', 3).execute();
      await db
        .insertInto('audit_event')
        .values({
          ...forged,
          id: 3,
          prev_hmac: third.prev_hmac,
          hmac: auditRowHmac('guessed-key-guessed-key-guessed-key', third.prev_hmac ?? '', { ...forged, id: 3 }),
        })
        .execute();
      expect(await verifyAuditChain(db, KEY)).toMatchObject({ ok: false, firstBadId: 3 });
      await db.deleteFrom('audit_event').where('id', '=', 3).execute();
      await db.insertInto('audit_event').values(third).execute();
      expect(await verifyAuditChain(db, KEY)).toMatchObject({ ok: true, rows: 6 });

      // Without a seal at all, as a plain INSERT (or a tool that bypasses writeAudit) leaves it.
      await db
        .insertInto('audit_event')
        .values({ ...UNSEALED, id: 7 })
        .execute();
      const report = await verifyAuditChain(db, KEY);
      expect(report).toMatchObject({ ok: false, firstBadId: 7 });
      expect(report.problem).toMatch(/row 7 is not sealed .* inserted into the database directly/);
    });

    it('chains past a row written around writeAudit, so only that row is reported', async () => {
      const { db } = await fresh();
      await writeSix(db);
      await db.insertInto('audit_event').values(UNSEALED).execute();
      await db.transaction().execute((trx) => writeAudit(trx, NURSE, 'read', 'census-board', 1));
      const rows = await rowsOf(db);
      expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(rows[7]?.prev_hmac).toBe(rows[5]?.hmac);
      expect(await verifyAuditChain(db, KEY)).toMatchObject({ ok: false, firstBadId: 7, rows: 7 });
    });

    it('counts rows from before the chain existed and starts the chain after them', async () => {
      const { db } = await fresh();
      await db.insertInto('audit_event').values(UNSEALED).execute();
      await db.insertInto('audit_event').values(UNSEALED).execute();
      expect(await verifyAuditChain(db, KEY)).toEqual({ ok: true, rows: 2, unsealedRows: 2, waitingRows: 0 });
      await writeSix(db);
      const report = await verifyAuditChain(db, KEY, { pageSize: 3 });
      expect(report).toMatchObject({ ok: true, rows: 8, unsealedRows: 2, head: { id: 8 } });
      expect((await rowsOf(db))[2]?.prev_hmac).toBe('');
    });

    it('cannot see a cut tail by itself: the head it reports is what to compare against a kept copy', async () => {
      const { db } = await fresh();
      await writeSix(db);
      const before = await verifyAuditChain(db, KEY);
      await dropAppendOnlyTriggers(t as TestDatabase);
      await db.deleteFrom('audit_event').where('id', '>=', 5).execute();
      const after = await verifyAuditChain(db, KEY);
      expect(after).toMatchObject({ ok: true, rows: 4, head: { id: 4 } });
      expect(after.head?.id).toBeLessThan(before.head?.id ?? 0);
    });

    it('chains parallel writes in commit order, including writes that roll back', async () => {
      const { db } = await fresh();
      await writeSix(db);
      const writes = Array.from({ length: 20 }, (_, i) =>
        db.transaction().execute(async (trx) => {
          await writeAudit(trx, i % 2 ? NURSE : ADMIN, 'create', 'assessment', 100 + i);
          // Work after the audit row, while other writers wait for the chain.
          await sql`select ${i}`.execute(trx);
          if (i % 7 === 3) throw new Error('rolled back on purpose');
        }),
      );
      const results = await Promise.allSettled(writes);
      expect(results.filter((r) => r.status === 'rejected')).toHaveLength(3);
      expect(await verifyAuditChain(db, KEY)).toMatchObject({ ok: true, rows: 6 + 17, unsealedRows: 0 });
    });

    it.runIf(dialect === 'postgres')(
      'chains 20 parallel writers from two server instances sharing one PostgreSQL',
      async () => {
        const { db } = await fresh();
        // A second pool on the same database, as a second server instance would have.
        const name = (await sql<{ db: string }>`select current_database() as db`.execute(db)).rows[0]?.db;
        const url = new URL(inject('postgresUrl') ?? '');
        url.pathname = `/${name}`;
        const other = connect(url.toString(), '', KEY).db;
        try {
          const writes = Array.from({ length: 20 }, (_, i) =>
            (i % 2 ? db : other)
              .transaction()
              .execute((trx) => writeAudit(trx, i % 3 ? NURSE : ADMIN, 'read', 'timeline', i + 1)),
          );
          await Promise.all(writes);
          const report = await verifyAuditChain(db, KEY);
          expect(report).toMatchObject({ ok: true, rows: 20 });
          const rows = await rowsOf(db);
          expect(new Set(rows.map((r) => r.prev_hmac)).size).toBe(20);
          // occurred_at is taken under the lock: it ascends with the chain.
          const times = rows.map((r) => r.occurred_at);
          expect([...times].sort()).toEqual(times);
        } finally {
          await other.destroy();
        }
      },
    );

    it.runIf(dialect === 'postgres')(
      'waits for any holder of AUDIT_CHAIN_LOCK, then chains to the row it committed',
      async () => {
        const { db } = await fresh();
        await writeSix(db);
        let written = false;
        let pending: Promise<void> | undefined;
        await db.transaction().execute(async (holder) => {
          await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(holder);
          pending = db
            .transaction()
            .execute((trx) => writeAudit(trx, NURSE, 'create', 'assessment', 200))
            .then(() => {
              written = true;
            });
          await new Promise((resolve) => setTimeout(resolve, 300));
          expect(written).toBe(false);
          // Committed while the writer waits for the lock: the writer must chain to this row.
          await writeAudit(holder, ADMIN, 'create', 'assessment', 199);
        });
        await pending;
        expect(written).toBe(true);
        expect(await verifyAuditChain(db, KEY)).toMatchObject({ ok: true, rows: 8, head: { id: 8 } });
      },
    );
  });
}
