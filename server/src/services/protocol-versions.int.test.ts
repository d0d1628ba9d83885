import { DEFAULT_UNIT_PROTOCOL } from '@detox/shared';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DIALECTS,
  type TestDatabase,
  actorFor,
  demoDatabase,
  dialectAvailable,
  unitIdNamed,
} from '../../test-support/databases.js';
import type { Database } from '../db/database.js';
import type { Actor } from './actor.js';
import { currentProtocol, updateProtocol } from './protocol.js';

/** Stores a protocol version directly, as another server instance would. */
async function storeVersion(db: Kysely<Database>, unitId: number, version: number, routineMinutes: number) {
  await db
    .insertInto('unit_protocol')
    .values({
      unit_id: unitId,
      version,
      protocol: JSON.stringify({
        ...DEFAULT_UNIT_PROTOCOL,
        reassessment: { ...DEFAULT_UNIT_PROTOCOL.reassessment, routineMinutes },
      }),
      reason: `Every ${routineMinutes} min`,
      recorded_by: null,
      recorded_at: new Date().toISOString(),
    })
    .execute();
}

for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect))(`the protocol in force on ${dialect}`, () => {
    let t: TestDatabase;
    let physician: Actor;
    let unitId: number;

    beforeAll(async () => {
      t = await demoDatabase(dialect);
      physician = await actorFor(t.db, 'physician');
      unitId = await unitIdNamed(t.db, 'Detox South');
    });
    afterAll(async () => {
      await t?.close();
    });

    it('is the newest version every time, including one stored by another instance since the last read', async () => {
      const before = await currentProtocol(t.db, unitId);
      expect(await currentProtocol(t.db, unitId)).toEqual(before);
      await storeVersion(t.db, unitId, before.version + 1, 150);
      const after = await currentProtocol(t.db, unitId);
      expect(after.version).toBe(before.version + 1);
      expect(after.protocol.reassessment?.routineMinutes).toBe(150);
      expect(after.reason).toBe('Every 150 min');
    });

    it('is not taken from a version written in a transaction that rolled back', async () => {
      const before = await currentProtocol(t.db, unitId);
      const next = before.version + 1;
      await expect(
        t.db.transaction().execute(async (trx) => {
          await storeVersion(trx, unitId, next, 90);
          expect((await currentProtocol(trx, unitId)).protocol.reassessment?.routineMinutes).toBe(90);
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(await currentProtocol(t.db, unitId)).toEqual(before);
      // The same version number, stored for real with other settings: those are what is read.
      await storeVersion(t.db, unitId, next, 180);
      expect((await currentProtocol(t.db, unitId)).protocol.reassessment?.routineMinutes).toBe(180);
    });

    it('follows protocol.update at once', async () => {
      const current = await currentProtocol(t.db, unitId);
      const tighter = {
        ...current.protocol,
        reassessment: { ...DEFAULT_UNIT_PROTOCOL.reassessment, routineMinutes: 60 },
      } as typeof current.protocol;
      await updateProtocol(t.db, physician, { unitId, protocol: tighter, reason: 'Hourly on this unit' });
      const after = await currentProtocol(t.db, unitId);
      expect(after.version).toBe(current.version + 1);
      expect(after.protocol.reassessment?.routineMinutes).toBe(60);
      expect(after.recordedBy?.id).toBe(physician.id);
    });

    it('is the same object for an unchanged version, and frozen so no caller can change it for the others', async () => {
      const first = await currentProtocol(t.db, unitId);
      const second = await currentProtocol(t.db, unitId);
      expect(second).toBe(first);
      expect(Object.isFrozen(first)).toBe(true);
      // Still the stored row: nothing about it differs from a fresh read of the table.
      const { rows } = await sql<{
        version: number;
        reason: string;
      }>`select version, reason from unit_protocol where unit_id = ${unitId} order by version desc limit 1`.execute(
        t.db,
      );
      expect({ version: first.version, reason: first.reason }).toEqual(rows[0]);
    });
  });
}
