import { correctAssessmentInput } from '@detox/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, type TestDatabase, actorFor, dialectAvailable, demoDatabase } from '../../test-support/databases.js';
import { correctAssessment } from './assessments.js';

/** Each append-only table with a column a careless UPDATE might touch. */
const APPEND_ONLY = [
  { table: 'assessment', column: 'total', value: 0 },
  { table: 'medication_administration', column: 'dose_mg', value: 999 },
  { table: 'medication_order', column: 'dose_mg', value: 999 },
  { table: 'order_set', column: 'orders', value: '[]' },
  { table: 'record_correction', column: 'reason', value: 'rewritten' },
  { table: 'audit_event', column: 'action', value: 'tampered' },
] as const;

async function errorOf(statement: Promise<unknown>): Promise<Error> {
  try {
    await statement;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the database to refuse the statement, but it ran');
}

for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect))(`append-only tables on ${dialect}`, () => {
    let t: TestDatabase;

    beforeAll(async () => {
      t = await demoDatabase(dialect);
      // The seed writes no corrections: make one, so every table has a row to attack.
      const nurse = await actorFor(t.db, 'nurse');
      const first = await t.db.selectFrom('assessment').select('id').orderBy('id').limit(1).executeTakeFirstOrThrow();
      await correctAssessment(
        t.db,
        nurse,
        correctAssessmentInput.parse({ assessmentId: first.id, reason: 'Charted on the wrong patient' }),
      );
    });
    afterAll(async () => {
      await t?.close();
    });

    for (const { table, column, value } of APPEND_ONLY) {
      it(`refuses UPDATE and DELETE on ${table}, and the rows stay as they were`, async () => {
        const snapshot = async () =>
          (await sql<Record<string, unknown>>`select * from ${sql.table(table)} order by id`.execute(t.db)).rows;
        const before = await snapshot();
        expect(before.length).toBeGreaterThan(0);
        const firstId = before[0]?.id as number;

        const update = await errorOf(
          sql`update ${sql.table(table)} set ${sql.ref(column)} = ${value} where id = ${firstId}`.execute(t.db),
        );
        expect(update.message).toContain(`${table} rows are append-only`);
        const updateAll = await errorOf(
          sql`update ${sql.table(table)} set ${sql.ref(column)} = ${value}`.execute(t.db),
        );
        expect(updateAll.message).toContain(`${table} rows are append-only`);
        const remove = await errorOf(sql`delete from ${sql.table(table)} where id = ${firstId}`.execute(t.db));
        expect(remove.message).toContain(`${table} rows are append-only`);
        const removeAll = await errorOf(sql`delete from ${sql.table(table)}`.execute(t.db));
        expect(removeAll.message).toContain(`${table} rows are append-only`);

        // Inside a transaction the refusal rolls the whole transaction back.
        const inTransaction = await errorOf(
          t.db.transaction().execute(async (trx) => {
            await sql`delete from ${sql.table(table)} where id = ${firstId}`.execute(trx);
          }),
        );
        expect(inTransaction.message).toContain(`${table} rows are append-only`);

        expect(await snapshot()).toEqual(before);
      });
    }

    it('still accepts new rows (INSERT is the only way in)', async () => {
      const before = (
        await t.db
          .selectFrom('audit_event')
          .select((eb) => eb.fn.countAll<string | number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n;
      await t.db
        .insertInto('audit_event')
        .values({
          occurred_at: new Date().toISOString(),
          user_id: null,
          user_role: null,
          action: 'read',
          entity: 'test',
          entity_id: null,
          outcome: 'success',
          address: null,
        })
        .execute();
      const after = (
        await t.db
          .selectFrom('audit_event')
          .select((eb) => eb.fn.countAll<string | number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n;
      expect(Number(after)).toBe(Number(before) + 1);
    });
  });
}
