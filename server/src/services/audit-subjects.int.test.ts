import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, type TestDatabase, actorFor, dialectAvailable, demoDatabase } from '../../test-support/databases.js';
import { auditRead, writeAudit } from './audit.js';
import { searchAudit } from './audit-search.js';

describe.each(DIALECTS)('the audit trail searched by patient and user name, each row in words (%s)', (dialect) => {
  let t: TestDatabase;
  let maria: { admissionId: number; assessmentId: number };
  let otherAdmission: number;
  beforeAll(async () => {
    if (!dialectAvailable(dialect)) return;
    t = await demoDatabase(dialect);
    const stays = await t.db
      .selectFrom('admission')
      .innerJoin('patient', 'patient.id', 'admission.patient_id')
      .select(['admission.id', 'patient.name'])
      .where('admission.discharged_at', 'is', null)
      .execute();
    const stay = stays.find((s) => s.name === 'Maria Alvarez');
    const other = stays.find((s) => s.name === 'James Whitfield');
    if (!stay || !other) throw new Error('the demo unit has changed');
    const assessment = await t.db
      .selectFrom('assessment')
      .select('id')
      .where('admission_id', '=', stay.id)
      .executeTakeFirstOrThrow();
    maria = { admissionId: stay.id, assessmentId: assessment.id };
    otherAdmission = other.id;
    const nurse = await actorFor(t.db, 'nurse');
    const physician = await actorFor(t.db, 'physician');
    await auditRead(t.db, nurse, 'timeline', maria.admissionId);
    await auditRead(t.db, physician, 'timeline', otherAdmission);
    await t.db.transaction().execute((trx) => writeAudit(trx, physician, 'create', 'assessment', maria.assessmentId));
  });
  afterAll(async () => {
    await t?.close();
  });

  it.runIf(dialectAvailable(dialect))(
    'finds every row about a patient by part of the name, in any case, and names the patient and the change',
    async () => {
      const admin = await actorFor(t.db, 'admin');
      const page = await searchAudit(t.db, admin, { patient: 'alVAREZ', limit: 1000 });
      const ids = page.events.map((e) => `${e.entity}:${e.entityId}`);
      expect(ids).toContain(`timeline:${maria.admissionId}`);
      expect(ids).toContain(`assessment:${maria.assessmentId}`);
      expect(ids).not.toContain(`timeline:${otherAdmission}`);
      const chart = page.events.find((e) => e.entity === 'timeline');
      expect(chart?.subject).toEqual({
        patient: expect.stringMatching(/^Maria Alvarez \(bed \w+\)$/),
        change: `Viewed withdrawal chart of stay #${maria.admissionId}`,
      });
      const charted = page.events.find((e) => e.entity === 'assessment' && e.action === 'create');
      expect(charted?.subject.change).toBe(`Charted assessment #${maria.assessmentId}`);
    },
  );

  it.runIf(dialectAvailable(dialect))(
    'narrows by part of a user’s name, and finds nothing for a patient who is not there',
    async () => {
      const admin = await actorFor(t.db, 'admin');
      const byPhysician = await searchAudit(t.db, admin, { userName: 'carter', patient: 'Alvarez', limit: 1000 });
      expect(byPhysician.events.map((e) => `${e.entity}:${e.entityId}`)).toEqual([`assessment:${maria.assessmentId}`]);
      const nobody = await searchAudit(t.db, admin, { patient: 'No Such Patient', limit: 1000 });
      expect(nobody.events).toEqual([]);
      // A % typed by the admin is a literal %, not "anything".
      expect((await searchAudit(t.db, admin, { userName: '%%', limit: 1000 })).events).toEqual([]);
    },
  );
});
