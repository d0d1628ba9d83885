import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DIALECTS,
  type TestDatabase,
  actorFor,
  demoDatabase,
  dialectAvailable,
  unitIdNamed,
} from '../../test-support/databases.js';
import type { Actor } from './actor.js';
import { recordAssessment } from './assessments.js';
import { censusBoard } from './census.js';

/** A COWS without vitals; `extra` adds to sweating 4 and restlessness 1 (total 5). */
function cows(extra: { yawning?: number; restlessness?: number } = {}) {
  return {
    pulse: 0,
    sweating: 4,
    restlessness: extra.restlessness ?? 1,
    pupils: 0,
    boneJointAches: 0,
    runnyNoseTearing: 0,
    giUpset: 0,
    tremor: 0,
    yawning: extra.yawning ?? 0,
    anxietyIrritability: 0,
    gooseflesh: 0,
  };
}

const TIED = 2700;

// The board's newest three scores of a stay are bounded by its third-newest score, found once per
// stay. On PostgreSQL that lookup was folded into the join and ran again for every score of the
// stay: with thousands of scores at one time (a bench charting at a fixed time did this) one board
// took 9 s and the unit's boards stopped.
for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect))(`census board's newest scores on ${dialect}`, () => {
    let t: TestDatabase;
    let nurse: Actor;
    let north: number;

    beforeAll(async () => {
      t = await demoDatabase(dialect);
      nurse = await actorFor(t.db, 'nurse');
      north = await unitIdNamed(t.db, 'Detox North');
    });
    afterAll(async () => {
      await t?.close();
    });

    it('takes the newest three by id among scores charted at one time, and stays quick with thousands of them', async () => {
      const [row] = (await censusBoard(t.db, nurse, north)).rows;
      if (!row) throw new Error('the demo unit has no patient');
      const takenAt = new Date(Date.now() - 60_000).toISOString();
      const chart = (items: ReturnType<typeof cows>) =>
        recordAssessment(t.db, nurse, {
          admissionId: row.admissionId,
          instrument: 'COWS',
          takenAt,
          items,
          itemReasons: undefined,
        });
      const first = await chart(cows());
      const stored = await t.db
        .selectFrom('assessment')
        .selectAll()
        .where('id', '=', first.id)
        .executeTakeFirstOrThrow();
      const { id: _id, ...copy } = stored;
      for (let i = 0; i < TIED; i += 500) {
        await t.db
          .insertInto('assessment')
          .values(Array.from({ length: Math.min(500, TIED - i) }, () => copy))
          .execute();
      }
      const totals = [];
      for (const items of [cows({ yawning: 1 }), cows({ restlessness: 3 }), cows({ restlessness: 3, yawning: 1 })])
        totals.push((await chart(items)).total);
      expect(totals).toEqual([6, 7, 8]);
      // As autovacuum would after so many new rows (the admissions it leaves alone): with these
      // figures PostgreSQL's planner chose the join that looked the bound up for every score.
      await sql`analyze assessment`.execute(t.db);

      const started = performance.now();
      const board = await censusBoard(t.db, nurse, north);
      const tookMs = performance.now() - started;
      const charted = board.rows.find((r) => r.admissionId === row.admissionId);
      expect(charted?.latestScore?.total).toBe(8);
      expect(charted?.recentTotals).toEqual([6, 7, 8]);
      // Milliseconds now; seconds when the bound was looked up again for every tied score.
      expect(tookMs).toBeLessThan(1000);
    });
  });
}
