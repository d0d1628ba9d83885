import { admitInput, recordAdministrationInput, setTaperPlanInput } from '@detox/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DIALECTS,
  type TestDatabase,
  actorFor,
  dialectAvailable,
  demoDatabase,
  refusalOf,
} from '../../test-support/databases.js';
import { standingOrder } from '../../test-support/orders.js';
import { previewAdministration, recordAdministration } from './administrations.js';
import { admit } from './admissions.js';
import { unitDate } from './local-day.js';
import { setTaperPlan } from './taper-plans.js';
import { getTimeline } from './timeline.js';

// Admitted Friday 20 November 2026, 09:00 in New York: stay day 3 is Sunday 22 November. The plans
// are written "now" = Sunday 22 November 10:00 (and Monday 23 November 10:00 for the change).
const ADMITTED = '2026-11-20T09:00:00-05:00';
const SUNDAY_10 = new Date('2026-11-22T10:00:00-05:00');
const MONDAY_10 = new Date('2026-11-23T10:00:00-05:00');

for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect))(`taper plans start on the date chosen, on ${dialect}`, () => {
    let t: TestDatabase;
    let admissionId: number;
    const planRows = async () =>
      Number(
        (
          await t.db
            .selectFrom('taper_plan')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('admission_id', '=', admissionId)
            .executeTakeFirstOrThrow()
        ).n,
      );

    beforeAll(async () => {
      t = await demoDatabase(dialect);
      const nurse = await actorFor(t.db, 'nurse');
      const unit = await t.db
        .selectFrom('unit')
        .select('id')
        .where('name', '=', 'Detox North')
        .executeTakeFirstOrThrow();
      ({ admissionId } = await admit(
        t.db,
        nurse,
        admitInput.parse({
          unitId: unit.id,
          bed: '4',
          patient: { mrn: 'INT-TAPER-START', name: 'Taper Start Patient', birthDate: '1980-02-02' },
          substance: 'Heroin (IV)',
          opioidKind: 'short',
          lastUseAt: '2026-11-20T06:00:00-05:00',
          admittedAt: ADMITTED,
        }),
      ));
      const bup = await standingOrder(t.db, admissionId, 'buprenorphine');
      const clonidine = await standingOrder(t.db, admissionId, 'clonidine');
      const doses: [
        orderId: number,
        drug: 'buprenorphine' | 'clonidine',
        mg: number,
        givenAt: string,
        status: 'given' | 'held',
      ][] = [
        [bup, 'buprenorphine', 8, '2026-11-22T10:30:00-05:00', 'given'],
        [bup, 'buprenorphine', 4, '2026-11-22T14:30:00-05:00', 'held'],
        [clonidine, 'clonidine', 0.1, '2026-11-22T15:00:00-05:00', 'given'],
        [bup, 'buprenorphine', 2, '2026-11-22T23:30:00-05:00', 'given'], // 04:30 UTC on the 23rd: still Sunday on the unit's clock
        [bup, 'buprenorphine', 6, '2026-11-23T08:10:00-05:00', 'given'],
      ];
      for (const [orderId, drug, doseMg, givenAt, status] of doses) {
        await recordAdministration(
          t.db,
          nurse,
          recordAdministrationInput.parse({
            admissionId,
            orderId,
            drug,
            doseMg,
            route: drug === 'buprenorphine' ? 'SL' : 'PO',
            givenAt,
            status,
            holdReason: status === 'held' ? 'Sedated, RASS -2' : undefined,
            // The induction gate and hold parameters want scores; this test is about dates and counting.
            overrideReason: 'Test of taper counting',
          }),
        );
      }
    });
    afterAll(async () => {
      await t?.close();
    });

    it('refuses a start on a day already past, in words, and writes nothing', async () => {
      const physician = await actorFor(t.db, 'physician');
      const before = await planRows();
      const refusal = await refusalOf(
        setTaperPlan(
          t.db,
          physician,
          setTaperPlanInput.parse({
            admissionId,
            drug: 'buprenorphine',
            startDate: '2026-11-21',
            days: [{ day: 1, totalMg: 8 }],
          }),
          SUNDAY_10,
        ),
      );
      expect(refusal.code).toBe('BAD_REQUEST');
      expect(refusal.path).toBe('startDate');
      expect(refusal.message).toContain('cannot start on 2026-11-21: that day is already past (today is 2026-11-22');
      expect(await planRows()).toBe(before);
    });

    it('starts today on the unit’s clock when no start is given: plan day 1 is stay day 3, not the admission day', async () => {
      const physician = await actorFor(t.db, 'physician');
      const saved = await setTaperPlan(
        t.db,
        physician,
        setTaperPlanInput.parse({
          admissionId,
          drug: 'buprenorphine',
          days: [12, 8, 4, 2].map((totalMg, i) => ({ day: i + 1, totalMg })),
        }),
        SUNDAY_10,
      );
      expect(saved.startDate).toBe('2026-11-22');
      expect(saved.supersedesId).toBeNull();
      const timeline = await getTimeline(t.db, physician, admissionId, SUNDAY_10);
      expect(timeline.taper.map((d) => [d.date, d.stayDayLabel, d.planDay, d.plannedMg])).toEqual([
        ['2026-11-22', 'Stay day 3 (Sun 22 Nov)', 1, 12],
        ['2026-11-23', 'Stay day 4 (Mon 23 Nov)', 2, 8],
        ['2026-11-24', 'Stay day 5 (Tue 24 Nov)', 3, 4],
        ['2026-11-25', 'Stay day 6 (Wed 25 Nov)', 4, 2],
      ]);
    });

    it('counts only given doses of the plan’s drug on each calendar day of the unit', async () => {
      const physician = await actorFor(t.db, 'physician');
      const timeline = await getTimeline(t.db, physician, admissionId, MONDAY_10);
      // Sunday: 8 + 2 (23:30 local); the held 4 mg and the clonidine do not count. Monday: 6.
      expect(timeline.taper.slice(0, 2).map((d) => [d.date, d.plannedMg, d.givenMg])).toEqual([
        ['2026-11-22', 12, 10],
        ['2026-11-23', 8, 6],
      ]);
    });

    it('the dose check reads the plan in force on the dose’s date and names the day by day of stay', async () => {
      // Sunday: 12 planned, 10 given; 4 mg more would make 14.
      const { warnings } = await previewAdministration(t.db, {
        admissionId,
        drug: 'buprenorphine',
        doseMg: 4,
        route: 'SL',
        givenAt: '2026-11-22T20:00:00-05:00',
        status: 'given',
        indication: undefined,
        holdReason: undefined,
      });
      const above = warnings.find((w) => w.code === 'above-taper-plan');
      expect(above?.message).toContain(
        'would bring stay day 3 (Sun 22 Nov) to 14 mg, above the taper plan of 12 mg (given 10 mg so far)',
      );
      // 2 mg reaches the plan exactly: no warning.
      const exact = await previewAdministration(t.db, {
        admissionId,
        drug: 'buprenorphine',
        doseMg: 2,
        route: 'SL',
        givenAt: '2026-11-22T20:00:00-05:00',
        status: 'given',
        indication: undefined,
        holdReason: undefined,
      });
      expect(exact.warnings.map((w) => w.code)).not.toContain('above-taper-plan');
      // Friday, stay day 1, before the plan's start: no plan, no warning.
      const before = await previewAdministration(t.db, {
        admissionId,
        drug: 'buprenorphine',
        doseMg: 24,
        route: 'SL',
        givenAt: '2026-11-20T20:00:00-05:00',
        status: 'given',
        indication: undefined,
        holdReason: undefined,
      });
      expect(before.warnings.map((w) => w.code)).not.toContain('above-taper-plan');
    });

    it('a changed plan supersedes the old one from its start, naming it and why; the old row stays and still plans the days before', async () => {
      const physician = await actorFor(t.db, 'physician');
      const first = await t.db
        .selectFrom('taper_plan')
        .select(['id', 'days', 'start_date'])
        .where('admission_id', '=', admissionId)
        .executeTakeFirstOrThrow();
      const saved = await setTaperPlan(
        t.db,
        physician,
        setTaperPlanInput.parse({
          admissionId,
          drug: 'buprenorphine',
          startDate: '2026-11-24',
          reason: 'Cravings on 4 mg: slower taper',
          days: [6, 6, 4].map((totalMg, i) => ({ day: i + 1, totalMg })),
        }),
        MONDAY_10,
      );
      expect(saved.supersedesId).toBe(first.id);
      expect(await planRows()).toBe(2);
      const stored = await t.db
        .selectFrom('taper_plan')
        .selectAll()
        .where('id', '=', saved.id)
        .executeTakeFirstOrThrow();
      expect([stored.start_date, stored.supersedes_id, stored.change_reason, stored.recorded_by]).toEqual([
        '2026-11-24',
        first.id,
        'Cravings on 4 mg: slower taper',
        physician.id,
      ]);
      // The first plan is unchanged.
      expect(
        await t.db
          .selectFrom('taper_plan')
          .select(['id', 'days', 'start_date'])
          .where('id', '=', first.id)
          .executeTakeFirstOrThrow(),
      ).toEqual(first);

      const timeline = await getTimeline(t.db, physician, admissionId, MONDAY_10);
      expect(timeline.taper.map((d) => [d.date, d.planId, d.planDay, d.plannedMg])).toEqual([
        ['2026-11-22', first.id, 1, 12],
        ['2026-11-23', first.id, 2, 8],
        ['2026-11-24', saved.id, 1, 6],
        ['2026-11-25', saved.id, 2, 6],
        ['2026-11-26', saved.id, 3, 4],
      ]);
      expect(timeline.taperPlans.map((p) => [p.id, p.startLabel, p.supersedesId])).toEqual([
        [first.id, 'Stay day 3 (Sun 22 Nov)', null],
        [saved.id, 'Stay day 5 (Tue 24 Nov)', first.id],
      ]);
    });

    it('the demo: every dose has an order, and each past day of a demo taper plan was given as planned', async () => {
      const unorderedDoses = await t.db
        .selectFrom('medication_administration')
        .select('id')
        .where('order_id', 'is', null)
        .execute();
      expect(unorderedDoses).toEqual([]);
      const physician = await actorFor(t.db, 'physician');
      const withPlans = await t.db
        .selectFrom('taper_plan')
        .innerJoin('admission', 'admission.id', 'taper_plan.admission_id')
        .select(['admission.id'])
        .where('admission.id', '!=', admissionId)
        .execute();
      const admissions = [...new Set(withPlans.map((r) => r.id))];
      // Beds 2, 5, 6 and 9 on North and S1 on South are on buprenorphine; those inducted have a plan.
      expect(admissions.length).toBeGreaterThanOrEqual(3);
      let pastDays = 0;
      for (const id of admissions) {
        const timeline = await getTimeline(t.db, physician, id);
        const today = unitDate(new Date(), timeline.timeZone);
        for (const day of timeline.taper.filter((d) => d.date < today)) {
          pastDays++;
          expect(day.givenMg, `${timeline.patientName}, ${day.stayDayLabel}`).toBe(day.plannedMg);
        }
        // No plan starts before the day its taper was ordered.
        for (const plan of timeline.taperPlans)
          expect(plan.startDate >= unitDate(plan.recordedAt, timeline.timeZone)).toBe(true);
      }
      expect(pastDays).toBeGreaterThan(3);
    });
  });
}
