import { DEFAULT_UNIT_PROTOCOL, admitInput, recordAssessmentInput } from '@detox/shared';
import type { Kysely, Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { moveAdmissionSubstances, withAdditions } from '../db/migrations/2026-12-02-clinical-substances.js';
import {
  DIALECTS,
  type TestDatabase,
  actorFor,
  dialectAvailable,
  demoDatabase,
  minutesAgo,
} from '../../test-support/databases.js';
import { ZERO_COWS } from '../../test-support/cows.js';
import type { Actor } from './actor.js';
import { substancesOf } from './admission-substances.js';
import { admit, discharge, getAdmission } from './admissions.js';
import { watchForPrecipitatedWithdrawal } from './alerts.js';
import { listAssessments, recordAssessment } from './assessments.js';

// Issue 10 on both databases: coded substances and weight stored with an admission, old rows moved
// by the migration, the COWS pulse reason stored and listed, and the precipitated-withdrawal alert
// raised from either write (the COWS or the dose), with and without a pre-dose COWS.

/** A COWS of the given total (pulse 0, so any heart rate of 80 or less agrees with it). */
function cowsOf(total: number): Record<string, number> {
  const items = { ...ZERO_COWS };
  const order: [keyof typeof ZERO_COWS, number][] = [
    ['gooseflesh', 5],
    ['restlessness', 5],
    ['pupils', 5],
    ['giUpset', 5],
    ['sweating', 4],
    ['boneJointAches', 4],
    ['runnyNoseTearing', 4],
    ['tremor', 4],
    ['yawning', 4],
    ['anxietyIrritability', 4],
  ];
  let left = total;
  for (const [key, max] of order) {
    const allowed =
      key === 'gooseflesh'
        ? [0, 3, 5]
        : key === 'restlessness'
          ? [0, 1, 3, 5]
          : key === 'pupils'
            ? [0, 1, 2, 5]
            : key === 'giUpset'
              ? [0, 1, 2, 3, 5]
              : key === 'sweating'
                ? [0, 1, 2, 3, 4]
                : [0, 1, 2, 4];
    const pick = [...allowed].reverse().find((v) => v <= Math.min(left, max)) ?? 0;
    items[key] = pick;
    left -= pick;
  }
  if (left !== 0) throw new Error(`cannot make a COWS of ${total}`);
  return items;
}

for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect))(`clinical safety, second pass, on ${dialect}`, () => {
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

    async function admitted(bed: string, mrn: string, extra: Record<string, unknown>): Promise<number> {
      const input = admitInput.parse({
        unitId,
        bed,
        patient: { mrn, name: `Patient ${mrn}`, birthDate: '1980-01-01' },
        lastUseAt: minutesAgo(20 * 60),
        admittedAt: minutesAgo(600),
        ...extra,
      });
      return (await admit(t.db, nurse, input)).admissionId;
    }

    async function chartDose(
      admissionId: number,
      drug: string,
      doseMg: number,
      givenAt: string,
      db: Kysely<Database> | Transaction<Database> = t.db,
    ): Promise<void> {
      await db
        .insertInto('medication_administration')
        .values({
          admission_id: admissionId,
          drug,
          dose_mg: doseMg,
          route: 'SL',
          given_at: givenAt,
          status: 'given',
          prn: 0,
          indication: null,
          hold_reason: null,
          assessment_id: null,
          override_reason: null,
          override_by: null,
          warnings: '[]',
          protocol_version: null,
          supersedes_id: null,
          recorded_by: nurse.id,
          recorded_at: new Date().toISOString(),
        } as never)
        .execute();
    }

    async function chartCows(admissionId: number, total: number, takenAt: string) {
      return recordAssessment(
        t.db,
        nurse,
        recordAssessmentInput.parse({
          admissionId,
          instrument: 'COWS',
          takenAt,
          items: cowsOf(total),
          vitals: { heartRate: 76 },
        }),
      );
    }

    const alertsOf = (admissionId: number) =>
      t.db
        .selectFrom('alert')
        .select(['code', 'message', 'assessment_id'])
        .where('admission_id', '=', admissionId)
        .execute();

    it('stores coded substances with their details and the weight; reads them back in order', async () => {
      const admissionId = await admitted('4', 'INT-SUB-1', {
        substances: [{ code: 'illicit-fentanyl', detail: 'smoked' }, { code: 'alcohol' }],
        weightKg: 91.5,
      });
      const view = await getAdmission(t.db, nurse, admissionId);
      expect(view.substances).toEqual([
        { code: 'illicit-fentanyl', name: 'Fentanyl (illicit)', kind: 'short-acting', detail: 'smoked' },
        { code: 'alcohol', name: 'Alcohol', kind: 'alcohol', detail: null },
      ]);
      expect(view).toMatchObject({
        weightKg: 91.5,
        substance: 'Fentanyl (illicit): smoked; Alcohol',
        opioidKind: 'short',
      });
    });

    it('the migration moves rows written in the old shape, keeping the text, and is idempotent', async () => {
      // An admission written before the coded list (free text and kind only, no admission_substance row),
      // discharged so that it holds no bed the other tests admit to.
      const unit = await t.db
        .selectFrom('unit')
        .select('id')
        .where('name', '=', 'Detox North')
        .executeTakeFirstOrThrow();
      const nurseRow = await t.db
        .selectFrom('app_user')
        .select('id')
        .where('username', '=', 'nurse')
        .executeTakeFirstOrThrow();
      const at = minutesAgo(120);
      const patient = await t.db
        .insertInto('patient')
        .values({ mrn: 'INT-OLD-SHAPE-1', name: 'Old Shape', birth_date: '1970-01-01', created_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      const old = await t.db
        .insertInto('admission')
        .values({
          unit_id: unit.id,
          bed: '12',
          patient_id: patient.id,
          substance: 'Methadone (maintenance, stopped)',
          opioid_kind: 'long',
          last_use_at: minutesAgo(600),
          admitted_at: at,
          discharged_at: minutesAgo(60),
          recorded_by: nurseRow.id,
          recorded_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const samuel = await t.db
        .selectFrom('admission')
        .select(['id', 'substance', 'opioid_kind'])
        .where('id', '=', old.id)
        .executeTakeFirstOrThrow();
      expect(
        await t.db.selectFrom('admission_substance').select('id').where('admission_id', '=', samuel.id).execute(),
      ).toEqual([]);
      // Read through the fallback before the move, and from the moved row after: the same answer.
      expect((await substancesOf(t.db, [samuel])).get(samuel.id)).toEqual([
        { code: 'methadone', detail: 'Methadone (maintenance, stopped)' },
      ]);
      await moveAdmissionSubstances(t.db);
      await moveAdmissionSubstances(t.db);
      const rows = await t.db
        .selectFrom('admission_substance')
        .select(['position', 'code', 'detail'])
        .where('admission_id', '=', samuel.id)
        .execute();
      expect(rows).toEqual([{ position: 1, code: 'methadone', detail: 'Methadone (maintenance, stopped)' }]);
      const after = await t.db
        .selectFrom('admission')
        .select(['substance', 'opioid_kind'])
        .where('id', '=', samuel.id)
        .executeTakeFirstOrThrow();
      expect(after).toEqual({ substance: samuel.substance, opioid_kind: samuel.opioid_kind });
    });

    it('the protocol additions keep a unit’s own figures and add only what is missing', () => {
      const old = JSON.parse(JSON.stringify(DEFAULT_UNIT_PROTOCOL));
      old.drugs.clonidine.maxPer24hMg = 1.2;
      delete old.drugs.clonidine.maxPer24hByWeight;
      delete old.drugs.lofexidine.vitalSignHold;
      delete old.drugs.loperamide.maxPer24hIsHardStop;
      delete old.drugs.loperamide.warnFromPer24hMg;
      delete old.drugs.naltrexone.dosesByRoute;
      delete old.drugs.methadone.dosesByRoute;
      delete old.naltrexoneStart;
      expect(withAdditions(old)).toEqual(DEFAULT_UNIT_PROTOCOL);
      const own = { ...JSON.parse(JSON.stringify(old)) };
      own.drugs.clonidine.maxPer24hMg = 1.0;
      expect(withAdditions(own).drugs.clonidine).toMatchObject({ maxPer24hMg: 1.0 });
      expect(withAdditions(own).drugs.clonidine.maxPer24hByWeight).toBeUndefined();
    });

    it('stores the reason for a COWS pulse item below the heart rate, and lists it with the score', async () => {
      const admissionId = await admitted('8', 'INT-PULSE-1', { substances: [{ code: 'heroin' }] });
      const input = recordAssessmentInput.parse({
        admissionId,
        instrument: 'COWS',
        takenAt: minutesAgo(5),
        items: { ...cowsOf(10), pulse: 0 },
        vitals: { heartRate: 104 },
        itemReasons: { pulse: 'walked back from the bathroom' },
      });
      const saved = await recordAssessment(t.db, nurse, input);
      const [listed] = (await listAssessments(t.db, nurse, admissionId)).filter((a) => a.id === saved.id);
      expect(listed).toMatchObject({ total: 10, itemReasons: { pulse: 'walked back from the bathroom' } });
      await discharge(t.db, nurse, { admissionId, dischargedAt: minutesAgo(1) });
    });

    it('scores CIWA-Ar with the unit band set: 8 is mild under ASAM 2020, moderate once the unit chooses Sullivan 1989', async () => {
      const admission = await t.db
        .selectFrom('admission')
        .select(['id', 'unit_id'])
        .where('bed', '=', '4')
        .where('discharged_at', 'is', null)
        .executeTakeFirstOrThrow();
      const ciwa8 = {
        nauseaVomiting: 4,
        tremor: 4,
        paroxysmalSweats: 0,
        anxiety: 0,
        agitation: 0,
        tactileDisturbances: 0,
        auditoryDisturbances: 0,
        visualDisturbances: 0,
        headache: 0,
        orientation: 0,
      };
      const record = (minutes: number) =>
        recordAssessment(
          t.db,
          nurse,
          recordAssessmentInput.parse({
            admissionId: admission.id,
            instrument: 'CIWA-Ar',
            takenAt: minutesAgo(minutes),
            items: ciwa8,
          }),
        );
      expect(await record(50)).toMatchObject({ total: 8, severity: 'mild' });
      const current = await t.db
        .selectFrom('unit_protocol')
        .select(['version', 'protocol'])
        .where('unit_id', '=', admission.unit_id)
        .orderBy('version', 'desc')
        .executeTakeFirstOrThrow();
      await t.db
        .insertInto('unit_protocol')
        .values({
          unit_id: admission.unit_id,
          version: current.version + 1,
          protocol: JSON.stringify({ ...JSON.parse(current.protocol), ciwaArBands: 'sullivan-1989' }),
          reason: 'Sullivan cut-offs',
          recorded_by: nurse.id,
          recorded_at: new Date().toISOString(),
        })
        .execute();
      expect(await record(40)).toMatchObject({ total: 8, severity: 'moderate' });
    });

    describe('precipitated withdrawal', () => {
      it('COWS saved after the dose: a rise of 6 from the pre-dose COWS alerts once', async () => {
        const admissionId = await admitted('11', 'INT-PW-1', { substances: [{ code: 'heroin' }] });
        await chartCows(admissionId, 10, minutesAgo(100));
        await chartDose(admissionId, 'buprenorphine', 4, minutesAgo(90));
        await chartCows(admissionId, 15, minutesAgo(60));
        expect(await alertsOf(admissionId)).toEqual([]);
        const risen = await chartCows(admissionId, 16, minutesAgo(30));
        expect(await alertsOf(admissionId)).toEqual([
          {
            code: 'precipitated-withdrawal',
            message: expect.stringMatching(/^Possible precipitated withdrawal: COWS rose from 10 to 16 /),
            assessment_id: risen.id,
          },
        ]);
        await chartCows(admissionId, 20, minutesAgo(20));
        expect(await alertsOf(admissionId)).toHaveLength(1);
      });

      it('no COWS before the dose: a post-dose COWS of 24 raises nothing, 25 (moderately severe) raises it', async () => {
        const admissionId = await admitted('8', 'INT-PW-3', { substances: [{ code: 'illicit-fentanyl' }] });
        await chartDose(admissionId, 'buprenorphine', 4, minutesAgo(90));
        await chartCows(admissionId, 24, minutesAgo(60));
        expect(await alertsOf(admissionId)).toEqual([]);
        const severe = await chartCows(admissionId, 25, minutesAgo(30));
        expect(await alertsOf(admissionId)).toEqual([
          {
            code: 'precipitated-withdrawal',
            message: expect.stringMatching(
              /^Possible precipitated withdrawal: COWS 25 \(moderately severe or worse\) within 2 h/,
            ),
            assessment_id: severe.id,
          },
        ]);
      });

      it('dose charted after the COWS (a late entry): the dose write raises it', async () => {
        const admissionId = await admitted('12', 'INT-PW-2', { substances: [{ code: 'heroin' }] });
        await chartCows(admissionId, 9, minutesAgo(120));
        const after = await chartCows(admissionId, 19, minutesAgo(40));
        expect(await alertsOf(admissionId)).toEqual([]);
        await t.db.transaction().execute(async (trx) => {
          await chartDose(admissionId, 'buprenorphine-naloxone', 8, minutesAgo(100), trx);
          const admission = await trx
            .selectFrom('admission')
            .select(['id', 'unit_id'])
            .where('id', '=', admissionId)
            .executeTakeFirstOrThrow();
          expect(await watchForPrecipitatedWithdrawal(trx, admission)).toEqual(expect.any(Number));
        });
        expect(await alertsOf(admissionId)).toEqual([
          {
            code: 'precipitated-withdrawal',
            message: expect.stringMatching(/rose from 9 to 19 after the first buprenorphine dose \(8 mg at/),
            assessment_id: after.id,
          },
        ]);
      });

      it('both products charted: the earlier dose is the first, whichever product it was', async () => {
        // The demo unit's beds are all taken by now: a free bed on any unit.
        const free = await t.db
          .selectFrom('bed')
          .select(['bed.unit_id', 'bed.label'])
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('admission')
                  .select('admission.id')
                  .whereRef('admission.unit_id', '=', 'bed.unit_id')
                  .whereRef('admission.bed', '=', 'bed.label')
                  .where('admission.discharged_at', 'is', null),
              ),
            ),
          )
          .executeTakeFirstOrThrow();
        const admissionId = await admitted(free.label, 'INT-PW-4', {
          unitId: free.unit_id,
          substances: [{ code: 'heroin' }],
        });
        await chartCows(admissionId, 9, minutesAgo(130));
        await chartDose(admissionId, 'buprenorphine-naloxone', 8, minutesAgo(100));
        await chartDose(admissionId, 'buprenorphine', 4, minutesAgo(50));
        const risen = await chartCows(admissionId, 19, minutesAgo(40));
        expect(await alertsOf(admissionId)).toEqual([
          {
            code: 'precipitated-withdrawal',
            message: expect.stringMatching(/rose from 9 to 19 after the first buprenorphine dose \(8 mg at/),
            assessment_id: risen.id,
          },
        ]);
      });
    });
  });
}
