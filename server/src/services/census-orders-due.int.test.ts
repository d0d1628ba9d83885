import { ordersDueSummary } from '@detox/shared';
import { sql } from 'kysely';
import { StatementCounter } from '../../test-support/statement-counter.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DIALECTS,
  type TestDatabase,
  actorFor,
  demoDatabase,
  dialectAvailable,
  unitIdNamed,
} from '../../test-support/databases.js';
import { shapeOf } from '../db/id-list-shapes.js';
import type { Actor } from './actor.js';
import { censusBoard } from './census.js';
import { dueForAdmission } from './orders-due.js';

// Issue 16: the board carries each patient's orders-due summary, judged by the same rules on the same
// facts as orders.due, in a fixed number of queries however many beds are occupied.
for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect))(`census board orders-due summary on ${dialect}`, () => {
    let t: TestDatabase;
    let physician: Actor;
    let north: number;
    let south: number;

    beforeAll(async () => {
      t = await demoDatabase(dialect);
      physician = await actorFor(t.db, 'physician');
      north = await unitIdNamed(t.db, 'Detox North');
      south = await unitIdNamed(t.db, 'Detox South');
    });
    afterAll(async () => {
      await t?.close();
    });

    it('gives every row what orders.due says for that patient at the same instant, counted', async () => {
      const now = new Date();
      const board = await censusBoard(t.db, physician, north, now);
      expect(board.rows.length).toBeGreaterThan(3);
      let somethingDue = 0;
      for (const row of board.rows) {
        const full = await dueForAdmission(t.db, row.admissionId, now);
        expect(row.ordersDue, `bed ${row.bed}`).toEqual(ordersDueSummary(full));
        somethingDue +=
          row.ordersDue.due + row.ordersDue.overdue + row.ordersDue.eligiblePrn + row.ordersDue.notEligiblePrn;
      }
      // The demo patients have standing orders: a summary of nothing everywhere would prove nothing.
      expect(somethingDue).toBeGreaterThan(0);
    });

    it('reads a unit of 8 patients in as many statements as a unit of 3', async () => {
      // Each unit's protocol read once already, as on a running server (its versions are kept once read).
      await censusBoard(t.db, physician, south);
      const counter = new StatementCounter();
      const counted = t.db.withPlugin(counter);
      const large = await censusBoard(counted, physician, north);
      const forLarge = counter.count;
      counter.count = 0;
      const small = await censusBoard(counted, physician, south);
      expect(large.rows.length).toBeGreaterThan(small.rows.length);
      expect(small.rows.length).toBeGreaterThan(0);
      expect(counter.count).toBe(forLarge);
      // The board, its orders-due summaries and its read audit: about a dozen statements, not one set per bed.
      expect(forLarge).toBeLessThanOrEqual(16);
    });

    it.runIf(dialect === 'postgres')(
      "reads a unit's stays at once with statements PostgreSQL keeps prepared, one text a padded length",
      async () => {
        // One connection for the whole look: pg_prepared_statements shows the connection's own.
        const { texts, large, small } = await t.db.transaction().execute(async (trx) => {
          const large = await censusBoard(trx, physician, north);
          const small = await censusBoard(trx, physician, south);
          await censusBoard(trx, physician, north);
          const { rows } = await sql<{
            statement: string;
          }>`select statement from pg_prepared_statements where from_sql = false`.execute(trx);
          return { texts: rows.map((r) => r.statement), large: large.rows.length, small: small.rows.length };
        });
        const lengths = new Set([shapeOf(large), shapeOf(small)]);
        // The scores, the doses and the newest readings of the rows computed together: one text each a length.
        expect(texts.filter((text) => text.includes('with bounds as materialized'))).toHaveLength(lengths.size);
        expect(texts.filter((text) => text.includes('from medication_administration m'))).toHaveLength(lengths.size);
        expect(texts.filter((text) => text.includes('union all'))).toHaveLength(lengths.size);
      },
    );
  });
}
