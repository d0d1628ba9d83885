import { admitInput, dischargeInput, recordAdministrationInput, recordAssessmentInput } from '@detox/shared';
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
import { ZERO_COWS as COWS_0 } from '../../test-support/cows.js';
import type { Actor } from './actor.js';
import { recordAdministration } from './administrations.js';
import { admit, discharge, getAdmission, listOpenAdmissions } from './admissions.js';
import { recordAssessment } from './assessments.js';

for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect))(`admissions on ${dialect}`, () => {
    let t: TestDatabase;
    let nurse: Actor;
    let unitId: number;

    beforeAll(async () => {
      t = await demoDatabase(dialect);
      nurse = await actorFor(t.db, 'nurse');
      unitId = (await t.db.selectFrom('unit').select('id').executeTakeFirstOrThrow()).id;
    });
    afterAll(async () => {
      await t?.close();
    });

    // Each test admits its own patient to a bed of its own, so it passes alone and in any order.
    let made = 0;
    let patients = 0;
    const ownBed = async (): Promise<string> => {
      made += 1;
      const label = `T${made}`;
      await t.db
        .insertInto('bed')
        .values({ unit_id: unitId, label, sort_order: 100 + made })
        .execute();
      return label;
    };
    const newPatient = () => ({
      mrn: `INT-${String(++patients).padStart(4, '0')}`,
      name: 'Test Patient',
      birthDate: '1990-06-15',
    });
    const admitted = async (options: { admittedMinutesAgo?: number } = {}) => {
      const patient = newPatient();
      const bed = await ownBed();
      const { admissionId } = await admit(
        t.db,
        nurse,
        admitInput.parse({
          unitId,
          bed,
          patient,
          substance: 'Heroin (IV)',
          opioidKind: 'short',
          lastUseAt: minutesAgo(8 * 60),
          admittedAt: minutesAgo(options.admittedMinutesAgo ?? 30),
        }),
      );
      return { admissionId, bed, patient };
    };

    it('admits a new patient to an empty bed, writing the patient, the admission and an audit row for each', async () => {
      const patient = newPatient();
      const bed = await ownBed();
      const openBefore = (await listOpenAdmissions(t.db, nurse, unitId)).map((a) => a.bed);
      const before = await rowCounts(t.db);
      const lastUseAt = minutesAgo(8 * 60);
      const admittedAt = minutesAgo(30);
      const result = await admit(
        t.db,
        nurse,
        admitInput.parse({
          unitId,
          bed,
          patient,
          substance: 'Heroin (IV)',
          opioidKind: 'short',
          lastUseAt,
          admittedAt,
        }),
      );
      const admissionId = result.admissionId;
      expect(await rowCounts(t.db)).toEqual({
        ...before,
        patient: before.patient + 1,
        admission: before.admission + 1,
        audit_event: before.audit_event + 2,
      });

      const view = await getAdmission(t.db, nurse, admissionId);
      expect(view).toMatchObject({
        id: admissionId,
        unitId,
        bed,
        patient,
        substance: 'Heroin (IV)',
        opioidKind: 'short',
        lastUseAt,
        admittedAt,
        dischargedAt: null,
        recordedBy: { id: nurse.id, name: 'Ana Reyes, RN' },
      });
      const audits = await t.db
        .selectFrom('audit_event')
        .select(['action', 'entity', 'entity_id', 'user_id'])
        .where('action', '=', 'create')
        .where((eb) =>
          eb.or([
            eb('entity', '=', 'patient').and('entity_id', '=', view.patient.id),
            eb('entity', '=', 'admission').and('entity_id', '=', admissionId),
          ]),
        )
        .orderBy('id')
        .execute();
      expect(audits).toEqual([
        { action: 'create', entity: 'patient', entity_id: view.patient.id, user_id: nurse.id },
        { action: 'create', entity: 'admission', entity_id: admissionId, user_id: nurse.id },
      ]);
      const open = (await listOpenAdmissions(t.db, nurse, unitId)).map((a) => a.bed);
      expect([...open].sort()).toEqual([...openBefore, bed].sort());
    });

    it('refuses an occupied bed, an unknown bed, an unknown unit, a second open admission and a clashing MRN, writing nothing', async () => {
      const { admissionId, bed: occupiedBed, patient } = await admitted();
      const emptyBed = await ownBed();
      const before = await rowCounts(t.db);
      const base = {
        unitId,
        bed: emptyBed,
        patient: { ...newPatient(), name: 'Test Patient Two', birthDate: '1985-01-01' },
        substance: 'Fentanyl',
        opioidKind: 'short' as const,
        lastUseAt: minutesAgo(600),
        admittedAt: minutesAgo(60),
      };

      const occupied = await refusalOf(admit(t.db, nurse, admitInput.parse({ ...base, bed: occupiedBed })));
      expect({ code: occupied.code, message: occupied.message, path: occupied.path }).toEqual({
        code: 'CONFLICT',
        message: `Bed ${occupiedBed} is occupied (admission ${admissionId}); discharge it first or choose another bed`,
        path: 'bed',
      });
      const noBed = await refusalOf(admit(t.db, nurse, admitInput.parse({ ...base, bed: '99' })));
      expect({ code: noBed.code, message: noBed.message }).toEqual({
        code: 'BAD_REQUEST',
        message: 'Bed 99 is not a bed on this unit',
      });
      const noUnit = await refusalOf(admit(t.db, nurse, admitInput.parse({ ...base, unitId: 4242 })));
      expect({ code: noUnit.code, message: noUnit.message }).toEqual({
        code: 'NOT_FOUND',
        message: 'Unit 4242 does not exist',
      });
      const twice = await refusalOf(admit(t.db, nurse, admitInput.parse({ ...base, patient })));
      expect({ code: twice.code, message: twice.message }).toEqual({
        code: 'CONFLICT',
        message: `This patient is already admitted (admission ${admissionId})`,
      });
      const clash = await refusalOf(
        admit(t.db, nurse, admitInput.parse({ ...base, patient: { ...patient, birthDate: '1970-01-01' } })),
      );
      expect(clash.code).toBe('CONFLICT');
      expect(clash.message).toBe(`MRN ${patient.mrn} belongs to a patient with another date of birth; check the MRN`);
      expect(await rowCounts(t.db)).toEqual(before);
    });

    it('refuses a discharge before the admission time (BAD_REQUEST) and writes nothing', async () => {
      const { admissionId } = await admitted({ admittedMinutesAgo: 30 });
      const before = await rowCounts(t.db);
      const early = await refusalOf(
        discharge(t.db, nurse, dischargeInput.parse({ admissionId, dischargedAt: minutesAgo(120) })),
      );
      expect({ code: early.code, message: early.message, path: early.path }).toEqual({
        code: 'BAD_REQUEST',
        message: 'Discharge time is before the admission time; check the time',
        path: 'dischargedAt',
      });
      expect(await rowCounts(t.db)).toEqual(before);
    });

    it('discharges, audits it, and then refuses any new charting on the closed admission (CONFLICT), writing nothing', async () => {
      const { admissionId, bed } = await admitted();
      const scored = await recordAssessment(
        t.db,
        nurse,
        recordAssessmentInput.parse({ admissionId, instrument: 'COWS', takenAt: minutesAgo(20), items: COWS_0 }),
      );
      expect(scored).toMatchObject({ total: 0, severity: 'none' });

      const dischargedAt = minutesAgo(10);
      const before = await rowCounts(t.db);
      expect(await discharge(t.db, nurse, dischargeInput.parse({ admissionId, dischargedAt }))).toEqual({ ok: true });
      expect(await rowCounts(t.db)).toEqual({ ...before, audit_event: before.audit_event + 1 });
      const row = await t.db
        .selectFrom('admission')
        .select('discharged_at')
        .where('id', '=', admissionId)
        .executeTakeFirstOrThrow();
      expect(row.discharged_at).toBe(dischargedAt);
      const audit = await t.db
        .selectFrom('audit_event')
        .select(['action', 'user_id'])
        .where('action', '!=', 'read')
        .where('entity', '=', 'admission')
        .where('entity_id', '=', admissionId)
        .orderBy('id')
        .execute();
      expect(audit).toEqual([
        { action: 'create', user_id: nurse.id },
        { action: 'update', user_id: nurse.id },
      ]);
      expect((await listOpenAdmissions(t.db, nurse, unitId)).map((a) => a.bed)).not.toContain(bed);

      const counts = await rowCounts(t.db);
      const closed = `This patient was discharged at ${dischargedAt}; nothing new can be charted on a closed admission`;
      const assessment = await refusalOf(
        recordAssessment(
          t.db,
          nurse,
          recordAssessmentInput.parse({ admissionId, instrument: 'COWS', takenAt: minutesAgo(1), items: COWS_0 }),
        ),
      );
      expect({ code: assessment.code, message: assessment.message }).toEqual({ code: 'CONFLICT', message: closed });
      const dose = await refusalOf(
        recordAdministration(
          t.db,
          nurse,
          recordAdministrationInput.parse({
            admissionId,
            orderId: 1,
            drug: 'ibuprofen',
            doseMg: 400,
            route: 'PO',
            givenAt: minutesAgo(1),
            status: 'given',
          }),
        ),
      );
      expect({ code: dose.code, message: dose.message }).toEqual({ code: 'CONFLICT', message: closed });
      const again = await refusalOf(
        discharge(t.db, nurse, dischargeInput.parse({ admissionId, dischargedAt: minutesAgo(1) })),
      );
      expect({ code: again.code, message: again.message }).toEqual({ code: 'CONFLICT', message: closed });
      expect(await rowCounts(t.db)).toEqual(counts);
    });

    it('readmits a discharged patient under the same patient row', async () => {
      const { admissionId, bed, patient } = await admitted({ admittedMinutesAgo: 60 });
      await discharge(t.db, nurse, dischargeInput.parse({ admissionId, dischargedAt: minutesAgo(30) }));
      const before = await rowCounts(t.db);
      const result = await admit(
        t.db,
        nurse,
        admitInput.parse({
          unitId,
          bed,
          patient,
          substance: 'Heroin (IV)',
          opioidKind: 'short',
          lastUseAt: minutesAgo(300),
          admittedAt: minutesAgo(5),
        }),
      );
      expect(result.admissionId).not.toBe(admissionId);
      expect(await rowCounts(t.db)).toEqual({
        ...before,
        admission: before.admission + 1,
        audit_event: before.audit_event + 1,
      });
      const first = await getAdmission(t.db, nurse, admissionId);
      const second = await getAdmission(t.db, nurse, result.admissionId);
      expect(second.patient).toEqual(first.patient);
    });
  });
}
