import { randomUUID } from 'node:crypto';
import { admitInput, recordAssessmentInput } from '@detox/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DIALECTS,
  type TestDatabase,
  actorFor,
  demoDatabase,
  dialectAvailable,
  minutesAgo,
  refusalOf,
  rowCounts,
} from '../../test-support/databases.js';
import { ZERO_COWS } from '../../test-support/cows.js';
import type { Actor } from './actor.js';
import { admit, discharge } from './admissions.js';
import { recordAssessment } from './assessments.js';
import { censusBoard } from './census.js';

// Client request ids on both dialects (issues 12, 13): copies of one request racing each other (a
// retry overtaking its original on another instance) land once, and each copy gets the first answer.
// On PostgreSQL the copies really run at once on separate connections: the loser of the race meets
// the primary key and reads the winner's answer.

for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect))(`client request ids on ${dialect}`, () => {
    let t: TestDatabase;
    let nurse: Actor;
    let physician: Actor;
    let admissionId: number;

    beforeAll(async () => {
      t = await demoDatabase(dialect);
      nurse = await actorFor(t.db, 'nurse');
      physician = await actorFor(t.db, 'physician');
      admissionId = (await admit(t.db, nurse, await admissionInFreeBed('INT-RID-1'))).admissionId;
    });
    afterAll(async () => {
      await t?.close();
    });

    /** An admission to the first free bed of Detox North, as a nurse would send it. */
    async function admissionInFreeBed(mrn: string, requestId?: string) {
      const unit = await t.db
        .selectFrom('unit')
        .select('id')
        .where('name', '=', 'Detox North')
        .executeTakeFirstOrThrow();
      const bed = (await censusBoard(t.db, nurse, unit.id)).emptyBeds[0];
      if (!bed) throw new Error('the demo unit has no free bed');
      return admitInput.parse({
        unitId: unit.id,
        bed,
        patient: { mrn, name: `Request Id Patient ${mrn}`, birthDate: '1980-01-01' },
        substances: [{ code: 'heroin' }],
        lastUseAt: minutesAgo(20 * 60),
        admittedAt: minutesAgo(180),
        requestId,
      });
    }

    const score = (requestId: string, minutes = 10) =>
      recordAssessmentInput.parse({
        admissionId,
        instrument: 'COWS',
        takenAt: minutesAgo(minutes),
        items: { ...ZERO_COWS, yawning: 1 },
        requestId,
      });
    const scores = () =>
      t.db
        .selectFrom('assessment')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('admission_id', '=', admissionId)
        .executeTakeFirstOrThrow()
        .then((r) => Number(r.n));

    it('eight copies sent at once: one score, one request row, the same answer for every copy', async () => {
      const before = await scores();
      const input = score(randomUUID());
      const answers = await Promise.all(Array.from({ length: 8 }, () => recordAssessment(t.db, nurse, input)));
      expect(new Set(answers.map((a) => a.id)).size).toBe(1);
      expect(answers.every((a) => JSON.stringify(a) === JSON.stringify(answers[0]))).toBe(true);
      expect(await scores()).toBe(before + 1);
      const requests = await t.db
        .selectFrom('client_request')
        .selectAll()
        .where('request_id', '=', input.requestId ?? '')
        .execute();
      expect(requests).toHaveLength(1);
      expect(requests[0]).toMatchObject({ procedure: 'assessments.record', user_id: nurse.id });
    });

    it('the same id from another user or with other content is a conflict, and nothing is written', async () => {
      const requestId = randomUUID();
      await recordAssessment(t.db, nurse, score(requestId));
      const before = await scores();
      expect((await refusalOf(recordAssessment(t.db, physician, score(requestId)))).code).toBe('CONFLICT');
      expect((await refusalOf(recordAssessment(t.db, nurse, score(requestId, 11)))).code).toBe('CONFLICT');
      expect(await scores()).toBe(before);
    });

    it('a repeat that its first run would now refuse (the bed taken, the stay closed) gets the first answer', async () => {
      const admission = await admissionInFreeBed('INT-RID-2', randomUUID());
      const admitted = await admit(t.db, nurse, admission);
      expect(await admit(t.db, nurse, admission)).toEqual(admitted);
      const closing = { admissionId: admitted.admissionId, dischargedAt: minutesAgo(1), requestId: randomUUID() };
      expect(await discharge(t.db, nurse, closing)).toEqual({ ok: true });
      const before = await rowCounts(t.db);
      expect(await discharge(t.db, nurse, closing)).toEqual({ ok: true });
      expect(await admit(t.db, nurse, admission)).toEqual(admitted);
      expect(await rowCounts(t.db)).toEqual(before);
      // Without its request id the same discharge is a new request, and refused in words.
      const again = await refusalOf(discharge(t.db, nurse, { ...closing, requestId: undefined }));
      expect(again.message).toMatch(/discharged at/);
    });

    it('request rows are append-only', async () => {
      const requestId = randomUUID();
      await recordAssessment(t.db, nurse, score(requestId));
      await expect(
        t.db.updateTable('client_request').set({ answer: '{}' }).where('request_id', '=', requestId).execute(),
      ).rejects.toThrow(/append-only/);
      await expect(t.db.deleteFrom('client_request').where('request_id', '=', requestId).execute()).rejects.toThrow(
        /append-only/,
      );
    });
  });
}
