import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVELOPMENT_AUDIT_HMAC_KEY } from '../audit/audit-key.js';
import { verifyAuditChain } from '../audit/verify-chain.js';
import { migrateToLatest } from '../db/migrate.js';
import { DIALECTS, type TestDatabase, dialectAvailable, freshDatabase } from '../../test-support/databases.js';
import { type AuditActor, auditRead, writeAudit } from './audit.js';

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

  it.runIf(dialect === 'sqlite')('puts synchronous back to FULL for the clinical writes that follow', async () => {
    await auditRead(t.db, NURSE, 'census-board', 1);
    const result = await sql<{ synchronous: number }>`pragma synchronous`.execute(t.db);
    expect(result.rows[0]?.synchronous).toBe(2); // 2 = FULL
  });
});
