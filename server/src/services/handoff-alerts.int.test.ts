import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { admitInput, recordAssessmentInput } from '@detox/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shiftReportPdf } from '../render/pdf/shift-pdf.js';
import { unitIso } from '../shift-report/report-format.js';
import { shiftReportCsv } from '../render/shift-csv.js';
import { DIALECTS, type TestDatabase, actorFor, dialectAvailable, demoDatabase } from '../../test-support/databases.js';
import { ZERO_COWS as ZERO } from '../../test-support/cows.js';
import type { Actor } from './actor.js';
import { admit } from './admissions.js';
import { acknowledgeAlert, listAlerts } from './alerts.js';
import { recordAssessment } from './assessments.js';
import { censusBoard } from './census.js';
import { buildShiftReport } from './shift-report.js';

// Issue 15 item 3 on both databases: a precipitated-withdrawal alert raised by a COWS, acknowledged
// by a physician with a note, stays in the handoff of that shift (data, CSV, PDF) with who, when and
// the note, and on the board as acknowledged; and a PRN dose is not credited with a change when
// buprenorphine was given between its scores.

const COWS_7 = { ...ZERO, sweating: 2, restlessness: 1, yawning: 2, anxietyIrritability: 2 };
const COWS_26 = { ...ZERO, sweating: 4, restlessness: 5, pupils: 5, boneJointAches: 4, giUpset: 5, gooseflesh: 3 };
const NOTE = 'Seen at the bedside; no more buprenorphine today; clonidine PRN continues';

function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'detox-handoff-'));
  try {
    writeFileSync(path.join(dir, 'r.pdf'), pdf);
    // One line: cells and labelled paragraphs wrap wherever the page width falls.
    return execFileSync('pdftotext', [path.join(dir, 'r.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect))(`an acknowledged alert in the handoff, on ${dialect}`, () => {
    let t: TestDatabase;
    let nurse: Actor;
    let physician: Actor;
    let unitId: number;
    let admissionId: number;
    /** Where the charted course sits: inside one shift, wherever the clock is when the test runs. */
    let anchor: number;
    const at = (minutesBefore: number) => new Date(anchor - minutesBefore * 60_000).toISOString();

    beforeAll(async () => {
      t = await demoDatabase(dialect);
      nurse = await actorFor(t.db, 'nurse');
      physician = await actorFor(t.db, 'physician');
      unitId = (await t.db.selectFrom('unit').select('id').where('name', '=', 'Detox North').executeTakeFirstOrThrow())
        .id;
      // Three hours of course in one shift: the current one when it started 4 h ago or more, else the one before.
      const current = await buildShiftReport(t.db, nurse, { unitId });
      const start = Date.parse(current.window.shiftStart);
      anchor = Date.now() - start >= 4 * 3_600_000 ? Date.now() - 60_000 : start - 60_000;
      const input = admitInput.parse({
        unitId,
        bed: '11',
        patient: { mrn: 'INT-HANDOFF-1', name: 'Hana Handoff', birthDate: '1985-05-05' },
        substances: [{ code: 'heroin' }],
        lastUseAt: at(20 * 60),
        admittedAt: at(10 * 60),
      });
      admissionId = (await admit(t.db, nurse, input)).admissionId;
    });
    afterAll(async () => {
      await t?.close();
    });

    const chartDose = (drug: string, doseMg: number, minutesBefore: number, prn: boolean) =>
      t.db
        .insertInto('medication_administration')
        .values({
          admission_id: admissionId,
          drug,
          dose_mg: doseMg,
          route: drug === 'buprenorphine' ? 'SL' : 'PO',
          given_at: at(minutesBefore),
          status: 'given',
          prn: prn ? 1 : 0,
          indication: prn ? 'COWS 7' : null,
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
    const chartCows = (items: Record<string, number>, minutesBefore: number) =>
      recordAssessment(
        t.db,
        nurse,
        recordAssessmentInput.parse({
          admissionId,
          instrument: 'COWS',
          takenAt: at(minutesBefore),
          items,
          vitals: { heartRate: 76 },
        }),
      );

    it('the COWS of 26 after buprenorphine raises the alert; the handoff lists it as open', async () => {
      await chartCows(COWS_7, 180);
      await chartDose('clonidine', 0.1, 170, true);
      await chartDose('loperamide', 4, 165, true);
      await chartDose('buprenorphine', 4, 100, false);
      await chartCows(COWS_26, 40);
      const alerts = await listAlerts(t.db, nurse, admissionId);
      expect(alerts.map((a) => [a.code, a.severity, a.acknowledged])).toEqual([
        ['precipitated-withdrawal', 'danger', null],
      ]);
      const report = await buildShiftReport(t.db, nurse, { unitId });
      const section = report.patients.find((p) => p.admissionId === admissionId);
      expect(section?.shiftAlerts.map((a) => [a.code, a.status, a.acknowledged])).toEqual([
        ['precipitated-withdrawal', 'open', null],
      ]);
      expect(section?.openAlerts).toHaveLength(1);
    });

    it('once a physician acknowledges it with a note, the shift report still lists it with who, when and the note', async () => {
      const [alert] = await listAlerts(t.db, nurse, admissionId);
      if (!alert) throw new Error('no alert');
      const before = Date.now();
      await acknowledgeAlert(t.db, physician, { alertId: alert.id, note: NOTE });
      const report = await buildShiftReport(t.db, nurse, { unitId });
      const section = report.patients.find((p) => p.admissionId === admissionId);
      if (!section) throw new Error('no section');
      expect(section.openAlerts).toEqual([]);
      expect(section.shiftAlerts).toEqual([
        {
          id: alert.id,
          code: 'precipitated-withdrawal',
          severity: 'danger',
          message: alert.message,
          raisedAt: alert.raisedAt,
          raisedDuringShift: true,
          status: 'acknowledged',
          acknowledged: { by: physician.name, at: expect.any(String), note: NOTE },
        },
      ]);
      const ackAt = section.shiftAlerts[0]?.acknowledged?.at ?? '';
      expect(Date.parse(ackAt)).toBeGreaterThanOrEqual(before - 1000);
      expect(report.totals.acknowledgedAlerts).toBeGreaterThanOrEqual(1);

      const zone = report.unit.timeZone;
      const csvLine = shiftReportCsv(report)
        .split(/\r?\n/)
        .find((line) => line.includes('acknowledged-alert') && line.includes('Hana Handoff'));
      expect(csvLine).toBeDefined();
      expect(csvLine).toContain('precipitated-withdrawal');
      expect(csvLine).toContain(`acknowledged ${unitIso(ackAt, zone)} by ${physician.name}; note: ${NOTE}`);
      expect(
        csvLine?.endsWith(`,acknowledged,${physician.name}`) || csvLine?.endsWith(`,acknowledged,"${physician.name}"`),
      ).toBe(true);

      const text = pdfText(await shiftReportPdf(report));
      const hana = text.slice(text.indexOf('Hana Handoff'));
      expect(hana).toContain('S Situation awareness');
      expect(hana).toMatch(
        /Alerts acknowledged this shift DANGER precipitated-withdrawal: Possible precipitated withdrawal/,
      );
      expect(hana).toContain(`by ${physician.name}: "${NOTE}"`);
    });

    it('the board keeps the acknowledged alert beside the open ones, with who, when and the note', async () => {
      const board = await censusBoard(t.db, nurse, unitId);
      const row = board.rows.find((r) => r.admissionId === admissionId);
      expect(row?.openAlerts.filter((a) => a.dueAt === null)).toEqual([]);
      expect(row?.acknowledgedAlerts).toEqual([
        {
          id: expect.any(Number),
          code: 'precipitated-withdrawal',
          message: expect.stringMatching(/^Possible precipitated withdrawal/),
          severity: 'danger',
          since: expect.any(String),
          acknowledgedBy: physician.name,
          acknowledgedAt: expect.any(String),
          note: NOTE,
        },
      ]);
    });

    it('the clonidine and loperamide PRN doses are not credited with the rise: buprenorphine came between the scores', async () => {
      // The report of the shift the course was charted in (the current one, or the one before).
      const current = await buildShiftReport(t.db, nurse, { unitId });
      const shiftStart =
        Date.parse(current.window.shiftStart) <= anchor ? current.window.shiftStart : current.window.previousShiftStart;
      const report = await buildShiftReport(t.db, nurse, { unitId, shiftStart });
      const section = report.patients.find((p) => p.admissionId === admissionId);
      const prn = section?.administrations.filter((a) => a.prn) ?? [];
      expect(prn.map((a) => [a.drug, a.prnEffect?.effect, a.prnEffect?.change, a.prnEffect?.attributed])).toEqual([
        ['clonidine', 'not attributed', 19, false],
        ['loperamide', 'not attributed', 19, false],
      ]);
      const clock = (minutesBefore: number) => unitIso(at(minutesBefore), report.unit.timeZone).slice(11, 16);
      expect(prn[0]?.prnEffect?.text).toBe(
        `COWS 7 → 26; Loperamide 4 mg at ${clock(165)} and Buprenorphine 4 mg at ${clock(100)} also given, change not attributed`,
      );
      expect(shiftReportCsv(report)).toContain(
        `PRN effect: not attributed, before 7, after 26 (COWS 7 → 26; Loperamide 4 mg at ${clock(165)} and Buprenorphine 4 mg at ${clock(100)} also given`,
      );
    });
  });
}
