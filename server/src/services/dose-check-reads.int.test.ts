import { admitInput, getInstrument, recordAdministrationInput, recordAssessmentInput } from '@detox/shared';
import { StatementCounter } from '../../test-support/statement-counter.js';
import { DEVELOPMENT_AUDIT_HMAC_KEY } from '../audit/audit-key.js';
import { verifyAuditChain } from '../audit/verify-chain.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DIALECTS,
  type TestDatabase,
  actorFor,
  demoDatabase,
  dialectAvailable,
  minutesAgo,
  unitIdNamed,
} from '../../test-support/databases.js';
import { ZERO_COWS } from '../../test-support/cows.js';
import type { Actor } from './actor.js';
import { previewAdministration } from './administrations.js';
import { admit } from './admissions.js';
import { recordAssessment } from './assessments.js';
import { censusBoard } from './census.js';
import { readDoseCheckRecord } from './dose-check-reads.js';
import { chartedDoses, orderFacts, SCORES_FOR_TRIGGERS, scoresForDoseRules } from './order-records.js';
import { substancesOf } from './admission-substances.js';
import { unitClockAndProtocol } from './protocol.js';
import { currentTaperPlans } from './taper-plans.js';
import { recordAdministration } from './administrations.js';
import { standingOrder } from '../../test-support/orders.js';

// The dose check reads the stay's newest scores once (issue 16) and finds the latest COWS and the
// latest vital signs among them. A stay with more newer scores than that read holds, none of them a
// COWS and none with vitals (a patient scoring SOWS every few minutes), must still be checked
// against the COWS and the vitals taken before them.

const SOWS_ALL_ZERO = Object.fromEntries(getInstrument('SOWS').items.map((item) => [item.key, 0]));

for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect))(`the dose check's reads on ${dialect}`, () => {
    let t: TestDatabase;
    let nurse: Actor;
    /** The demo units' free beds, North's first. */
    let beds: { unitId: number; bed: string }[];

    beforeAll(async () => {
      t = await demoDatabase(dialect);
      nurse = await actorFor(t.db, 'nurse');
      beds = [];
      for (const name of ['Detox North', 'Detox South']) {
        const unitId = await unitIdNamed(t.db, name);
        for (const bed of (await censusBoard(t.db, nurse, unitId)).emptyBeds) beds.push({ unitId, bed });
      }
    });
    afterAll(async () => {
      await t?.close();
    });

    async function admitted(mrn: string): Promise<number> {
      const free = beds.shift();
      if (!free) throw new Error('the demo units have no free bed left');
      const input = admitInput.parse({
        ...free,
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

    /** A clonidine dose held against its order, as the bedside charts it. */
    const heldClonidine = (admissionId: number, orderId: number, givenAt: string) =>
      recordAdministrationInput.parse({
        admissionId,
        orderId,
        drug: 'clonidine',
        doseMg: 0.1,
        route: 'PO',
        givenAt,
        status: 'held',
        holdReason: 'Patient asleep',
      });

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

    it("reads every demo stay in one statement as each part's own reader reads it", async () => {
      const stays = await t.db.selectFrom('admission').select(['id', 'unit_id', 'substance', 'opioid_kind']).execute();
      const orders = await t.db.selectFrom('medication_order').select(['id', 'admission_id']).execute();
      const seen = { orders: 0, doses: 0, plans: 0, scores: 0, substances: 0, hold: 0 };
      for (const stay of stays) {
        const givenAt = minutesAgo(0);
        const named = orders.filter((o) => o.admission_id === stay.id).map((o) => o.id);
        // The stay's own orders, and one of another stay's (the dose check refuses it by what it reads).
        const other = orders.find((o) => o.admission_id !== stay.id)?.id;
        for (const orderId of [undefined, ...named, other]) {
          const counter = new StatementCounter();
          const record = await readDoseCheckRecord(t.db.withPlugin(counter), {
            admissionId: stay.id,
            givenAt,
            orderId,
          });
          if (!record) throw new Error(`stay ${stay.id} was not read`);
          // One statement; the unit's protocol version is kept once read.
          if (orderId !== undefined) expect(counter.count, `stay ${stay.id}`).toBe(1);
          expect(record.admission.id).toBe(stay.id);
          expect(record.doses).toEqual(await chartedDoses(t.db, stay.id));
          const [facts] = orderId === undefined ? [] : await orderFacts(t.db, { orderId });
          expect(record.order).toEqual(facts);
          const clock = await unitClockAndProtocol(t.db, stay.unit_id);
          expect(record.timeZone).toBe(clock.timeZone);
          expect(record.protocol).toEqual(clock.protocol);
          expect(record.scores).toEqual(await scoresForDoseRules(t.db, stay.id, new Date(givenAt).toISOString()));
          expect(record.plans).toEqual(await currentTaperPlans(t.db, stay.id));
          expect(record.substances).toEqual((await substancesOf(t.db, [stay])).get(stay.id));
          seen.orders += record.order ? 1 : 0;
          seen.hold += record.order?.order.hold ? 1 : 0;
          seen.doses += record.doses.length;
          seen.plans += record.plans.size;
          seen.scores += record.scores.scores.length;
          seen.substances += record.substances.length > 1 ? 1 : 0;
        }
      }
      // Each part was compared with something in it, not only with empty lists.
      for (const [part, count] of Object.entries(seen)) expect(count, part).toBeGreaterThan(0);
    });

    it("leaves out the dose a correction replaces, and names the assessment's stay", async () => {
      const admissionId = await admitted('DCR-4');
      const orderId = await standingOrder(t.db, admissionId, 'clonidine');
      const first = await recordAdministration(t.db, nurse, heldClonidine(admissionId, orderId, minutesAgo(30)));
      const score = await recordAssessment(
        t.db,
        nurse,
        recordAssessmentInput.parse({ admissionId, instrument: 'SOWS', takenAt: minutesAgo(20), items: SOWS_ALL_ZERO }),
      );
      const question = { admissionId, givenAt: minutesAgo(0), orderId, assessmentId: score.id };
      const all = await readDoseCheckRecord(t.db, question);
      expect(all?.doses).toHaveLength(1);
      expect(all?.assessmentAdmissionId).toBe(admissionId);
      const without = await readDoseCheckRecord(t.db, { ...question, excludeAdministrationId: first.id });
      expect(without?.doses).toEqual([]);
      expect(
        (await readDoseCheckRecord(t.db, { ...question, assessmentId: score.id + 1000 }))?.assessmentAdmissionId,
      ).toBeNull();
      expect(await readDoseCheckRecord(t.db, { ...question, admissionId: admissionId + 1000 })).toBeUndefined();
    });

    it('charts a dose in four statements on PostgreSQL (five on SQLite), its stay read in one after its turn', async () => {
      const admissionId = await admitted('DCR-5');
      const orderId = await standingOrder(t.db, admissionId, 'clonidine');
      const counter = new StatementCounter();
      await recordAdministration(t.db.withPlugin(counter), nurse, {
        ...heldClonidine(admissionId, orderId, minutesAgo(0)),
        requestId: '6a0c4f0e-64f7-4e55-9d0e-3c8a0f3d9b11',
      });
      // PostgreSQL: the stay's turn, its record, the dose, then the request id and the audit row into
      // audit_pending in one statement (the sealer's pass after the COMMIT is shared by every write and
      // read around it, and runs on the handle without this counter). SQLite: no turn to take; the
      // request id, the audit head, then the row. It was eleven on PostgreSQL.
      expect(counter.count).toBe(dialect === 'postgres' ? 4 : 5);
      expect(await verifyAuditChain(t.db, DEVELOPMENT_AUDIT_HMAC_KEY)).toMatchObject({ ok: true, waitingRows: 0 });
    });

    it('charts a COWS in four statements on PostgreSQL (five on SQLite), the first buprenorphine doses read with its admission', async () => {
      const admissionId = await admitted('DCR-6');
      const counter = new StatementCounter();
      await recordAssessment(
        t.db.withPlugin(counter),
        nurse,
        recordAssessmentInput.parse({
          admissionId,
          instrument: 'COWS',
          takenAt: minutesAgo(0),
          items: { ...ZERO_COWS, yawning: 1 },
          requestId: '0b8f2d4e-3c1a-4f6b-9a7e-5d2c1b0a9f88',
        }),
      );
      // PostgreSQL: the stay's turn, its admission with the first buprenorphine doses (for the
      // precipitated-withdrawal watch), the score, then the request id with the audit row into
      // audit_pending. SQLite: no turn; the request id, the audit head, then the row. It was six: the
      // watch read the doses on its own.
      expect(counter.count).toBe(dialect === 'postgres' ? 4 : 5);
      expect(await verifyAuditChain(t.db, DEVELOPMENT_AUDIT_HMAC_KEY)).toMatchObject({ ok: true, waitingRows: 0 });
    });

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
