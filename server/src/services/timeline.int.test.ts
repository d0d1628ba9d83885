import { admitInput, dayOfStay, recordAdministrationInput, setTaperPlanInput } from '@detox/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, type TestDatabase, actorFor, dialectAvailable, demoDatabase } from '../../test-support/databases.js';
import { standingOrder } from '../../test-support/orders.js';
import { recordAdministration } from './administrations.js';
import { admit } from './admissions.js';
import { setTaperPlan } from './taper-plans.js';
import { getTimeline } from './timeline.js';

// Admitted late on 31 October 2026 in New York; the clocks fall back at 02:00 on 1 November, so the
// second day of the stay is 25 hours long. Each dose's day of stay as the shared rule counts it.
const ADMITTED = '2026-10-31T22:30:00-04:00';
const DOSES: [givenAt: string, mg: number, day: number][] = [
  ['2026-10-31T23:59:00-04:00', 4, 1],
  ['2026-11-01T00:01:00-04:00', 2, 2],
  ['2026-11-01T23:30:00-05:00', 6, 2], // 24 h 59 min after admission day began: still 1 November
  ['2026-11-02T00:30:00-05:00', 4, 3],
];

for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect))(
    `timeline taper, planned against given per day of stay, on ${dialect}`,
    () => {
      let t: TestDatabase;
      let admissionId: number;

      beforeAll(async () => {
        t = await demoDatabase(dialect);
        const nurse = await actorFor(t.db, 'nurse');
        const physician = await actorFor(t.db, 'physician');
        const unit = await t.db.selectFrom('unit').select('id').executeTakeFirstOrThrow();
        ({ admissionId } = await admit(
          t.db,
          nurse,
          admitInput.parse({
            unitId: unit.id,
            bed: '4',
            patient: { mrn: 'INT-TAPER-1', name: 'Taper Test Patient', birthDate: '1979-05-04' },
            substance: 'Heroin (IV)',
            opioidKind: 'short',
            lastUseAt: '2026-10-31T08:00:00-04:00',
            admittedAt: ADMITTED,
          }),
        ));
        const orderId = await standingOrder(t.db, admissionId, 'buprenorphine');
        for (const [givenAt, doseMg] of DOSES) {
          await recordAdministration(
            t.db,
            nurse,
            recordAdministrationInput.parse({
              admissionId,
              orderId,
              drug: 'buprenorphine',
              doseMg,
              route: 'SL',
              givenAt,
              status: 'given',
              // The induction gate wants a recent COWS; this test is about counting days, not the gate.
              overrideReason: 'Test of day counting',
            }),
          );
        }
        // Written on the evening of admission, starting that day (the unit's date then), so plan day N is stay day N.
        await setTaperPlan(
          t.db,
          physician,
          setTaperPlanInput.parse({
            admissionId,
            drug: 'buprenorphine',
            startDate: '2026-10-31',
            days: [1, 2, 3, 4].map((day) => ({ day, totalMg: 8 })),
          }),
          new Date('2026-10-31T23:00:00-04:00'),
        );
      });
      afterAll(async () => {
        await t?.close();
      });

      it('counts each dose on the local calendar day the shared rule gives it, across midnight and the DST change', async () => {
        for (const [givenAt, , day] of DOSES)
          expect(dayOfStay(ADMITTED, givenAt, 'America/New_York'), givenAt).toBe(day);
        const physician = await actorFor(t.db, 'physician');
        const timeline = await getTimeline(t.db, physician, admissionId, new Date('2026-11-02T12:00:00-05:00'));
        expect(
          timeline.taper.map(({ day, date, drug, plannedMg, givenMg, planDay, stayDayLabel }) => ({
            day,
            date,
            drug,
            plannedMg,
            givenMg,
            planDay,
            stayDayLabel,
          })),
        ).toEqual([
          {
            day: 1,
            date: '2026-10-31',
            drug: 'buprenorphine',
            plannedMg: 8,
            givenMg: 4,
            planDay: 1,
            stayDayLabel: 'Stay day 1 (Sat 31 Oct)',
          },
          {
            day: 2,
            date: '2026-11-01',
            drug: 'buprenorphine',
            plannedMg: 8,
            givenMg: 8,
            planDay: 2,
            stayDayLabel: 'Stay day 2 (Sun 1 Nov)',
          },
          {
            day: 3,
            date: '2026-11-02',
            drug: 'buprenorphine',
            plannedMg: 8,
            givenMg: 4,
            planDay: 3,
            stayDayLabel: 'Stay day 3 (Mon 2 Nov)',
          },
          {
            day: 4,
            date: '2026-11-03',
            drug: 'buprenorphine',
            plannedMg: 8,
            givenMg: 0,
            planDay: 4,
            stayDayLabel: 'Stay day 4 (Tue 3 Nov)',
          },
        ]);
        // Each date spans its local day on the hours axis: 1 November (the clocks fall back) is 25 hours long.
        const [, nov1] = timeline.taper;
        expect((nov1?.toHours ?? 0) - (nov1?.fromHours ?? 0)).toBe(25);
      });

      it.runIf(dialect === 'postgres')(
        "reads the stay's scores and doses as statements PostgreSQL keeps prepared (columns named, not *)",
        async () => {
          const physician = await actorFor(t.db, 'physician');
          // One connection for the whole look: pg_prepared_statements shows the connection's own.
          const prepared = await t.db.transaction().execute(async (trx) => {
            await getTimeline(trx, physician, admissionId, new Date('2026-11-02T12:00:00-05:00'));
            const { rows } = await sql<{
              statement: string;
            }>`select statement from pg_prepared_statements where from_sql = false`.execute(trx);
            return rows.map((r) => r.statement);
          });
          expect(prepared.filter((text) => text.includes('from "assessment" as "a"'))).toHaveLength(1);
          expect(prepared.filter((text) => text.includes('from "medication_administration" as "m"'))).toHaveLength(1);
        },
      );
    },
  );
}
