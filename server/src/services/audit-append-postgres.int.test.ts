import { type Kysely, sql } from 'kysely';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { auditRowHmac } from '../audit/audit-chain.js';
import { DEVELOPMENT_AUDIT_HMAC_KEY } from '../audit/audit-key.js';
import { verifyAuditChain } from '../audit/verify-chain.js';
import { connect } from '../db/connect.js';
import type { Database } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { type TestDatabase, dialectAvailable, freshDatabase } from '../../test-support/databases.js';
import { type ChainHead, tryAppendOnPostgres } from './audit-append-postgres.js';
import { type AuditActor, auditRead, writeAudit } from './audit.js';

const KEY = DEVELOPMENT_AUDIT_HMAC_KEY;
const NURSE: AuditActor = { id: 2, role: 'nurse', address: '10.0.0.7' };

/** One read row for entity id `entityId`, sealed after `head` as the server seals it. */
function readSealedAfter(entityId: number) {
  return (head: ChainHead) => {
    const row = {
      id: head.lastId + 1,
      occurred_at: new Date().toISOString(),
      user_id: NURSE.id,
      user_role: NURSE.role,
      action: 'read',
      entity: 'timeline',
      entity_id: entityId,
      outcome: 'success',
      address: NURSE.address,
    };
    return [{ ...row, prev_hmac: head.hmac, hmac: auditRowHmac(KEY, head.hmac, row) }];
  };
}

async function auditRows(db: Kysely<Database>) {
  return db.selectFrom('audit_event').select(['id', 'action', 'entity_id', 'hmac']).orderBy('id').execute();
}

async function advisoryLocksHeld(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{
    n: number;
  }>`select count(*)::int as n from pg_locks where locktype = 'advisory'`.execute(db);
  return rows[0]?.n ?? -1;
}

describe.skipIf(!dialectAvailable('postgres'))('audit rows appended in one call on PostgreSQL', () => {
  let t: TestDatabase | undefined;
  async function fresh(): Promise<Kysely<Database>> {
    t = await freshDatabase('postgres');
    await migrateToLatest(t.db);
    return t.db;
  }
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('inserts nothing when the rows were sealed after an old head, and says where the head is', async () => {
    const db = await fresh();
    await db.transaction().execute((trx) => writeAudit(trx, NURSE, 'create', 'assessment', 1));
    await db.transaction().execute((trx) => writeAudit(trx, NURSE, 'create', 'assessment', 2));
    const [first, second] = await auditRows(db);

    const stale = await tryAppendOnPostgres(db, readSealedAfter(7), true, { lastId: 1, hmac: first?.hmac ?? '' });
    expect(stale).toEqual({ appended: false, head: { lastId: 2, hmac: second?.hmac } });
    expect(await auditRows(db)).toHaveLength(2);

    const current = await tryAppendOnPostgres(db, readSealedAfter(7), true, stale.head);
    expect(current.appended).toBe(true);
    expect(current.head.lastId).toBe(3);
    expect((await auditRows(db)).at(-1)).toMatchObject({
      id: 3,
      action: 'read',
      entity_id: 7,
      hmac: current.head.hmac,
    });
    expect(await verifyAuditChain(db, KEY)).toMatchObject({ ok: true, rows: 3, head: { id: 3 } });
    expect(await advisoryLocksHeld(db)).toBe(0);

    // The id sequence moved past the rows: a row inserted without an id follows them.
    const inserted = await db
      .insertInto('audit_event')
      .values({ occurred_at: new Date().toISOString(), action: 'create', entity: 'user', outcome: 'success' })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(inserted.id).toBe(4);
  });

  it('refuses a new handle once, then appends in one call while it writes alone', async () => {
    const db = await fresh();
    await db.transaction().execute((trx) => writeAudit(trx, NURSE, 'create', 'assessment', 1));
    const fromAnotherHandle = await freshHandleOn(db);
    try {
      // This handle has never seen the head: its first call learns it.
      expect((await tryAppendOnPostgres(fromAnotherHandle, readSealedAfter(1), true)).appended).toBe(false);
      for (const entityId of [2, 3, 4]) {
        expect((await tryAppendOnPostgres(fromAnotherHandle, readSealedAfter(entityId), true)).appended).toBe(true);
      }
      // The first handle's head is behind by three rows: refused once, then in one call again.
      expect((await tryAppendOnPostgres(db, readSealedAfter(5), true)).appended).toBe(false);
      expect((await tryAppendOnPostgres(db, readSealedAfter(5), true)).appended).toBe(true);
      expect((await auditRows(db)).map((r) => r.entity_id)).toEqual([1, 2, 3, 4, 5]);
      expect(await verifyAuditChain(db, KEY)).toMatchObject({ ok: true, rows: 5 });
    } finally {
      await fromAnotherHandle.destroy();
    }
  });

  it("waits for a write holding the chain's lock, then chains a read after it and releases the lock", async () => {
    const db = await fresh();
    await db.transaction().execute((trx) => writeAudit(trx, NURSE, 'create', 'assessment', 1));
    let read: Promise<void> | undefined;
    let answered = false;
    await db.transaction().execute(async (trx) => {
      await writeAudit(trx, NURSE, 'create', 'assessment', 2);
      read = auditRead(db, NURSE, 'timeline', 3).then(() => {
        answered = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(answered).toBe(false);
    });
    await read;
    expect((await auditRows(db)).map((r) => [r.action, r.entity_id])).toEqual([
      ['create', 1],
      ['create', 2],
      ['read', 3],
    ]);
    expect(await verifyAuditChain(db, KEY)).toMatchObject({ ok: true, rows: 3 });
    expect(await advisoryLocksHeld(db)).toBe(0);
  });

  it("seals an append sent before the previous one's answer after that one's rows", async () => {
    const db = await fresh();
    await db.transaction().execute((trx) => writeAudit(trx, NURSE, 'create', 'assessment', 1));
    let firstRows: readonly { id: number; hmac: string }[] = [];
    const first = tryAppendOnPostgres(db, (head) => (firstRows = readSealedAfter(2)(head)), true);
    // Sent while the first is on its way: sealed after the row it carries (id 2), not after row 1,
    // which the first call was about to move on from and would have had this one refused.
    let sealedAfter: ChainHead | undefined;
    const second = tryAppendOnPostgres(
      db,
      (head) => {
        sealedAfter = head;
        return readSealedAfter(3)(head);
      },
      true,
    );
    expect(firstRows.map((r) => r.id)).toEqual([2]);
    expect(sealedAfter).toEqual({ lastId: 2, hmac: firstRows[0]?.hmac });
    const answers = await Promise.all([first, second]);
    expect(answers[0].appended).toBe(true);
    // Each in, or a refusal that says where the head is: never a forked chain.
    expect(await verifyAuditChain(db, KEY)).toMatchObject({ ok: true });
  });

  it('chains reads after a write that appended its row and then rolled back', async () => {
    const db = await fresh();
    await db.transaction().execute((trx) => writeAudit(trx, NURSE, 'create', 'assessment', 1));
    await expect(
      db.transaction().execute(async (trx) => {
        await writeAudit(trx, NURSE, 'create', 'assessment', 2);
        throw new Error('rolled back on purpose');
      }),
    ).rejects.toThrow('rolled back on purpose');
    // The handle last saw the rolled-back row as the head: the reads are refused once and sealed again.
    await Promise.all([3, 4, 5].map((id) => auditRead(db, NURSE, 'timeline', id)));
    await db.transaction().execute((trx) => writeAudit(trx, NURSE, 'create', 'assessment', 6));
    expect((await auditRows(db)).map((r) => [r.id, r.entity_id])).toEqual([
      [1, 1],
      [2, 3],
      [3, 4],
      [4, 5],
      [5, 6],
    ]);
    expect(await verifyAuditChain(db, KEY)).toMatchObject({ ok: true, rows: 5 });
  });
});

/** A second handle on the same database, as a second server instance would have. */
async function freshHandleOn(db: Kysely<Database>): Promise<Kysely<Database>> {
  const name = (await sql<{ db: string }>`select current_database() as db`.execute(db)).rows[0]?.db;
  const url = new URL(inject('postgresUrl') ?? '');
  url.pathname = `/${name}`;
  return connect(url.toString(), '', KEY).db;
}
