import type { DrugId, Severity } from '@detox/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../src/db/database.js';

/**
 * A known set of records around the night shift 2026-03-07 19:00 EST to 2026-03-08 07:00 EDT on a
 * New York unit (the 11-hour night when clocks spring forward), inserted directly with fixed times,
 * for shift-report.int.test.ts. Times are UTC; local times are given beside them.
 */
export const FIXTURE_SHIFT_START = '2026-03-07T19:00:00-05:00';
export const FIXTURE_SHIFT_END = '2026-03-08T07:00:00-04:00';
/** 10:00 EDT: the shift is over and the next one has started. */
export const FIXTURE_NOW = new Date('2026-03-08T14:00:00.000Z');

export interface FixtureIds {
  unitId: number;
  otherUnitId: number;
  nurseId: number;
  alice: number;
  bruno: number;
  chen: number;
  assessments: Record<'a0' | 'a1' | 'a2' | 'a3' | 'a4' | 'a5' | 'a6' | 'b1' | 'c0' | 'c1', number>;
  administrations: Record<'m1' | 'm2' | 'm3' | 'm4' | 'm5' | 'm6' | 'b1', number>;
  openAlertId: number;
  acknowledgedAlertId: number;
}

const RECORDED = '2026-03-08T12:00:00.000Z';

type Vitals = Partial<
  Record<'heart_rate' | 'systolic' | 'diastolic' | 'temperature_c' | 'respiratory_rate' | 'spo2', number>
>;

export async function insertShiftFixture(db: Kysely<Database>): Promise<FixtureIds> {
  const unit = await db
    .insertInto('unit')
    .values({
      name: 'Test Ward',
      time_zone: 'America/New_York',
      shift_starts: '["07:00","19:00"]',
      assessment_interval_minutes: 240,
      prn_reassess_minutes: 60,
      created_at: RECORDED,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const other = await db
    .insertInto('unit')
    .values({
      name: 'Other Ward',
      time_zone: 'America/New_York',
      shift_starts: '["07:00","19:00"]',
      assessment_interval_minutes: 240,
      prn_reassess_minutes: 60,
      created_at: RECORDED,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('bed')
    .values([1, 2, 3, 4].map((n) => ({ unit_id: unit.id, label: String(n), sort_order: n })))
    .execute();
  const nurse = await db
    .insertInto('app_user')
    .values({
      username: 'nia',
      name: 'Nia Nurse, RN',
      role: 'nurse',
      password_hash: 'x',
      active: 1,
      created_at: RECORDED,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  const admit = async (
    unitId: number,
    bed: string,
    mrn: string,
    name: string,
    a: { admitted: string; discharged?: string; lastUse: string; kind: 'short' | 'long'; substance: string },
  ) => {
    const patient = await db
      .insertInto('patient')
      .values({ mrn, name, birth_date: '1980-01-02', created_at: RECORDED })
      .returning('id')
      .executeTakeFirstOrThrow();
    const row = await db
      .insertInto('admission')
      .values({
        unit_id: unitId,
        bed,
        patient_id: patient.id,
        substance: a.substance,
        opioid_kind: a.kind,
        last_use_at: a.lastUse,
        admitted_at: a.admitted,
        discharged_at: a.discharged ?? null,
        recorded_by: nurse.id,
        recorded_at: RECORDED,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  };
  const score = async (
    admissionId: number,
    takenAt: string,
    total: number,
    severity: Severity,
    vitals: Vitals = {},
    extra: { note?: string; supersedes?: number } = {},
  ) => {
    const row = await db
      .insertInto('assessment')
      .values({
        admission_id: admissionId,
        instrument: 'COWS',
        taken_at: takenAt,
        items: '{}',
        total,
        severity,
        heart_rate: vitals.heart_rate ?? null,
        systolic: vitals.systolic ?? null,
        diastolic: vitals.diastolic ?? null,
        temperature_c: vitals.temperature_c ?? null,
        respiratory_rate: vitals.respiratory_rate ?? null,
        spo2: vitals.spo2 ?? null,
        note: extra.note ?? null,
        supersedes_id: extra.supersedes ?? null,
        recorded_by: nurse.id,
        recorded_at: RECORDED,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  };
  const dose = async (
    admissionId: number,
    givenAt: string,
    drug: DrugId,
    doseMg: number,
    m: {
      status?: 'given' | 'held' | 'refused';
      prn?: boolean;
      indication?: string;
      holdReason?: string;
      assessmentId?: number;
    },
  ) => {
    const row = await db
      .insertInto('medication_administration')
      .values({
        admission_id: admissionId,
        drug,
        dose_mg: doseMg,
        route: 'PO',
        given_at: givenAt,
        status: m.status ?? 'given',
        prn: m.prn ? 1 : 0,
        indication: m.indication ?? null,
        hold_reason: m.holdReason ?? null,
        assessment_id: m.assessmentId ?? null,
        override_reason: null,
        warnings: '[]',
        supersedes_id: null,
        recorded_by: nurse.id,
        recorded_at: RECORDED,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  };
  const correct = (
    recordType: 'assessment' | 'administration',
    recordId: number,
    replacementId: number | null,
    reason: string,
  ) =>
    db
      .insertInto('record_correction')
      .values({
        record_type: recordType,
        record_id: recordId,
        action: replacementId === null ? 'entered-in-error' : 'replaced',
        replacement_id: replacementId,
        reason,
        corrected_by: nurse.id,
        corrected_at: RECORDED,
      })
      .execute();

  // Bed 1, Alice Baker: in the bed all shift.
  const alice = await admit(unit.id, '1', 'T-001', 'Alice Baker', {
    admitted: '2026-03-06T14:00:00.000Z',
    lastUse: '2026-03-06T08:00:00.000Z',
    kind: 'short',
    substance: 'Heroin (IV)',
  });
  const a0 = await score(alice, '2026-03-07T22:00:00.000Z', 10, 'mild'); // 17:00 EST, the baseline
  const a1 = await score(alice, '2026-03-08T01:00:00.000Z', 14, 'moderate', {
    heart_rate: 104,
    systolic: 150,
    diastolic: 95,
    temperature_c: 37.2,
    respiratory_rate: 18,
    spo2: 97,
  }); // 20:00
  const a2 = await score(alice, '2026-03-08T03:00:00.000Z', 18, 'moderate', { spo2: 89 }); // 22:00
  const a3 = await score(alice, '2026-03-08T04:15:00.000Z', 12, 'mild'); // 23:15
  const a4 = await score(alice, '2026-03-08T06:00:00.000Z', 20, 'moderate'); // 01:00, entered in error
  const a5 = await score(alice, '2026-03-08T08:30:00.000Z', 16, 'moderate'); // 04:30 EDT, replaced by a6
  const a6 = await score(
    alice,
    '2026-03-08T08:30:00.000Z',
    15,
    'moderate',
    { heart_rate: 88, systolic: 92, diastolic: 58, temperature_c: 38.1, respiratory_rate: 18, spo2: 95 },
    {
      note: '=HYPERLINK("http://example.invalid","click")',
      supersedes: a5,
    },
  );
  await correct('assessment', a4, null, 'Charted on the wrong patient');
  await correct('assessment', a5, a6, 'Pupils scored 2, should be 1');
  const m4 = await dose(alice, '2026-03-07T12:00:00.000Z', 'loperamide', 4, { prn: true, indication: 'Loose stool' }); // 07:00 EST, in the 24 h total only
  const m5 = await dose(alice, '2026-03-07T20:00:00.000Z', 'loperamide', 4, { prn: true, indication: 'Loose stool' }); // 15:00 EST
  const m6 = await dose(alice, '2026-03-08T02:00:00.000Z', 'ondansetron', 4, { prn: true, indication: 'Nausea' }); // 21:00, entered in error
  const m1 = await dose(alice, '2026-03-08T03:10:00.000Z', 'clonidine', 0.1, {
    prn: true,
    indication: 'Sweating, restlessness',
    assessmentId: a2,
  }); // 22:10
  const m2 = await dose(alice, '2026-03-08T05:00:00.000Z', 'clonidine', 0.1, {
    status: 'held',
    prn: true,
    holdReason: 'SBP 88 before the dose',
  }); // 00:00
  const m3 = await dose(alice, '2026-03-08T09:00:00.000Z', 'loperamide', 4, {
    prn: true,
    indication: '-loose stool x2',
  }); // 05:00 EDT
  await correct('administration', m6, null, 'Charted on the wrong patient');
  const openAlert = await db
    .insertInto('alert')
    .values({
      admission_id: alice,
      code: 'rapid-rise',
      severity: 'warning',
      message: 'Rapid rise in COWS',
      assessment_id: a2,
      raised_at: '2026-03-08T04:00:00.000Z',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const closed = await db
    .insertInto('alert')
    .values({
      admission_id: alice,
      code: 'old',
      severity: 'danger',
      message: 'Acknowledged alert',
      assessment_id: null,
      raised_at: '2026-03-08T01:00:00.000Z',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('alert_acknowledgement')
    .values({ alert_id: closed.id, note: null, acknowledged_by: nurse.id, acknowledged_at: '2026-03-08T05:00:00.000Z' })
    .execute();

  // Bed 2, Bruno Costa: admitted during the shift, methadone taper.
  const bruno = await admit(unit.id, '2', 'T-002', 'Bruno Costa', {
    admitted: '2026-03-08T02:30:00.000Z',
    lastUse: '2026-03-07T10:00:00.000Z',
    kind: 'long',
    substance: 'Methadone (maintenance, stopped)',
  });
  const b1 = await score(bruno, '2026-03-08T02:45:00.000Z', 26, 'moderately-severe', { heart_rate: 125 }); // 21:45
  const mb1 = await dose(bruno, '2026-03-08T03:00:00.000Z', 'methadone', 10, { indication: 'Taper day 1' }); // 22:00, day 1
  await db
    .insertInto('taper_plan')
    .values({
      admission_id: bruno,
      drug: 'methadone',
      days: JSON.stringify([
        { day: 1, totalMg: 20 },
        { day: 2, totalMg: 15 },
      ]),
      recorded_by: nurse.id,
      recorded_at: RECORDED,
    })
    .execute();

  // Bed 3, Chen Li: discharged during the shift.
  const chen = await admit(unit.id, '3', 'T-003', 'Chen Li', {
    admitted: '2026-03-05T12:00:00.000Z',
    discharged: '2026-03-08T05:00:00.000Z',
    lastUse: '2026-03-04T12:00:00.000Z',
    kind: 'short',
    substance: 'Oxycodone IR (oral)',
  });
  const c0 = await score(chen, '2026-03-07T23:00:00.000Z', 4, 'none');
  const c1 = await score(chen, '2026-03-08T01:30:00.000Z', 3, 'none');

  // Not in the report: discharged before the shift, admitted after it, and on another unit.
  await admit(unit.id, '4', 'T-004', 'Dana Before', {
    admitted: '2026-03-06T12:00:00.000Z',
    discharged: '2026-03-07T23:59:59.999Z',
    lastUse: '2026-03-06T00:00:00.000Z',
    kind: 'short',
    substance: 'Heroin',
  });
  await admit(unit.id, '4', 'T-005', 'Evan After', {
    admitted: '2026-03-08T11:00:00.000Z',
    lastUse: '2026-03-08T00:00:00.000Z',
    kind: 'short',
    substance: 'Heroin',
  });
  await admit(other.id, '1', 'T-006', 'Olga Other', {
    admitted: '2026-03-07T12:00:00.000Z',
    lastUse: '2026-03-07T00:00:00.000Z',
    kind: 'short',
    substance: 'Heroin',
  });

  return {
    unitId: unit.id,
    otherUnitId: other.id,
    nurseId: nurse.id,
    alice,
    bruno,
    chen,
    assessments: { a0, a1, a2, a3, a4, a5, a6, b1, c0, c1 },
    administrations: { m1, m2, m3, m4, m5, m6, b1: mb1 },
    openAlertId: openAlert.id,
    acknowledgedAlertId: closed.id,
  };
}
