import { type Transaction, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVELOPMENT_AUDIT_HMAC_KEY } from '../audit/audit-key.js';
import { verifyAuditChain } from '../audit/verify-chain.js';
import { migrateToLatest } from '../db/migrate.js';
import { DIALECTS, type TestDatabase, dialectAvailable, freshDatabase } from '../../test-support/databases.js';
import type { Database } from '../db/database.js';
import { type AuditActor, appendAuditEvents, auditRead, writeAudit } from './audit.js';

const NURSE: AuditActor = { id: null, role: 'nurse', address: '10.0.0.7' };

describe.each(DIALECTS)('reads are audited with relaxed durability, writes are not (%s)', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    if (!dialectAvailable(dialect)) return;
    t = await freshDatabase(dialect);
    await migrateToLatest(t.db);
  });
  afterAll(async () => {
    await t?.close();
  });

  it.runIf(dialectAvailable(dialect))('seals read rows into the same chain as writes, concurrently', async () => {
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        i % 3 === 0
          ? t.db.transaction().execute((trx) => writeAudit(trx, NURSE, 'create', 'assessment', i))
          : auditRead(t.db, NURSE, 'timeline', i),
      ),
    );
    const rows = await t.db.selectFrom('audit_event').select(['action']).execute();
    expect(rows.filter((r) => r.action === 'read')).toHaveLength(20);
    expect(rows.filter((r) => r.action === 'create')).toHaveLength(10);
    expect(await verifyAuditChain(t.db, DEVELOPMENT_AUDIT_HMAC_KEY)).toMatchObject({ ok: true, rows: 30 });
  });

  it.runIf(dialectAvailable(dialect))(
    'writes the reads of one turn in one transaction, with ids in chain order, and later writes follow them',
    async () => {
      const before = await t.db
        .selectFrom('audit_event')
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirst();
      await Promise.all(Array.from({ length: 12 }, (_, i) => auditRead(t.db, NURSE, 'census-board', i)));
      await t.db.transaction().execute((trx) => writeAudit(trx, NURSE, 'create', 'assessment', 99));
      const rows = await t.db
        .selectFrom('audit_event')
        .select(['id', 'action', 'occurred_at'])
        .where('id', '>', Number(before?.id ?? 0))
        .orderBy('id')
        .execute();
      expect(rows.map((r) => r.action)).toEqual([...Array(12).fill('read'), 'create']);
      // One batch: one seal time, and ids one after the other.
      expect(new Set(rows.slice(0, 12).map((r) => r.occurred_at)).size).toBe(1);
      expect(rows.map((r) => r.id - (rows[0]?.id ?? 0))).toEqual(Array.from({ length: 13 }, (_, i) => i));
      expect(await verifyAuditChain(t.db, DEVELOPMENT_AUDIT_HMAC_KEY)).toMatchObject({ ok: true });
    },
  );

  it.runIf(dialect === 'postgres' && dialectAvailable(dialect))(
    'commits a transaction of read audits with synchronous_commit off, and leaves an audited write as it was',
    async () => {
      // The test cluster runs with synchronous_commit off; each transaction starts on, as a server's does.
      const settingAfter = (append: (trx: Transaction<Database>) => Promise<void>) =>
        t.db.transaction().execute(async (trx) => {
          await sql`set local synchronous_commit to on`.execute(trx);
          await append(trx);
          const { rows } = await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(trx);
          return rows[0]?.synchronous_commit;
        });
      const read = { action: 'read', entity: 'timeline', entity_id: 1, outcome: 'success' } as const;
      expect(await settingAfter((trx) => appendAuditEvents(trx, [read], { relaxedCommit: true }))).toBe('off');
      expect(await settingAfter((trx) => writeAudit(trx, NURSE, 'create', 'assessment', 1))).toBe('on');
      expect(await verifyAuditChain(t.db, DEVELOPMENT_AUDIT_HMAC_KEY)).toMatchObject({ ok: true });
    },
  );

  it.runIf(dialect === 'sqlite')(
    "leaves the disk sync to the group commit's driver, for reads and the clinical writes that follow alike",
    async () => {
      await auditRead(t.db, NURSE, 'census-board', 1);
      await t.db.transaction().execute((trx) => writeAudit(trx, NURSE, 'create', 'assessment', 1));
      // NORMAL: SQLite does not sync in COMMIT; the driver syncs the WAL (as FULL would) before it answers
      // a batch, reads' audit rows included (group-commit-driver.test.ts holds a sync to prove it).
      const result = await sql<{ synchronous: number }>`pragma synchronous`.execute(t.db);
      expect(result.rows[0]?.synchronous).toBe(1);
    },
  );
});
