import { DEFAULT_UNIT_PROTOCOL, admitInput, recordAdministrationInput, recordAssessmentInput } from '@detox/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DIALECTS,
  type TestDatabase,
  actorFor,
  dialectAvailable,
  demoDatabase,
  minutesAgo,
} from '../../test-support/databases.js';
import { standingOrder } from '../../test-support/orders.js';
import { ZERO_COWS } from '../../test-support/cows.js';
import type { Actor } from './actor.js';
import { recordAdministration } from './administrations.js';
import { admit } from './admissions.js';
import { acknowledgeAlert } from './alerts.js';
import { recordAssessment } from './assessments.js';
import { censusBoard } from './census.js';
import { currentProtocol, updateProtocol } from './protocol.js';

// Issue 15, item 2, over the real database on both dialects: after a COWS of 26 and a
// precipitated-withdrawal alert the board says the next COWS is due within the hour, and why.

/** 10: mild; 26: moderately severe (docs/clinical.md §1.3); 7: mild. Pulse 0, so a heart rate of 76 agrees. */
const COWS = {
  7: { ...ZERO_COWS, gooseflesh: 5, yawning: 2 },
  10: { ...ZERO_COWS, gooseflesh: 5, restlessness: 5 },
  26: { ...ZERO_COWS, gooseflesh: 5, restlessness: 5, pupils: 5, giUpset: 5, sweating: 4, yawning: 2 },
} as const;

const MIN = 60_000;

for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect))(`reassessment follows severity on ${dialect}`, () => {
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
      const board = await censusBoard(t.db, nurse, unitId);
      const bed = board.emptyBeds[0];
      if (!bed) throw new Error('the demo unit has no free bed');
      admissionId = (
        await admit(
          t.db,
          nurse,
          admitInput.parse({
            unitId,
            bed,
            patient: { mrn: 'INT-REASSESS-1', name: 'Reassessment Test Patient', birthDate: '1985-05-05' },
            substances: [{ code: 'heroin' }],
            lastUseAt: minutesAgo(20 * 60),
            admittedAt: minutesAgo(180),
          }),
        )
      ).admissionId;
    });
    afterAll(async () => {
      await t?.close();
    });

    /** Charts a COWS through the real service; returns the time it was taken. */
    const chartCows = async (total: keyof typeof COWS, minutes: number) => {
      const takenAt = minutesAgo(minutes);
      const saved = await recordAssessment(
        t.db,
        nurse,
        recordAssessmentInput.parse({
          admissionId,
          instrument: 'COWS',
          takenAt,
          items: COWS[total],
          vitals: { heartRate: 76 },
        }),
      );
      expect(saved.total).toBe(total);
      return { takenAt };
    };
    const row = async () => {
      const board = await censusBoard(t.db, nurse, unitId);
      const r = board.rows.find((x) => x.admissionId === admissionId);
      if (!r) throw new Error('the test patient is not on the board');
      return { board, row: r, dueInMinutes: (Date.parse(r.nextAssessmentDue) - Date.now()) / MIN };
    };

    it('before the first score: due on admission', async () => {
      const { row: r } = await row();
      expect(r).toMatchObject({ dueBecause: 'admission', dueWhy: 'first score on admission', overdue: true });
    });

    it('COWS 10 (mild): routine, 4 h after the score', async () => {
      const saved = await chartCows(10, 100);
      const { row: r } = await row();
      expect(r).toMatchObject({
        dueBecause: 'routine',
        dueWhy: 'every 4 h while COWS is below moderate (10, mild)',
        overdue: false,
      });
      expect(r.nextAssessmentDue).toBe(new Date(Date.parse(saved.takenAt) + 240 * MIN).toISOString());
    });

    it('the first buprenorphine dose: due 1 h after it', async () => {
      const orderId = await standingOrder(t.db, admissionId, 'buprenorphine');
      const givenAt = minutesAgo(90);
      await recordAdministration(
        t.db,
        nurse,
        recordAdministrationInput.parse({
          admissionId,
          orderId,
          drug: 'buprenorphine',
          doseMg: 4,
          route: 'SL',
          givenAt,
          status: 'given',
          indication: 'Induction',
        }),
      );
      const { row: r } = await row();
      expect(r).toMatchObject({
        dueBecause: 'after-first-buprenorphine',
        dueWhy: '1 h after first buprenorphine dose',
        overdue: true,
      });
      expect(r.nextAssessmentDue).toBe(new Date(Date.parse(givenAt) + 60 * MIN).toISOString());
    });

    it('COWS 26 with a precipitated-withdrawal alert: due within 1 h, every hour while moderate or worse', async () => {
      const saved = await chartCows(26, 10);
      const { row: r, dueInMinutes } = await row();
      expect(r.openAlerts.map((a) => a.code)).toContain('precipitated-withdrawal');
      expect(r).toMatchObject({
        dueBecause: 'severity',
        dueWhy: 'every hour while COWS is moderate or worse (26, moderately severe)',
        overdue: false,
      });
      expect(r.nextAssessmentDue).toBe(new Date(Date.parse(saved.takenAt) + 60 * MIN).toISOString());
      expect(dueInMinutes).toBeGreaterThan(0);
      expect(dueInMinutes).toBeLessThanOrEqual(60);
    });

    it('COWS back to 7 while the alert is open: still every hour, because of the alert; routine once acknowledged', async () => {
      const saved = await chartCows(7, 5);
      const { row: r, dueInMinutes } = await row();
      expect(r).toMatchObject({ dueBecause: 'danger-alert', dueWhy: 'every hour while a danger alert is open' });
      expect(dueInMinutes).toBeGreaterThan(50);
      expect(dueInMinutes).toBeLessThanOrEqual(61);

      const alert = await t.db
        .selectFrom('alert')
        .select('id')
        .where('admission_id', '=', admissionId)
        .executeTakeFirstOrThrow();
      await acknowledgeAlert(t.db, physician, { alertId: alert.id, note: 'Seen; symptomatic treatment' });
      const { row: after } = await row();
      expect(after).toMatchObject({
        dueBecause: 'routine',
        dueWhy: 'every 4 h while COWS is below moderate (7, mild)',
      });
      expect(after.nextAssessmentDue).toBe(new Date(Date.parse(saved.takenAt) + 240 * MIN).toISOString());
    });

    it("follows the unit protocol's schedule: a tighter one applies at once, a looser one waits for a second physician", async () => {
      const current = (await currentProtocol(t.db, unitId)).protocol;
      const tighter = {
        ...current,
        reassessment: { ...DEFAULT_UNIT_PROTOCOL.reassessment, routineMinutes: 120 },
      } as typeof current;
      const result = await updateProtocol(t.db, physician, {
        unitId,
        protocol: tighter,
        reason: 'Score every 2 h on this unit',
      });
      expect(result.pendingChangeId).toBeNull();
      const { board, row: r } = await row();
      expect(r.dueWhy).toBe('every 2 h while COWS is below moderate (7, mild)');
      expect(board.unit.assessmentIntervalMinutes).toBe(120);

      const looser = { ...tighter, reassessment: { ...tighter.reassessment, routineMinutes: 360 } } as typeof current;
      const pending = await updateProtocol(t.db, physician, { unitId, protocol: looser, reason: 'Every 6 h' });
      expect(pending.pendingChangeId).toEqual(expect.any(Number));
      expect(pending.loosened).toEqual(['Reassessment: the routine interval lengthened from 120 to 360 min']);
      expect((await row()).row.dueWhy).toBe('every 2 h while COWS is below moderate (7, mild)');
    });
  });
}
