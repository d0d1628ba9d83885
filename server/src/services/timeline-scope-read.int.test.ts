import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DIALECTS,
  type TestDatabase,
  actorFor,
  demoDatabase,
  dialectAvailable,
  unitIdNamed,
} from '../../test-support/databases.js';
import { StatementCounter } from '../../test-support/statement-counter.js';
import type { Actor } from './actor.js';
import { discharge } from './admissions.js';
import { KeptByAdmission } from './kept-by-admission.js';
import { type Timelines, getTimeline } from './timeline.js';
import { refuseOutsideUnits } from './unit-guard.js';

// Issue 16: the scope check reads the stay a timeline.get names; the timeline uses that row rather
// than reading the stay again, and a timeline it computes to keep is built from a read made after the
// cache's ticket, so a change to the stay in between is never kept.
for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect))(
    `the timeline and the scope check's read of its stay on ${dialect}`,
    () => {
      let t: TestDatabase;
      let physician: Actor;
      let nurse: Actor;
      let stays: number[];

      beforeAll(async () => {
        t = await demoDatabase(dialect);
        physician = await actorFor(t.db, 'physician');
        nurse = await actorFor(t.db, 'nurse');
        const north = await unitIdNamed(t.db, 'Detox North');
        stays = (
          await t.db
            .selectFrom('admission')
            .select('id')
            .where('unit_id', '=', north)
            .where('discharged_at', 'is', null)
            .orderBy('id')
            .execute()
        ).map((r) => r.id);
        if (stays.length < 2) throw new Error('the demo unit has fewer than two open stays');
      });
      afterAll(async () => {
        await t?.close();
      });

      it('a kept timeline, given the stay the scope check read, costs one statement fewer and answers the same', async () => {
        const [admissionId] = stays as [number];
        const timelines: Timelines = new KeptByAdmission();
        const now = new Date();
        await getTimeline(t.db, physician, admissionId, now, timelines);
        const read = await refuseOutsideUnits(t.db, physician, { admissionId });
        expect(read.get(admissionId)?.id).toBe(admissionId);

        const counter = new StatementCounter();
        const counted = t.db.withPlugin(counter);
        const alone = await getTimeline(counted, physician, admissionId, now, timelines);
        const statementsAlone = counter.count;
        counter.count = 0;
        const given = await getTimeline(counted, physician, admissionId, now, timelines, read.get(admissionId));
        expect(counter.count).toBe(statementsAlone - 1);
        expect(given).toEqual(alone);
      });

      it('a stay discharged after the scope check read it is shown discharged, and kept so', async () => {
        const admissionId = stays[1] as number;
        const timelines: Timelines = new KeptByAdmission();
        const read = await refuseOutsideUnits(t.db, physician, { admissionId });
        expect(read.get(admissionId)?.discharged_at).toBeNull();
        const dischargedAt = new Date().toISOString();
        await discharge(t.db, nurse, { admissionId, dischargedAt });
        timelines.changed({ admissionId });

        const now = new Date();
        const computed = await getTimeline(t.db, physician, admissionId, now, timelines, read.get(admissionId));
        expect(computed.dischargedAt).toBe(dischargedAt);
        const kept = await getTimeline(t.db, physician, admissionId, new Date(now.getTime() + 1000), timelines);
        expect(kept.dischargedAt).toBe(dischargedAt);
      });
    },
  );
}
