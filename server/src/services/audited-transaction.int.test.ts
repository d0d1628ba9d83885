import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVELOPMENT_AUDIT_HMAC_KEY } from '../audit/audit-key.js';
import { verifyAuditChain } from '../audit/verify-chain.js';
import { migrateToLatest } from '../db/migrate.js';
import { DIALECTS, type TestDatabase, dialectAvailable, freshDatabase } from '../../test-support/databases.js';
import { type AuditActor, auditRead, auditedTransaction, writeAudit } from './audit.js';

const NURSE: AuditActor = { id: null, role: 'nurse', address: '10.0.0.7' };

describe.each(DIALECTS)('a write whose audit rows go into the chain last (%s)', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    if (!dialectAvailable(dialect)) return;
    t = await freshDatabase(dialect);
    await migrateToLatest(t.db);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function rowsAfter(id: number) {
    return t.db
      .selectFrom('audit_event')
      .select(['id', 'action', 'entity', 'entity_id'])
      .where('id', '>', id)
      .orderBy('id')
      .execute();
  }
  async function lastId(): Promise<number> {
    const row = await t.db
      .selectFrom('audit_event')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirst();
    return Number(row?.id ?? 0);
  }

  it.runIf(dialectAvailable(dialect))(
    'appends nothing until the write is done, then its rows in the order they were written',
    async () => {
      const before = await lastId();
      const answer = await auditedTransaction(t.db, async (trx) => {
        await writeAudit(trx, NURSE, 'create', 'assessment', 11);
        // Not yet in the chain, not even within the write's own transaction.
        const inside = await trx.selectFrom('audit_event').select('id').where('id', '>', before).execute();
        expect(inside).toEqual([]);
        await writeAudit(trx, NURSE, 'create', 'alert', 12);
        return 'written';
      });
      expect(answer).toBe('written');
      expect((await rowsAfter(before)).map((r) => [r.id - before, r.action, r.entity, r.entity_id])).toEqual([
        [1, 'create', 'assessment', 11],
        [2, 'create', 'alert', 12],
      ]);
      expect(await verifyAuditChain(t.db, DEVELOPMENT_AUDIT_HMAC_KEY)).toMatchObject({ ok: true });
    },
  );

  it.runIf(dialectAvailable(dialect))('appends none of the rows of a write that fails', async () => {
    const before = await lastId();
    await expect(
      auditedTransaction(t.db, async (trx) => {
        await writeAudit(trx, NURSE, 'create', 'assessment', 21);
        throw new Error('refused on purpose');
      }),
    ).rejects.toThrow('refused on purpose');
    await t.db.transaction().execute((trx) => writeAudit(trx, NURSE, 'create', 'assessment', 22));
    expect((await rowsAfter(before)).map((r) => r.entity_id)).toEqual([22]);
    expect(await verifyAuditChain(t.db, DEVELOPMENT_AUDIT_HMAC_KEY)).toMatchObject({ ok: true });
  });

  it.runIf(dialect === 'postgres' && dialectAvailable(dialect))(
    "holds the chain's lock only at the end: a read's audit made while the write runs goes in before it",
    async () => {
      const before = await lastId();
      await auditedTransaction(t.db, async (trx) => {
        await writeAudit(trx, NURSE, 'create', 'assessment', 31);
        const { rows } = await sql<{
          n: number;
        }>`select count(*)::int as n from pg_locks where locktype = 'advisory'`.execute(t.db);
        expect(rows[0]?.n).toBe(0);
        // Appended first, the write's row would hold the lock here and this read would wait for the COMMIT.
        await auditRead(t.db, NURSE, 'timeline', 32);
      });
      expect((await rowsAfter(before)).map((r) => [r.action, r.entity_id])).toEqual([
        ['read', 32],
        ['create', 31],
      ]);
      expect(await verifyAuditChain(t.db, DEVELOPMENT_AUDIT_HMAC_KEY)).toMatchObject({ ok: true });
    },
  );
});
