import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../db/migrate.js';
import { OVERDUE_BECAUSE_LABEL } from '../render/overdue-label.js';
import { shiftReportCsv } from '../render/shift-csv.js';
import type { ShiftReport } from '../shift-report/shift-report-types.js';
import { DIALECTS, type TestDatabase, dialectAvailable, freshDatabase } from '../../test-support/databases.js';
import { FIXTURE_NOW, FIXTURE_SHIFT_START, insertShiftFixture } from '../../test-support/shift-report-fixture.js';
import { buildShiftReport } from './shift-report.js';

/**
 * The shift-report CSV is read by people (issue 15): an overdue assessment's row says what it is in
 * words, while the "event" column keeps the code a spreadsheet filter or an import matches on.
 */
for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect))(`shift-report CSV overdue rows on ${dialect}`, () => {
    let t: TestDatabase;
    let lines: string[];
    let report: ShiftReport;

    beforeAll(async () => {
      t = await freshDatabase(dialect);
      await migrateToLatest(t.db);
      const ids = await insertShiftFixture(t.db);
      report = await buildShiftReport(
        t.db,
        { id: ids.nurseId, name: 'Nia Nurse, RN', role: 'nurse', address: '127.0.0.1' },
        { unitId: ids.unitId, shiftStart: FIXTURE_SHIFT_START },
        { now: FIXTURE_NOW },
      );
      lines = shiftReportCsv(report).split(/\r?\n/);
    });
    afterAll(async () => {
      await t?.close();
    });

    it('keeps the machine code in "event" and says the reason in words, never the raw code', () => {
      const labels = Object.values(OVERDUE_BECAUSE_LABEL).join('|');
      const overdue = lines.filter((l) => l.includes(',overdue-assessment,'));
      expect(overdue.length).toBeGreaterThan(0);
      for (const line of overdue) {
        expect(line).toContain(',Overdue assessment,');
        expect(line).toMatch(new RegExp(`,"?(${labels}) due\\b.*?; (taken \\S+|not taken) \\(`));
        expect(line).not.toMatch(/,(admission|routine|after-prn|severity|danger-alert)\b/);
      }
      // One row per overdue episode of the report, each with its reason in words.
      const episodes = report.patients.flatMap((p) =>
        p.overdue.map((o) => [OVERDUE_BECAUSE_LABEL[o.because], o.assessedAt ? 'taken' : 'not taken']),
      );
      expect(
        overdue.map((l) => new RegExp(`,"?(${labels}) due\\b.*?; (taken|not taken)`).exec(l)?.slice(1, 3)),
      ).toEqual(episodes);
      expect(episodes).toContainEqual(['First assessment after admission', 'taken']);
    });
  });
}
