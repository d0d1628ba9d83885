import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DrugId } from '@detox/shared';
import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { shiftReportCsv } from '../render/shift-csv.js';
import type { PatientSection, ShiftReport } from '../shift-report/shift-report-types.js';
import { DIALECTS, type TestDatabase, dialectAvailable, freshDatabase } from '../../test-support/databases.js';
import { downtimeSnapshot } from './downtime-snapshot.js';
import {
  FIXTURE_NOW,
  FIXTURE_SHIFT_START,
  type FixtureIds,
  insertShiftFixture,
} from '../../test-support/shift-report-fixture.js';
import { buildShiftReport } from './shift-report.js';

/**
 * The orders sections of the shift report (issue 9, item 6) on the known night of
 * shift-report-fixture.ts (19:00 EST to 07:00 EDT; the next shift 07:00 to 19:00 EDT, 11:00Z to
 * 23:00Z), with orders and doses against them written on top of it.
 */

interface OrderIds {
  clonidine: number;
  ondansetron: number;
  loperamide: number;
  hydroxyzine: number;
  acetaminophen: number;
  later: number;
  chenOrder: number;
  verbalWaiting: number;
  verbalSignedLater: number;
  verbalSigned: number;
}

async function insertOrders(db: Kysely<Database>, ids: FixtureIds): Promise<OrderIds> {
  const physician = await db
    .insertInto('app_user')
    .values({
      username: 'pat',
      name: 'Dr. Pat Physician',
      role: 'physician',
      password_hash: 'x',
      active: 1,
      created_at: '2026-03-01T00:00:00.000Z',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const order = async (
    admissionId: number,
    o: Partial<Insertable<Database['medication_order']>> & {
      drug: string;
      dose_mg: number;
      kind: 'scheduled' | 'prn' | 'once';
      start_at: string;
    },
  ) => {
    const row = await db
      .insertInto('medication_order')
      .values({
        admission_id: admissionId,
        dose_max_mg: null,
        route: 'PO',
        every_hours: null,
        times_of_day: null,
        indication: null,
        trigger_instrument: null,
        trigger_min_total: null,
        min_interval_minutes: null,
        max_per_24h_mg: null,
        hold: null,
        end_at: null,
        note: null,
        ordered_by: physician.id,
        entered_by: physician.id,
        channel: 'written',
        read_back: 0,
        order_set_id: null,
        protocol_version: null,
        recorded_at: o.start_at,
        ...o,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  };
  const dose = (
    admissionId: number,
    orderId: number,
    drug: DrugId,
    doseMg: number,
    givenAt: string,
    status: 'given' | 'held' | 'refused' = 'given',
  ) =>
    db
      .insertInto('medication_administration')
      .values({
        admission_id: admissionId,
        order_id: orderId,
        drug,
        dose_mg: doseMg,
        route: 'PO',
        given_at: givenAt,
        status,
        prn: 1,
        indication: status === 'given' ? 'Sweating' : null,
        hold_reason: status === 'given' ? null : 'SBP 88',
        assessment_id: null,
        override_reason: null,
        warnings: '[]',
        supersedes_id: null,
        recorded_by: ids.nurseId,
        recorded_at: givenAt,
      })
      .execute();

  const start = '2026-03-07T12:00:00.000Z';
  const clonidine = await order(ids.alice, {
    drug: 'clonidine',
    dose_mg: 0.1,
    kind: 'prn',
    indication: 'sweating, restlessness',
    trigger_instrument: 'COWS',
    trigger_min_total: 8,
    min_interval_minutes: 240,
    max_per_24h_mg: 0.4,
    hold: JSON.stringify({ systolicBelowMmHg: 95 }),
    start_at: '2026-03-07T09:00:00.000Z',
  });
  await dose(ids.alice, clonidine, 'clonidine', 0.1, '2026-03-07T10:00:00.000Z'); // 25 h before the shift's end: not in the 24 h
  await dose(ids.alice, clonidine, 'clonidine', 0.1, '2026-03-07T14:00:00.000Z'); // before the shift, in the 24 h
  await dose(ids.alice, clonidine, 'clonidine', 0.1, '2026-03-08T03:10:00.000Z');
  await dose(ids.alice, clonidine, 'clonidine', 0.1, '2026-03-08T05:00:00.000Z', 'held');
  await dose(ids.alice, clonidine, 'clonidine', 0.1, '2026-03-08T06:30:00.000Z', 'refused');
  // 07:00 EDT is the next shift's first minute (in it), 19:00 EDT its end (not in it).
  const ondansetron = await order(ids.alice, {
    drug: 'ondansetron',
    dose_mg: 4,
    kind: 'scheduled',
    times_of_day: JSON.stringify(['07:00', '08:00', '19:00']),
    start_at: start,
  });
  // Every 6 h from 05:00Z: 11:00Z (the next shift's start) and 17:00Z; 23:00Z is its end.
  const loperamide = await order(ids.alice, {
    drug: 'loperamide',
    dose_mg: 2,
    dose_max_mg: 4,
    kind: 'scheduled',
    every_hours: 6,
    start_at: '2026-03-08T05:00:00.000Z',
  });
  const hydroxyzine = await order(ids.alice, {
    drug: 'hydroxyzine',
    dose_mg: 25,
    kind: 'prn',
    indication: 'anxiety',
    start_at: start,
  });
  await db
    .insertInto('order_discontinuation')
    .values({
      order_id: hydroxyzine,
      reason: 'Not needed',
      discontinued_by: physician.id,
      discontinued_at: '2026-03-08T04:00:00.000Z',
    })
    .execute();
  // Discontinued after the shift ended: still active in the report of that shift.
  const acetaminophen = await order(ids.alice, {
    drug: 'acetaminophen',
    dose_mg: 650,
    kind: 'prn',
    indication: 'pain',
    start_at: start,
  });
  await db
    .insertInto('order_discontinuation')
    .values({
      order_id: acetaminophen,
      reason: 'Pain settled',
      discontinued_by: physician.id,
      discontinued_at: '2026-03-08T12:00:00.000Z',
    })
    .execute();
  // Written after the shift ended: not in its report.
  const later = await order(ids.alice, {
    drug: 'trazodone',
    dose_mg: 50,
    kind: 'prn',
    indication: 'sleep',
    start_at: '2026-03-08T13:00:00.000Z',
  });
  const chenOrder = await order(ids.chen, {
    drug: 'ibuprofen',
    dose_mg: 400,
    kind: 'scheduled',
    every_hours: 8,
    start_at: start,
  });

  const verbal = { ordered_by: physician.id, entered_by: ids.nurseId, channel: 'verbal' as const, read_back: 1 };
  const verbalWaiting = await order(ids.bruno, {
    drug: 'clonidine',
    dose_mg: 0.1,
    kind: 'prn',
    indication: 'restlessness',
    start_at: '2026-03-08T03:00:00.000Z',
    ...verbal,
  });
  const verbalSignedLater = await order(ids.bruno, {
    drug: 'ondansetron',
    dose_mg: 4,
    kind: 'prn',
    indication: 'nausea',
    start_at: '2026-03-08T03:05:00.000Z',
    ...verbal,
    channel: 'telephone',
  });
  const verbalSigned = await order(ids.bruno, {
    drug: 'loperamide',
    dose_mg: 2,
    kind: 'prn',
    indication: 'loose stool',
    start_at: '2026-03-08T03:10:00.000Z',
    ...verbal,
  });
  await db
    .insertInto('order_countersignature')
    .values({ order_id: verbalSignedLater, signed_by: physician.id, signed_at: '2026-03-08T12:00:00.000Z' })
    .execute();
  await db
    .insertInto('order_countersignature')
    .values({ order_id: verbalSigned, signed_by: physician.id, signed_at: '2026-03-08T06:00:00.000Z' })
    .execute();
  return {
    clonidine,
    ondansetron,
    loperamide,
    hydroxyzine,
    acetaminophen,
    later,
    chenOrder,
    verbalWaiting,
    verbalSignedLater,
    verbalSigned,
  };
}

for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect))(`shift report orders on ${dialect}`, () => {
    let t: TestDatabase;
    let ids: FixtureIds;
    let orders: OrderIds;
    let report: ShiftReport;
    const bed = (n: string): PatientSection => {
      const p = report.patients.find((x) => x.bed === n);
      if (!p) throw new Error(`no bed ${n}`);
      return p;
    };

    beforeAll(async () => {
      t = await freshDatabase(dialect);
      await migrateToLatest(t.db);
      ids = await insertShiftFixture(t.db);
      orders = await insertOrders(t.db, ids);
      report = await buildShiftReport(
        t.db,
        { id: ids.nurseId, name: 'Nia Nurse, RN', role: 'nurse', address: '127.0.0.1' },
        { unitId: ids.unitId, shiftStart: FIXTURE_SHIFT_START },
        { now: FIXTURE_NOW },
      );
    });
    afterAll(async () => {
      await t?.close();
    });

    it('lists the orders active at the end of the shift, with their terms and the stricter limits', () => {
      const alice = bed('1');
      expect(alice.orders.active.map((o) => o.id)).toEqual([
        orders.clonidine,
        orders.ondansetron,
        orders.loperamide,
        orders.acetaminophen,
      ]);
      const clonidine = alice.orders.active[0];
      expect(clonidine).toMatchObject({
        title: 'Clonidine 0.1 mg PO PRN',
        dose: '0.1 mg',
        kind: 'prn',
        status: 'active',
        schedule: null,
        prnCriteria: 'when COWS ≥ 8; for sweating, restlessness',
        maxPer24hMg: 0.4,
        channel: 'written',
        orderedBy: 'Dr. Pat Physician',
        enteredBy: null,
        awaitingCountersign: false,
      });
      expect(clonidine?.limits).toContain('max 0.4 mg in 24 h');
      // The order's SBP 95 is stricter than the unit's clonidine hold; the unit's HR hold still applies.
      expect(clonidine?.limits.find((l) => l.startsWith('hold if'))).toMatch(/^hold if SBP < 95.*HR < \d+$/);
      expect(alice.orders.active[1]).toMatchObject({
        title: 'Ondansetron 4 mg PO scheduled',
        schedule: 'at 07:00, 08:00, 19:00',
      });
      expect(alice.orders.active[2]).toMatchObject({
        title: 'Loperamide 2–4 mg PO scheduled',
        dose: '2–4 mg',
        schedule: 'every 6 h',
      });
    });

    it('lists the doses due in the next shift, its first minute in, its end out', () => {
      expect(bed('1').orders.dueNext).toEqual([
        { orderId: orders.ondansetron, title: 'Ondansetron 4 mg PO scheduled', dueAt: '2026-03-08T11:00:00.000Z' },
        { orderId: orders.loperamide, title: 'Loperamide 2–4 mg PO scheduled', dueAt: '2026-03-08T11:00:00.000Z' },
        { orderId: orders.ondansetron, title: 'Ondansetron 4 mg PO scheduled', dueAt: '2026-03-08T12:00:00.000Z' },
        { orderId: orders.loperamide, title: 'Loperamide 2–4 mg PO scheduled', dueAt: '2026-03-08T17:00:00.000Z' },
      ]);
    });

    it('counts PRN use against each order in the shift, and its 24 h total against the maximum', () => {
      const use = bed('1').orders.prnUse;
      expect(use.find((u) => u.orderId === orders.clonidine)).toEqual({
        orderId: orders.clonidine,
        title: 'Clonidine 0.1 mg PO PRN',
        given: 1,
        held: 1,
        refused: 1,
        givenMgInShift: 0.1,
        givenMg24h: 0.2,
        maxPer24hMg: 0.4,
        percentOfMax: 50,
      });
      // Unused PRNs (acetaminophen) and one discontinued during the shift with no dose in it (hydroxyzine) are left out.
      expect(use.map((u) => u.orderId)).toEqual([orders.clonidine]);
    });

    it('lists the verbal and telephone orders not countersigned by the end of the shift, for the unit', () => {
      expect(bed('2').orders.awaitingCountersign.map((o) => o.id)).toEqual([
        orders.verbalWaiting,
        orders.verbalSignedLater,
      ]);
      expect(report.ordersAwaitingCountersign.map((o) => [o.bed, o.patientName, o.id, o.channel, o.enteredBy])).toEqual(
        [
          ['2', 'Bruno Costa', orders.verbalWaiting, 'verbal', 'Nia Nurse, RN'],
          ['2', 'Bruno Costa', orders.verbalSignedLater, 'telephone', 'Nia Nurse, RN'],
        ],
      );
      expect(bed('2').orders.active.find((o) => o.id === orders.verbalSigned)?.countersigned).toEqual({
        by: 'Dr. Pat Physician',
        at: '2026-03-08T06:00:00.000Z',
      });
    });

    it('hands over no active order or due dose for a patient discharged during the shift', () => {
      expect(bed('3').orders.active).toEqual([]);
      expect(bed('3').orders.dueNext).toEqual([]);
    });

    it('writes the orders as CSV event rows beside the existing ones', () => {
      const csv = shiftReportCsv(report);
      const lines = csv.split('\n');
      expect(lines.filter((l) => l.includes(',order,') && l.includes('Alice Baker'))).toHaveLength(4);
      expect(lines.filter((l) => l.includes(',dose-due-next-shift,'))).toHaveLength(4);
      const prn = lines.find((l) => l.includes(',prn-use,') && l.includes('Clonidine'));
      expect(prn).toContain('"1 given, 1 held, 1 refused"');
      expect(prn).toContain('0.2 of 0.4 mg in 24 h (50 %)');
      expect(lines.filter((l) => l.includes(',order-awaiting-countersignature,'))).toHaveLength(2);
    });

    it('prints the active orders on the downtime snapshot with the doses due in the next 24 h', async () => {
      const snapshot = await downtimeSnapshot(
        t.db,
        { id: ids.nurseId, name: 'Nia Nurse, RN', role: 'nurse', address: '127.0.0.1' },
        ids.unitId,
        new Date('2026-03-08T10:30:00.000Z'),
      );
      const alice = snapshot.patients.find((p) => p.section.bed === '1');
      expect(alice?.orders.active.map((o) => o.id)).toEqual([
        orders.clonidine,
        orders.ondansetron,
        orders.loperamide,
        orders.acetaminophen,
      ]);
      // 10:30Z to 10:30Z next day: ondansetron 07:00, 08:00, 19:00 EDT; loperamide 11:00Z, 17:00Z, 23:00Z, 05:00Z.
      expect(alice?.orders.dueNext.map((d) => [d.orderId, d.dueAt])).toEqual([
        [orders.ondansetron, '2026-03-08T11:00:00.000Z'],
        [orders.loperamide, '2026-03-08T11:00:00.000Z'],
        [orders.ondansetron, '2026-03-08T12:00:00.000Z'],
        [orders.loperamide, '2026-03-08T17:00:00.000Z'],
        [orders.ondansetron, '2026-03-08T23:00:00.000Z'],
        [orders.loperamide, '2026-03-08T23:00:00.000Z'],
        [orders.loperamide, '2026-03-09T05:00:00.000Z'],
      ]);
    });
  });
}
