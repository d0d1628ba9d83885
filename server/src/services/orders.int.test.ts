import {
  admitInput,
  applyOrderSetInput,
  checkDoseAgainstOrder,
  createOrderInput,
  discontinueOrderInput,
  recordAdministrationInput,
  recordAssessmentInput,
  verbalOrderInput,
} from '@detox/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DIALECTS,
  type TestDatabase,
  actorFor,
  dialectAvailable,
  demoDatabase,
  minutesAgo,
  refusalOf,
  rowCounts,
} from '../../test-support/databases.js';
import type { Actor } from './actor.js';
import { recordAdministration } from './administrations.js';
import { admit } from './admissions.js';
import { recordAssessment } from './assessments.js';
import { orderFacts } from './order-records.js';
import { applyOrderSet, orderSetsInForce } from './order-sets.js';
import {
  countersignOrder,
  createOrder,
  discontinueOrder,
  enterVerbalOrder,
  listOrders,
  ordersAwaitingCountersign,
} from './orders.js';
import { dueForAdmission } from './orders-due.js';

const COWS_10 = {
  pulse: 1,
  sweating: 1,
  restlessness: 1,
  pupils: 1,
  boneJointAches: 1,
  runnyNoseTearing: 1,
  giUpset: 1,
  tremor: 1,
  yawning: 1,
  anxietyIrritability: 1,
  gooseflesh: 0,
};

for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect))(`orders on ${dialect}`, () => {
    let t: TestDatabase;
    let nurse: Actor;
    let physician: Actor;
    let unitId: number;
    let admissionId: number;

    beforeAll(async () => {
      t = await demoDatabase(dialect);
      nurse = await actorFor(t.db, 'nurse');
      physician = await actorFor(t.db, 'physician');
      unitId = (await t.db.selectFrom('unit').select('id').where('name', '=', 'Detox North').executeTakeFirstOrThrow())
        .id;
      admissionId = (
        await admit(
          t.db,
          nurse,
          admitInput.parse({
            unitId,
            bed: '4',
            patient: { mrn: 'INT-ORD-1', name: 'Order Test Patient', birthDate: '1985-03-01' },
            substance: 'Heroin (IV)',
            opioidKind: 'short',
            lastUseAt: minutesAgo(14 * 60),
            admittedAt: minutesAgo(90),
          }),
        )
      ).admissionId;
    });
    afterAll(async () => {
      await t?.close();
    });

    it('the demo unit: every seeded dose names an order of its own patient and drug, which allowed it', async () => {
      const doses = await t.db
        .selectFrom('medication_administration as m')
        .leftJoin('medication_order as o', 'o.id', 'm.order_id')
        .select([
          'm.id',
          'm.admission_id',
          'm.drug',
          'm.order_id',
          'o.admission_id as order_admission',
          'o.drug as order_drug',
        ])
        .execute();
      // Enough doses that the checks below mean something; the demo seeds fewer doses late in the day
      // (none in the future), so the count varies with the clock: 50 at 22:50.
      expect(doses.length).toBeGreaterThan(20);
      for (const d of doses) {
        expect(d.order_id, `dose ${d.id}`).not.toBeNull();
        expect(d.order_admission).toBe(d.admission_id);
        expect(d.order_drug).toBe(d.drug);
      }
      const patients = await t.db
        .selectFrom('admission')
        .select('id')
        .where('discharged_at', 'is', null)
        .where('id', '!=', admissionId)
        .execute();
      for (const p of patients) {
        const orders = await orderFacts(t.db, { admissionId: p.id });
        expect(orders.some((o) => o.order.drug === 'clonidine' && o.row.order_set_id !== null)).toBe(true);
      }
      // A given demo dose never breaks its order's dose range.
      const given = await t.db
        .selectFrom('medication_administration as m')
        .innerJoin('medication_order as o', 'o.id', 'm.order_id')
        .select(['m.dose_mg', 'o.dose_mg as low', 'o.dose_max_mg as high'])
        .where('m.status', '=', 'given')
        .execute();
      for (const g of given) {
        expect(Number(g.dose_mg)).toBeGreaterThanOrEqual(Number(g.low));
        expect(Number(g.dose_mg)).toBeLessThanOrEqual(Number(g.high ?? g.low));
      }
      void checkDoseAgainstOrder;
    });

    it('a physician writes an order; a dose without one is refused and writes nothing; with it, the row names it', async () => {
      const { id } = await createOrder(
        t.db,
        physician,
        createOrderInput.parse({
          admissionId,
          drug: 'ondansetron',
          doseMg: 4,
          route: 'PO',
          kind: 'prn',
          indication: 'nausea',
          minIntervalMinutes: 480,
          maxPer24hMg: 16,
          startAt: minutesAgo(30),
        }),
      );
      expect(
        recordAdministrationInput.safeParse({
          admissionId,
          drug: 'ondansetron',
          doseMg: 4,
          route: 'PO',
          givenAt: minutesAgo(1),
          status: 'given',
        }).success,
      ).toBe(false);
      const before = await rowCounts(t.db);
      const wrongDrug = await refusalOf(
        recordAdministration(
          t.db,
          nurse,
          recordAdministrationInput.parse({
            admissionId,
            orderId: id,
            drug: 'ibuprofen',
            doseMg: 400,
            route: 'PO',
            givenAt: minutesAgo(1),
            status: 'given',
          }),
        ),
      );
      expect(wrongDrug.message).toMatch(
        /is for ondansetron, not ibuprofen; .*ask the physician for an order, or enter a verbal order/,
      );
      expect(await rowCounts(t.db)).toEqual(before);
      const saved = await recordAdministration(
        t.db,
        nurse,
        recordAdministrationInput.parse({
          admissionId,
          orderId: id,
          drug: 'ondansetron',
          doseMg: 4,
          route: 'PO',
          givenAt: minutesAgo(1),
          status: 'given',
        }),
      );
      const row = await t.db
        .selectFrom('medication_administration')
        .select(['order_id', 'prn'])
        .where('id', '=', saved.id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ order_id: id, prn: 1 });
      // The order's interval (8 h) is stricter than the unit's (4 h): a second dose needs a reason.
      const again = await refusalOf(
        recordAdministration(
          t.db,
          nurse,
          recordAdministrationInput.parse({
            admissionId,
            orderId: id,
            drug: 'ondansetron',
            doseMg: 4,
            route: 'PO',
            givenAt: minutesAgo(0),
            status: 'given',
          }),
        ),
      );
      expect(again.code).toBe('PRECONDITION_FAILED');
      expect(again.message).toMatch(/the order's minimum interval is 8 h/);
    });

    it('discontinuing adds a fact, keeps the order listed, and refuses later doses against it', async () => {
      const { id } = await createOrder(
        t.db,
        physician,
        createOrderInput.parse({
          admissionId,
          drug: 'ibuprofen',
          doseMg: 400,
          route: 'PO',
          kind: 'prn',
          indication: 'aches',
        }),
      );
      await discontinueOrder(t.db, physician, discontinueOrderInput.parse({ orderId: id, reason: 'Stomach upset' }));
      const listed = (await listOrders(t.db, physician, admissionId)).find((o) => o.id === id);
      expect(listed).toMatchObject({
        status: 'discontinued',
        discontinued: { reason: 'Stomach upset', by: { id: physician.id } },
      });
      const before = await rowCounts(t.db);
      const refused = await refusalOf(
        recordAdministration(
          t.db,
          nurse,
          recordAdministrationInput.parse({
            admissionId,
            orderId: id,
            drug: 'ibuprofen',
            doseMg: 400,
            route: 'PO',
            givenAt: minutesAgo(0),
            status: 'held',
            holdReason: 'asleep',
          }),
        ),
      );
      expect(refused.code).toBe('CONFLICT');
      expect(refused.message).toMatch(/was discontinued .*Stomach upset/);
      expect(await rowCounts(t.db)).toEqual(before);
      expect(
        (
          await refusalOf(
            discontinueOrder(t.db, physician, discontinueOrderInput.parse({ orderId: id, reason: 'again' })),
          )
        ).code,
      ).toBe('CONFLICT');
    });

    it('orders and their facts are append-only in the database itself', async () => {
      const order = await t.db.selectFrom('medication_order').select('id').executeTakeFirstOrThrow();
      await expect(sql`update medication_order set dose_mg = 99 where id = ${order.id}`.execute(t.db)).rejects.toThrow(
        /append-only/,
      );
      await expect(sql`delete from order_discontinuation`.execute(t.db)).rejects.toThrow(/append-only/);
    });

    it('a verbal order is active at once, flagged until the named physician countersigns, and only they may', async () => {
      const { id } = await enterVerbalOrder(
        t.db,
        nurse,
        verbalOrderInput.parse({
          admissionId,
          drug: 'hydroxyzine',
          doseMg: 25,
          route: 'PO',
          kind: 'prn',
          indication: 'anxiety',
          orderedBy: physician.id,
          readBack: true,
          channel: 'telephone',
        }),
      );
      expect((await listOrders(t.db, nurse, admissionId)).find((o) => o.id === id)).toMatchObject({
        status: 'active',
        needsCountersign: true,
        channel: 'telephone',
        enteredBy: { id: nurse.id },
      });
      expect((await ordersAwaitingCountersign(t.db, physician)).map((o) => o.id)).toContain(id);
      const notAPhysician = await refusalOf(
        enterVerbalOrder(
          t.db,
          nurse,
          verbalOrderInput.parse({
            admissionId,
            drug: 'hydroxyzine',
            doseMg: 25,
            route: 'PO',
            kind: 'prn',
            indication: 'x',
            orderedBy: nurse.id,
            readBack: true,
          }),
        ),
      );
      expect(notAPhysician.message).toMatch(/orderedBy must be the id of an active physician/);
      await countersignOrder(t.db, physician, { orderId: id });
      expect((await listOrders(t.db, nurse, admissionId)).find((o) => o.id === id)).toMatchObject({
        needsCountersign: false,
        countersigned: { by: { id: physician.id } },
      });
      expect((await ordersAwaitingCountersign(t.db, physician)).map((o) => o.id)).not.toContain(id);
      expect((await refusalOf(countersignOrder(t.db, physician, { orderId: id }))).code).toBe('CONFLICT');
    });

    it('applying a set writes all its orders in one go, with the adjustments; a bad adjustment writes none', async () => {
      const set = (await orderSetsInForce(t.db, unitId)).find((s) => s.code === 'opioid-withdrawal-clonidine');
      if (!set) throw new Error('no default set');
      const before = await t.db
        .selectFrom('medication_order')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .executeTakeFirstOrThrow();
      const bad = await refusalOf(
        applyOrderSet(
          t.db,
          physician,
          applyOrderSetInput.parse({ admissionId, setId: set.id, adjustments: [{ line: 0, doseMg: 5 }] }),
        ),
      );
      expect(bad.message).toMatch(/hard limit|maximum|dose/);
      const after = await t.db
        .selectFrom('medication_order')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
      const { ids } = await applyOrderSet(
        t.db,
        physician,
        applyOrderSetInput.parse({
          admissionId,
          setId: set.id,
          adjustments: [
            { line: 0, doseMg: 0.2 },
            { line: 1, omit: true },
          ],
        }),
      );
      expect(ids).toHaveLength(set.orders.length - 1);
      const clonidine = (await orderFacts(t.db, { orderId: ids[0] as number }))[0];
      expect(clonidine?.order).toMatchObject({
        drug: 'clonidine',
        doseMg: 0.2,
        trigger: { instrument: 'COWS', minTotal: 8 },
      });
    });

    it('dueForAdmission: clonidine becomes eligible after a COWS of 10 with vitals, with the reason', async () => {
      const before = await dueForAdmission(t.db, admissionId);
      const clonidine = before.notEligible.find((n) => n.drug === 'clonidine');
      expect(clonidine?.reasons[0]).toMatch(/^no COWS charted yet/);
      await recordAssessment(
        t.db,
        nurse,
        recordAssessmentInput.parse({
          admissionId,
          instrument: 'COWS',
          takenAt: minutesAgo(2),
          items: COWS_10,
          vitals: { heartRate: 92, systolic: 128, diastolic: 80 },
        }),
      );
      const after = await dueForAdmission(t.db, admissionId);
      const eligible = after.eligible.find((e) => e.drug === 'clonidine');
      // Two minutes ago may be yesterday on the unit's clock: the message then names the day.
      expect(eligible?.why).toMatch(
        /^COWS 10 ≥ 8 at \d\d:\d\d( on \d{1,2} [A-Z][a-z]{2})?; no dose yet; 0 of 0\.8 mg in 24 h$/,
      );
    });
  });
}
