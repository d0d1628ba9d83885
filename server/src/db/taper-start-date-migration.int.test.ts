import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, type TestDatabase, dialectAvailable, freshDatabase } from '../../test-support/databases.js';
import { migrateTo, migrateToLatest } from './migrate.js';

// Plans written before taper plans had a start date meant "day 1 = the date of admission": the
// migration gives each exactly that date on the unit's calendar, and the rows stay append-only.
for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect))(`migration 2026-12-02-taper-start-date, on ${dialect}`, () => {
    let t: TestDatabase;
    let planIds: number[] = [];

    beforeAll(async () => {
      t = await freshDatabase(dialect);
      await migrateTo(t.db, '2026-12-02-orders-medication-orders');
      // Raw rows as the schema stood: the new columns do not exist yet.
      // biome-ignore lint/suspicious/noExplicitAny: the schema before this migration has no type of its own (as in the migrations)
      const db = t.db as unknown as Kysely<any>;
      const at = '2026-11-01T00:00:00.000Z';
      const unit = await db
        .insertInto('unit')
        .values({
          name: 'Old Unit',
          time_zone: 'America/New_York',
          shift_starts: '["07:00","19:00"]',
          assessment_interval_minutes: 240,
          prn_reassess_minutes: 60,
          created_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const user = await db
        .insertInto('app_user')
        .values({
          username: 'old-doc',
          name: 'Dr Old',
          role: 'physician',
          password_hash: 'x',
          active: 1,
          created_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const admissions: number[] = [];
      // 23:30 in New York on 9 November is already 10 November in UTC: the start is the unit's date, 9 November.
      for (const [i, admittedAt] of ['2026-11-10T04:30:00.000Z', '2026-11-12T15:00:00.000Z'].entries()) {
        const patient = await db
          .insertInto('patient')
          .values({ mrn: `OLD-${i}`, name: `Old Patient ${i}`, birth_date: '1970-01-01', created_at: at })
          .returning('id')
          .executeTakeFirstOrThrow();
        const admission = await db
          .insertInto('admission')
          .values({
            unit_id: unit.id,
            bed: String(i + 1),
            patient_id: patient.id,
            substance: 'Heroin (IV)',
            opioid_kind: 'short',
            last_use_at: admittedAt,
            admitted_at: admittedAt,
            discharged_at: null,
            recorded_by: user.id,
            recorded_at: admittedAt,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        admissions.push(admission.id);
      }
      planIds = [];
      for (const admissionId of admissions) {
        const row = await db
          .insertInto('taper_plan')
          .values({
            admission_id: admissionId,
            drug: 'buprenorphine',
            days: '[{"day":1,"totalMg":8}]',
            recorded_by: user.id,
            recorded_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        planIds.push(row.id);
      }
      await migrateToLatest(t.db);
    });
    afterAll(async () => {
      await t?.close();
    });

    it('gives each existing plan the unit’s date of its admission as its start, and nothing else changes', async () => {
      const rows = await t.db
        .selectFrom('taper_plan')
        .select(['id', 'start_date', 'supersedes_id', 'change_reason', 'days'])
        .orderBy('id')
        .execute();
      expect(rows).toEqual([
        {
          id: planIds[0],
          start_date: '2026-11-09',
          supersedes_id: null,
          change_reason: null,
          days: '[{"day":1,"totalMg":8}]',
        },
        {
          id: planIds[1],
          start_date: '2026-11-12',
          supersedes_id: null,
          change_reason: null,
          days: '[{"day":1,"totalMg":8}]',
        },
      ]);
    });

    it('leaves the rows append-only', async () => {
      await expect(sql`update taper_plan set start_date = '2026-12-01'`.execute(t.db)).rejects.toThrow(/append-only/);
      await expect(sql`delete from taper_plan`.execute(t.db)).rejects.toThrow(/append-only/);
    });
  });
}
