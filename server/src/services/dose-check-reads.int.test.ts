import { admitInput, getInstrument, recordAssessmentInput } from '@detox/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DIALECTS,
  type TestDatabase,
  actorFor,
  demoDatabase,
  dialectAvailable,
  minutesAgo,
} from '../../test-support/databases.js';
import { ZERO_COWS } from '../../test-support/cows.js';
import type { Actor } from './actor.js';
import { previewAdministration } from './administrations.js';
import { admit } from './admissions.js';
import { recordAssessment } from './assessments.js';
import { censusBoard } from './census.js';
import { SCORES_FOR_TRIGGERS } from './order-records.js';

// The dose check reads the stay's newest scores once (issue 16) and finds the latest COWS and the
// latest vital signs among them. A stay with more newer scores than that read holds, none of them a
// COWS and none with vitals (a patient scoring SOWS every few minutes), must still be checked
// against the COWS and the vitals taken before them.

const SOWS_ALL_ZERO = Object.fromEntries(getInstrument('SOWS').items.map((item) => [item.key, 0]));

for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect))(`the dose check's reads on ${dialect}`, () => {
    let t: TestDatabase;
    let nurse: Actor;
    let unitId: number;
    let beds: string[];

    beforeAll(async () => {
      t = await demoDatabase(dialect);
      nurse = await actorFor(t.db, 'nurse');
      unitId = (await t.db.selectFrom('unit').select('id').where('name', '=', 'Detox North').executeTakeFirstOrThrow())
        .id;
      beds = [...(await censusBoard(t.db, nurse, unitId)).emptyBeds];
    });
    afterAll(async () => {
      await t?.close();
    });

    async function admitted(mrn: string): Promise<number> {
      const bed = beds.shift();
      if (!bed) throw new Error('the demo unit has no free bed left');
      const input = admitInput.parse({
        unitId,
        bed,
        patient: { mrn, name: `Dose Check ${mrn}`, birthDate: '1980-01-01' },
        substances: [{ code: 'heroin' }],
        lastUseAt: minutesAgo(3 * 24 * 60),
        admittedAt: minutesAgo(2 * 24 * 60),
      });
      return (await admit(t.db, nurse, input)).admissionId;
    }

    /** `count` SOWS scores without vital signs, one a minute, the newest `newestMinutesAgo` ago. */
    async function sowsScores(admissionId: number, count: number, newestMinutesAgo: number) {
      for (let i = 0; i < count; i++) {
        await recordAssessment(
          t.db,
          nurse,
          recordAssessmentInput.parse({
            admissionId,
            instrument: 'SOWS',
            takenAt: minutesAgo(newestMinutesAgo + i),
            items: SOWS_ALL_ZERO,
          }),
        );
      }
    }

    const preview = (admissionId: number, drug: 'buprenorphine' | 'clonidine', doseMg: number, route: 'SL' | 'PO') =>
      previewAdministration(t.db, {
        admissionId,
        drug,
        doseMg,
        route,
        givenAt: minutesAgo(0),
        status: 'given',
        indication: undefined,
        holdReason: undefined,
      }).then((r) => r.warnings.map((w) => w.code));

    it('finds the COWS and the vital signs behind more newer scores than it reads at once', async () => {
      const admissionId = await admitted('DCR-1');
      // COWS 1 with a heart rate of 48, 58 minutes ago (vital signs count for an hour); then more SOWS
      // scores than the check reads at once, one a minute, none with vitals.
      await recordAssessment(
        t.db,
        nurse,
        recordAssessmentInput.parse({
          admissionId,
          instrument: 'COWS',
          takenAt: minutesAgo(58),
          items: { ...ZERO_COWS, yawning: 1 },
          vitals: { heartRate: 48, systolic: 112, diastolic: 70 },
        }),
      );
      await sowsScores(admissionId, SCORES_FOR_TRIGGERS + 2, 5);

      const buprenorphine = await preview(admissionId, 'buprenorphine', 2, 'SL');
      expect(buprenorphine).toContain('buprenorphine-cows-below-threshold');
      expect(buprenorphine).not.toContain('buprenorphine-cows-missing');
      const clonidine = await preview(admissionId, 'clonidine', 0.1, 'PO');
      expect(clonidine).toContain('hold-low-heart-rate');
      expect(clonidine).not.toContain('hold-vitals-not-recent');
    });

    it('a stay with no COWS and no vital signs at all is told so, behind many scores or few', async () => {
      const many = await admitted('DCR-2');
      await sowsScores(many, SCORES_FOR_TRIGGERS + 2, 10);
      const few = await admitted('DCR-3');
      await sowsScores(few, 3, 10);
      for (const admissionId of [many, few]) {
        expect(await preview(admissionId, 'buprenorphine', 2, 'SL')).toContain('buprenorphine-cows-missing');
        expect(await preview(admissionId, 'clonidine', 0.1, 'PO')).toContain('hold-vitals-not-recent');
      }
    });
  });
}
