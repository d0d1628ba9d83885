import {
  admitInput,
  dischargeInput,
  correctAdministrationInput,
  correctAssessmentInput,
  recordAdministrationInput,
  recordAssessmentInput,
} from '@detox/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { migrateToLatest } from '../db/migrate.js';
import { seedDemoIfEmpty } from '../db/seed/demo.js';
import {
  DIALECTS,
  type TestDatabase,
  actorFor,
  countRows,
  dialectAvailable,
  demoDatabase,
  minutesAgo,
  refusalOf,
  rowCounts,
} from '../../test-support/databases.js';
import { standingOrder } from '../../test-support/orders.js';
import type { Actor } from './actor.js';
import { correctAdministration, listAdministrations, recordAdministration } from './administrations.js';
import { admit, discharge } from './admissions.js';
import { correctAssessment, listAssessments, recordAssessment } from './assessments.js';

// Values for each COWS item and the total they make: 1+2+1+1+2+1+2+1+2+2+3 = 18, moderate (13-24).
const COWS_18 = {
  pulse: 1,
  sweating: 2,
  restlessness: 1,
  pupils: 1,
  boneJointAches: 2,
  runnyNoseTearing: 1,
  giUpset: 2,
  tremor: 1,
  yawning: 2,
  anxietyIrritability: 2,
  gooseflesh: 3,
};
// Pulse 2 (101-120 bpm) instead of 1: 19, still moderate.
const COWS_19 = { ...COWS_18, pulse: 2 };
// 0+0+0+0+0+0+0+0+1+1+3 = 5: mild (5-12).
const COWS_5 = {
  ...Object.fromEntries(Object.keys(COWS_18).map((k) => [k, 0])),
  yawning: 1,
  anxietyIrritability: 1,
  gooseflesh: 3,
};

const TABLES = [
  'unit',
  'bed',
  'app_user',
  'session',
  'login_attempt',
  'patient',
  'admission',
  'assessment',
  'medication_administration',
  'record_correction',
  'audit_event',
];

for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect))(`charting services on ${dialect}`, () => {
    let t: TestDatabase;
    let nurse: Actor;
    let physician: Actor;
    let northId: number;
    /** What the seed left, read before any test admitted a patient. */
    let seeded: { openBeds: string[]; patients: number };

    beforeAll(async () => {
      t = await demoDatabase(dialect);
      const north = await t.db
        .selectFrom('unit')
        .select('id')
        .where('name', '=', 'Detox North')
        .executeTakeFirstOrThrow();
      northId = north.id;
      const open = await t.db
        .selectFrom('admission')
        .select('bed')
        .where('discharged_at', 'is', null)
        .where('unit_id', '=', north.id)
        .execute();
      seeded = {
        openBeds: open.map((a) => a.bed).sort((a, b) => Number(a) - Number(b)),
        patients: await countRows(t.db, 'patient'),
      };
      nurse = await actorFor(t.db, 'nurse');
      physician = await actorFor(t.db, 'physician');
    });
    afterAll(async () => {
      await t?.close();
    });

    let patients = 0;
    /**
     * Each test charts on a patient of its own, admitted to a free bed with a standing order per drug
     * charted here (test-support/orders.ts), so the safety rules see only that test's doses and the
     * test passes alone or in any order. The patient is discharged when the test ends: the bed is free
     * for the next one.
     */
    async function ownPatient() {
      patients += 1;
      const occupied = (
        await t.db
          .selectFrom('admission')
          .select('bed')
          .where('unit_id', '=', northId)
          .where('discharged_at', 'is', null)
          .execute()
      ).map((a) => a.bed);
      const free = await t.db
        .selectFrom('bed')
        .select('label')
        .where('unit_id', '=', northId)
        .where('label', 'not in', occupied)
        .orderBy('sort_order')
        .executeTakeFirstOrThrow();
      const { admissionId } = await admit(
        t.db,
        nurse,
        admitInput.parse({
          unitId: northId,
          bed: free.label,
          patient: { mrn: `INT-CHART-${patients}`, name: 'Charting Test Patient', birthDate: '1988-02-29' },
          substance: 'Heroin (IV)',
          opioidKind: 'short',
          lastUseAt: minutesAgo(10 * 60),
          admittedAt: minutesAgo(60),
        }),
      );
      onTestFinished(async () => {
        await discharge(t.db, nurse, dischargeInput.parse({ admissionId, dischargedAt: new Date().toISOString() }));
      });
      const orders = {
        ondansetron: await standingOrder(t.db, admissionId, 'ondansetron'),
        clonidine: await standingOrder(t.db, admissionId, 'clonidine'),
        ibuprofen: await standingOrder(t.db, admissionId, 'ibuprofen'),
      };
      return { admissionId, orders };
    }

    const VITALS_18 = {
      heartRate: 92,
      systolic: 128,
      diastolic: 82,
      temperatureC: 37.4,
      respiratoryRate: 18,
      spo2: 97,
    };

    /** A COWS of 18 with its vitals and a note, five minutes ago. */
    const chartCows18 = (admissionId: number, takenAt = minutesAgo(5)) =>
      recordAssessment(
        t.db,
        nurse,
        recordAssessmentInput.parse({
          admissionId,
          instrument: 'COWS',
          takenAt,
          items: COWS_18,
          vitals: VITALS_18,
          note: 'Restless, asking for medication',
        }),
      );

    /** That score corrected by the physician: the pulse recounted (COWS 19). */
    const correctToCows19 = (assessmentId: number) =>
      correctAssessment(
        t.db,
        physician,
        correctAssessmentInput.parse({
          assessmentId,
          reason: 'Pulse recounted: 104 bpm',
          replacement: { instrument: 'COWS', takenAt: minutesAgo(5), items: COWS_19, vitals: { heartRate: 104 } },
        }),
      );

    /** Ondansetron 4 mg PO for nausea four minutes ago, against the patient's standing order. */
    const giveOndansetron = (
      p: Awaited<ReturnType<typeof ownPatient>>,
      assessmentId: number | undefined,
      givenAt = minutesAgo(4),
    ) =>
      recordAdministration(
        t.db,
        nurse,
        recordAdministrationInput.parse({
          admissionId: p.admissionId,
          orderId: p.orders.ondansetron,
          drug: 'ondansetron',
          doseMg: 4,
          route: 'PO',
          givenAt,
          status: 'given',
          indication: 'Nausea',
          assessmentId,
        }),
      );

    async function auditRowsFor(entity: string, entityId: number) {
      return t.db
        .selectFrom('audit_event')
        .select(['action', 'entity', 'entity_id', 'user_id', 'user_role', 'outcome', 'address'])
        .where('entity', '=', entity)
        .where('entity_id', '=', entityId)
        .orderBy('id')
        .execute();
    }

    it('migrates to the latest schema, and migrating again changes nothing', async () => {
      const tables = (await t.db.introspection.getTables()).map((x) => x.name);
      for (const table of TABLES) expect(tables).toContain(table);
      const migrations = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(t.db);
      expect(migrations.rows.map((r) => r.name)).toContain('2026-11-22-0001-initial');
      const before = migrations.rows.length;
      await migrateToLatest(t.db);
      const again = await sql<{ name: string }>`select name from kysely_migration`.execute(t.db);
      expect(again.rows).toHaveLength(before);
    });

    it('seeds the demo units once: North with 12 beds and 8 open admissions, South with 6 beds and 3, 4 users, each seeded record audited', async () => {
      const units = await t.db.selectFrom('unit').selectAll().orderBy('id').execute();
      expect(units.map((u) => u.name)).toEqual(['Detox North', 'Detox South']);
      expect(units[0]).toMatchObject({ time_zone: 'America/New_York', shift_starts: '["07:00","19:00"]' });
      const bedsOf = (unitId: number) =>
        t.db.selectFrom('bed').select('label').where('unit_id', '=', unitId).orderBy('sort_order').execute();
      expect(await bedsOf(units[0]?.id ?? 0)).toEqual(Array.from({ length: 12 }, (_, i) => ({ label: String(i + 1) })));
      expect(await bedsOf(units[1]?.id ?? 0)).toEqual(Array.from({ length: 6 }, (_, i) => ({ label: `S${i + 1}` })));
      const users = await t.db
        .selectFrom('app_user')
        .select(['username', 'role', 'name'])
        .orderBy('username')
        .execute();
      expect(users).toEqual([
        { username: 'admin', role: 'admin', name: 'Unit Admin' },
        { username: 'nurse', role: 'nurse', name: 'Ana Reyes, RN' },
        { username: 'nurse-south', role: 'nurse', name: 'Kofi Mensah, RN' },
        { username: 'physician', role: 'physician', name: 'Dr. Ben Carter' },
      ]);
      expect(seeded).toEqual({ openBeds: ['1', '2', '3', '5', '6', '7', '9', '10'], patients: 11 });

      // Every seeded score is the sum of its items, and every seeded record has its audit row.
      const assessments = await t.db.selectFrom('assessment').select(['id', 'items', 'total']).execute();
      expect(assessments.length).toBeGreaterThan(8);
      for (const a of assessments) {
        const items = JSON.parse(a.items) as Record<string, number>;
        expect(Object.values(items).reduce((s, v) => s + v, 0)).toBe(a.total);
      }
      const audited = await t.db
        .selectFrom('audit_event')
        .select('entity_id')
        .where('entity', '=', 'assessment')
        .where('action', '=', 'create')
        .execute();
      expect(new Set(audited.map((r) => r.entity_id))).toEqual(new Set(assessments.map((a) => a.id)));

      const counts = await rowCounts(t.db);
      expect(await seedDemoIfEmpty(t.db)).toBeNull();
      expect(await rowCounts(t.db)).toEqual(counts);
    });

    it('records an assessment: the service computes total and severity, stores every field, and audits the write', async () => {
      const { admissionId } = await ownPatient();
      const before = await rowCounts(t.db);
      const takenAt = minutesAgo(5);
      const saved = await chartCows18(admissionId, takenAt);
      expect(saved).toMatchObject({ total: 18, severity: 'moderate', admissionId });

      const row = await t.db.selectFrom('assessment').selectAll().where('id', '=', saved.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        admission_id: admissionId,
        instrument: 'COWS',
        taken_at: takenAt,
        total: 18,
        severity: 'moderate',
        heart_rate: 92,
        systolic: 128,
        diastolic: 82,
        temperature_c: 37.4,
        respiratory_rate: 18,
        spo2: 97,
        note: 'Restless, asking for medication',
        supersedes_id: null,
        recorded_by: nurse.id,
      });
      expect(JSON.parse(row.items)).toEqual(COWS_18);

      expect(await auditRowsFor('assessment', saved.id)).toEqual([
        {
          action: 'create',
          entity: 'assessment',
          entity_id: saved.id,
          user_id: nurse.id,
          user_role: 'nurse',
          outcome: 'success',
          address: '127.0.0.1',
        },
      ]);
      expect(await rowCounts(t.db)).toEqual({
        ...before,
        assessment: before.assessment + 1,
        audit_event: before.audit_event + 1,
      });
    });

    it('lists the assessments of an admission newest first, each with its status, and audits the read', async () => {
      const { admissionId } = await ownPatient();
      await recordAssessment(
        t.db,
        nurse,
        recordAssessmentInput.parse({ admissionId, instrument: 'COWS', takenAt: minutesAgo(30), items: COWS_5 }),
      );
      const recordedId = (await chartCows18(admissionId)).id;
      const readsBefore = await t.db
        .selectFrom('audit_event')
        .select('id')
        .where('action', '=', 'read')
        .where('entity', '=', 'assessment-list')
        .execute();
      const list = await listAssessments(t.db, physician, admissionId);
      const seeded = await countRows(t.db, 'assessment');
      expect(list.length).toBe(
        Number(
          (
            await t.db
              .selectFrom('assessment')
              .select((eb) => eb.fn.countAll().as('n'))
              .where('admission_id', '=', admissionId)
              .executeTakeFirstOrThrow()
          ).n,
        ),
      );
      expect(list.length).toBeLessThan(seeded);
      expect(list).toHaveLength(2);
      expect(list[0]).toMatchObject({
        id: recordedId,
        admissionId,
        instrument: 'COWS',
        items: COWS_18,
        total: 18,
        severity: 'moderate',
        severityLabel: 'Moderate',
        vitals: { heartRate: 92, systolic: 128, diastolic: 82, temperatureC: 37.4, respiratoryRate: 18, spo2: 97 },
        note: 'Restless, asking for medication',
        status: 'active',
        supersedesId: null,
        correction: null,
        recordedBy: { id: nurse.id, name: 'Ana Reyes, RN' },
      });
      const takenAts = list.map((a) => a.takenAt);
      expect([...takenAts].sort().reverse()).toEqual(takenAts);
      expect(list.every((a) => a.admissionId === admissionId)).toBe(true);
      const readsAfter = await t.db
        .selectFrom('audit_event')
        .selectAll()
        .where('action', '=', 'read')
        .where('entity', '=', 'assessment-list')
        .execute();
      expect(readsAfter.length).toBe(readsBefore.length + 1);
      expect(readsAfter.at(-1)).toMatchObject({
        entity_id: admissionId,
        user_id: physician.id,
        user_role: 'physician',
      });
    });

    it('corrects an assessment with a replacement: the old row is superseded with reason, who and when, and kept unchanged', async () => {
      const { admissionId } = await ownPatient();
      const recordedId = (await chartCows18(admissionId)).id;
      const before = await rowCounts(t.db);
      const startedAt = new Date().toISOString();
      const result = await correctToCows19(recordedId);
      const finishedAt = new Date().toISOString();
      expect(result).toMatchObject({ correctedId: recordedId, status: 'superseded', admissionId });
      expect(result.id).not.toBe(recordedId);
      const replacementId = result.id;

      const list = await listAssessments(t.db, nurse, admissionId);
      const old = list.find((a) => a.id === recordedId);
      const replacement = list.find((a) => a.id === replacementId);
      expect(old).toMatchObject({
        status: 'superseded',
        total: 18,
        items: COWS_18,
        correction: {
          action: 'replaced',
          reason: 'Pulse recounted: 104 bpm',
          replacementId,
          correctedBy: { id: physician.id, name: 'Dr. Ben Carter' },
        },
      });
      const correctedAt = old?.correction?.correctedAt ?? '';
      expect(correctedAt >= startedAt && correctedAt <= finishedAt, `corrected at ${correctedAt}`).toBe(true);
      expect(replacement).toMatchObject({
        status: 'active',
        total: 19,
        severity: 'moderate',
        supersedesId: recordedId,
        correction: null,
        vitals: {
          heartRate: 104,
          systolic: null,
          diastolic: null,
          temperatureC: null,
          respiratoryRate: null,
          spo2: null,
        },
        recordedBy: { id: physician.id, name: 'Dr. Ben Carter' },
      });

      // The original row is never changed in place.
      const oldRow = await t.db
        .selectFrom('assessment')
        .select(['total', 'items', 'heart_rate', 'supersedes_id'])
        .where('id', '=', recordedId)
        .executeTakeFirstOrThrow();
      expect(oldRow).toEqual({ total: 18, items: JSON.stringify(COWS_18), heart_rate: 92, supersedes_id: null });

      expect(await auditRowsFor('assessment', recordedId)).toEqual([
        {
          action: 'create',
          entity: 'assessment',
          entity_id: recordedId,
          user_id: nurse.id,
          user_role: 'nurse',
          outcome: 'success',
          address: '127.0.0.1',
        },
        {
          action: 'correct',
          entity: 'assessment',
          entity_id: recordedId,
          user_id: physician.id,
          user_role: 'physician',
          outcome: 'success',
          address: '127.0.0.1',
        },
      ]);
      expect(await auditRowsFor('assessment', replacementId)).toEqual([
        {
          action: 'create',
          entity: 'assessment',
          entity_id: replacementId,
          user_id: physician.id,
          user_role: 'physician',
          outcome: 'success',
          address: '127.0.0.1',
        },
      ]);
      // Two writes (replacement, correction) and three audit rows: correct, create, and the list read above.
      expect(await rowCounts(t.db)).toEqual({
        ...before,
        assessment: before.assessment + 1,
        record_correction: before.record_correction + 1,
        audit_event: before.audit_event + 3,
      });
    });

    it('refuses to correct a superseded assessment again (CONFLICT, naming the replacement) and writes nothing', async () => {
      const { admissionId } = await ownPatient();
      const recordedId = (await chartCows18(admissionId)).id;
      const replacementId = (await correctToCows19(recordedId)).id;
      const before = await rowCounts(t.db);
      const withReplacement = await refusalOf(
        correctAssessment(
          t.db,
          nurse,
          correctAssessmentInput.parse({
            assessmentId: recordedId,
            reason: 'Second try',
            replacement: { instrument: 'COWS', takenAt: minutesAgo(5), items: COWS_5 },
          }),
        ),
      );
      expect(withReplacement.code).toBe('CONFLICT');
      expect(withReplacement.message).toMatch(
        new RegExp(
          `^Assessment ${recordedId} was already corrected by assessment ${replacementId} at .+; correct that one instead$`,
        ),
      );
      const withoutReplacement = await refusalOf(
        correctAssessment(
          t.db,
          nurse,
          correctAssessmentInput.parse({ assessmentId: recordedId, reason: 'Second try' }),
        ),
      );
      expect(withoutReplacement.code).toBe('CONFLICT');
      expect(await rowCounts(t.db)).toEqual(before);
    });

    it('marks an assessment entered in error when no replacement is given, and refuses a second correction', async () => {
      const { admissionId } = await ownPatient();
      const saved = await recordAssessment(
        t.db,
        nurse,
        recordAssessmentInput.parse({ admissionId, instrument: 'COWS', takenAt: minutesAgo(3), items: COWS_5 }),
      );
      expect(saved).toMatchObject({ total: 5, severity: 'mild' });
      const before = await rowCounts(t.db);
      const result = await correctAssessment(
        t.db,
        nurse,
        correctAssessmentInput.parse({ assessmentId: saved.id, reason: 'Charted on the wrong patient' }),
      );
      expect(result).toMatchObject({ id: saved.id, correctedId: saved.id, status: 'entered-in-error' });
      expect(await rowCounts(t.db)).toEqual({
        ...before,
        record_correction: before.record_correction + 1,
        audit_event: before.audit_event + 1,
      });
      const correction = await t.db
        .selectFrom('record_correction')
        .selectAll()
        .where('record_type', '=', 'assessment')
        .where('record_id', '=', saved.id)
        .executeTakeFirstOrThrow();
      expect(correction).toMatchObject({
        action: 'entered-in-error',
        replacement_id: null,
        reason: 'Charted on the wrong patient',
        corrected_by: nurse.id,
      });

      const listed = (await listAssessments(t.db, nurse, admissionId)).find((a) => a.id === saved.id);
      expect(listed).toMatchObject({
        status: 'entered-in-error',
        total: 5,
        correction: { action: 'entered-in-error', replacementId: null, reason: 'Charted on the wrong patient' },
      });

      const counts = await rowCounts(t.db);
      const again = await refusalOf(
        correctAssessment(t.db, physician, correctAssessmentInput.parse({ assessmentId: saved.id, reason: 'Again' })),
      );
      expect(again.code).toBe('CONFLICT');
      expect(again.message).toMatch(new RegExp(`^Assessment ${saved.id} was already marked entered in error at `));
      expect(await rowCounts(t.db)).toEqual(counts);
    });

    it('refuses to correct or list what does not exist (NOT_FOUND) and writes nothing', async () => {
      const before = await rowCounts(t.db);
      const missing = await refusalOf(
        correctAssessment(t.db, nurse, correctAssessmentInput.parse({ assessmentId: 987654, reason: 'No such row' })),
      );
      expect({ code: missing.code, message: missing.message }).toEqual({
        code: 'NOT_FOUND',
        message: 'Assessment 987654 does not exist',
      });
      const noAdmission = await refusalOf(
        recordAssessment(
          t.db,
          nurse,
          recordAssessmentInput.parse({
            admissionId: 987654,
            instrument: 'COWS',
            takenAt: minutesAgo(1),
            items: COWS_5,
          }),
        ),
      );
      expect({ code: noAdmission.code, message: noAdmission.message }).toEqual({
        code: 'NOT_FOUND',
        message: 'Admission 987654 does not exist',
      });
      expect((await refusalOf(listAssessments(t.db, nurse, 987654))).code).toBe('NOT_FOUND');
      expect((await refusalOf(listAdministrations(t.db, nurse, 987654))).code).toBe('NOT_FOUND');
      expect(await rowCounts(t.db)).toEqual(before);
    });

    it('records a medication administration with its exact dose, status and audit row', async () => {
      const patient = await ownPatient();
      const { admissionId } = patient;
      const scoreId = (await chartCows18(admissionId)).id;
      const before = await rowCounts(t.db);
      const givenAt = minutesAgo(4);
      const saved = await giveOndansetron(patient, scoreId, givenAt);
      expect(saved).toMatchObject({ warnings: [], admissionId });
      const row = await t.db
        .selectFrom('medication_administration')
        .selectAll()
        .where('id', '=', saved.id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        admission_id: admissionId,
        drug: 'ondansetron',
        dose_mg: 4,
        route: 'PO',
        given_at: givenAt,
        status: 'given',
        prn: 1,
        indication: 'Nausea',
        hold_reason: null,
        assessment_id: scoreId,
        override_reason: null,
        supersedes_id: null,
        recorded_by: nurse.id,
      });
      expect(await auditRowsFor('administration', saved.id)).toEqual([
        {
          action: 'create',
          entity: 'administration',
          entity_id: saved.id,
          user_id: nurse.id,
          user_role: 'nurse',
          outcome: 'success',
          address: '127.0.0.1',
        },
      ]);
      expect(await rowCounts(t.db)).toEqual({
        ...before,
        medication_administration: before.medication_administration + 1,
        audit_event: before.audit_event + 1,
      });
    });

    it('records a held dose with its reason, and lists doses newest first', async () => {
      const patient = await ownPatient();
      const { admissionId } = patient;
      const scoreId = (await chartCows18(admissionId)).id;
      const doseId = (await giveOndansetron(patient, scoreId)).id;
      const held = await recordAdministration(
        t.db,
        nurse,
        recordAdministrationInput.parse({
          admissionId,
          orderId: patient.orders.clonidine,
          drug: 'clonidine',
          doseMg: 0.1,
          route: 'PO',
          givenAt: minutesAgo(2),
          status: 'held',
          holdReason: 'BP 86/54, below hold parameter',
        }),
      );
      const list = await listAdministrations(t.db, physician, admissionId);
      expect(list[0]).toMatchObject({
        id: held.id,
        drug: 'clonidine',
        doseMg: 0.1,
        status: 'held',
        holdReason: 'BP 86/54, below hold parameter',
        recordStatus: 'active',
        correction: null,
        recordedBy: { id: nurse.id, name: 'Ana Reyes, RN' },
      });
      expect(list[1]).toMatchObject({
        id: doseId,
        drug: 'ondansetron',
        status: 'given',
        doseMg: 4,
        assessmentId: scoreId,
        prn: true,
        recordStatus: 'active',
      });
      expect(list).toHaveLength(2);
      const givenAts = list.map((d) => d.givenAt);
      expect([...givenAts].sort().reverse()).toEqual(givenAts);
    });

    it('refuses a dose linked to another admission’s assessment (BAD_REQUEST) and writes nothing', async () => {
      const { admissionId, orders } = await ownPatient();
      // James Whitfield's, bed 2 of the demo: another patient's score.
      const foreign = await t.db
        .selectFrom('assessment')
        .innerJoin('admission', 'admission.id', 'assessment.admission_id')
        .select('assessment.id')
        .where('admission.bed', '=', '2')
        .where('admission.unit_id', '=', northId)
        .where('admission.discharged_at', 'is', null)
        .limit(1)
        .executeTakeFirstOrThrow();
      const before = await rowCounts(t.db);
      const refusal = await refusalOf(
        recordAdministration(
          t.db,
          nurse,
          recordAdministrationInput.parse({
            admissionId,
            orderId: orders.ibuprofen,
            drug: 'ibuprofen',
            doseMg: 600,
            route: 'PO',
            givenAt: minutesAgo(1),
            status: 'given',
            assessmentId: foreign.id,
          }),
        ),
      );
      expect({ code: refusal.code, message: refusal.message, path: refusal.path }).toEqual({
        code: 'BAD_REQUEST',
        message: `Assessment ${foreign.id} is not an assessment of this admission`,
        path: 'assessmentId',
      });
      expect(await rowCounts(t.db)).toEqual(before);
    });

    it('corrects a dose with a replacement (superseded), refuses a second correction, and marks another entered in error', async () => {
      const patient = await ownPatient();
      const { admissionId } = patient;
      const doseId = (await giveOndansetron(patient, undefined)).id;
      const before = await rowCounts(t.db);
      const result = await correctAdministration(
        t.db,
        physician,
        correctAdministrationInput.parse({
          administrationId: doseId,
          reason: 'Dose was 8 mg per the order',
          replacement: { drug: 'ondansetron', doseMg: 8, route: 'PO', givenAt: minutesAgo(4), status: 'given' },
        }),
      );
      expect(result).toMatchObject({ correctedId: doseId, status: 'superseded', admissionId });
      expect(result.id).not.toBe(doseId);
      expect(await rowCounts(t.db)).toEqual({
        ...before,
        medication_administration: before.medication_administration + 1,
        record_correction: before.record_correction + 1,
        audit_event: before.audit_event + 2,
      });
      expect((await auditRowsFor('administration', doseId)).map((r) => [r.action, r.user_id])).toEqual([
        ['create', nurse.id],
        ['correct', physician.id],
      ]);
      expect((await auditRowsFor('administration', result.id)).map((r) => [r.action, r.user_id])).toEqual([
        ['create', physician.id],
      ]);

      const list = await listAdministrations(t.db, nurse, admissionId);
      expect(list.find((d) => d.id === doseId)).toMatchObject({
        doseMg: 4,
        recordStatus: 'superseded',
        correction: {
          action: 'replaced',
          reason: 'Dose was 8 mg per the order',
          replacementId: result.id,
          correctedBy: { id: physician.id, name: 'Dr. Ben Carter' },
        },
      });
      expect(list.find((d) => d.id === result.id)).toMatchObject({
        doseMg: 8,
        recordStatus: 'active',
        supersedesId: doseId,
      });

      const counts = await rowCounts(t.db);
      const again = await refusalOf(
        correctAdministration(
          t.db,
          nurse,
          correctAdministrationInput.parse({ administrationId: doseId, reason: 'Second try' }),
        ),
      );
      expect(again.code).toBe('CONFLICT');
      expect(again.message).toMatch(
        new RegExp(
          `^Administration ${doseId} was already corrected by administration ${result.id} at .+; correct that one instead$`,
        ),
      );
      expect(await rowCounts(t.db)).toEqual(counts);

      const eie = await correctAdministration(
        t.db,
        nurse,
        correctAdministrationInput.parse({ administrationId: result.id, reason: 'Never given: patient asleep' }),
      );
      expect(eie).toMatchObject({ id: result.id, correctedId: result.id, status: 'entered-in-error' });
      const listed = (await listAdministrations(t.db, nurse, admissionId)).find((d) => d.id === result.id);
      expect(listed).toMatchObject({
        recordStatus: 'entered-in-error',
        correction: { action: 'entered-in-error', replacementId: null, reason: 'Never given: patient asleep' },
      });

      const missing = await refusalOf(
        correctAdministration(
          t.db,
          nurse,
          correctAdministrationInput.parse({ administrationId: 987654, reason: 'No such row' }),
        ),
      );
      expect({ code: missing.code, message: missing.message }).toEqual({
        code: 'NOT_FOUND',
        message: 'Administration 987654 does not exist',
      });
    });

    it('has an audit row for every clinical write: each record created, each correction', async () => {
      // Writes of its own (a score and a dose, each corrected), then every row in the database is checked.
      const patient = await ownPatient();
      const scoreId = (await chartCows18(patient.admissionId)).id;
      await correctToCows19(scoreId);
      const doseId = (await giveOndansetron(patient, undefined)).id;
      await correctAdministration(
        t.db,
        nurse,
        correctAdministrationInput.parse({ administrationId: doseId, reason: 'Never given: patient asleep' }),
      );
      const audits = await t.db
        .selectFrom('audit_event')
        .select(['action', 'entity', 'entity_id'])
        .where('outcome', '=', 'success')
        .execute();
      const has = (action: string, entity: string, id: number) =>
        audits.some((a) => a.action === action && a.entity === entity && a.entity_id === id);
      for (const a of await t.db.selectFrom('assessment').select('id').execute())
        expect(has('create', 'assessment', a.id), `assessment ${a.id}`).toBe(true);
      for (const m of await t.db.selectFrom('medication_administration').select('id').execute())
        expect(has('create', 'administration', m.id), `administration ${m.id}`).toBe(true);
      for (const a of await t.db.selectFrom('admission').select('id').execute())
        expect(has('create', 'admission', a.id), `admission ${a.id}`).toBe(true);
      const corrections = await t.db.selectFrom('record_correction').select(['record_type', 'record_id']).execute();
      expect(corrections).toEqual(
        expect.arrayContaining([
          { record_type: 'assessment', record_id: scoreId },
          { record_type: 'administration', record_id: doseId },
        ]),
      );
      for (const c of corrections)
        expect(has('correct', c.record_type, c.record_id), `${c.record_type} ${c.record_id}`).toBe(true);
    });
  });
}
