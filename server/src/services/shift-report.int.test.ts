import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../db/migrate.js';
import {
  DIALECTS,
  type TestDatabase,
  dialectAvailable,
  freshDatabase,
  refusalOf,
} from '../../test-support/databases.js';
import type { Actor } from './actor.js';
import {
  FIXTURE_NOW,
  FIXTURE_SHIFT_END,
  FIXTURE_SHIFT_START,
  type FixtureIds,
  insertShiftFixture,
} from '../../test-support/shift-report-fixture.js';
import { buildShiftReport } from './shift-report.js';
import type { ShiftReport } from '../shift-report/shift-report-types.js';

const score = (id: number, takenAt: string, total: number, severity: string, severityLabel: string) => ({
  id,
  takenAt,
  instrument: 'COWS',
  total,
  severity,
  severityLabel,
});

for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect))(`shift report from a known set of records on ${dialect}`, () => {
    let t: TestDatabase;
    let ids: FixtureIds;
    let actor: Actor;
    let report: ShiftReport;

    beforeAll(async () => {
      t = await freshDatabase(dialect);
      await migrateToLatest(t.db);
      ids = await insertShiftFixture(t.db);
      actor = { id: ids.nurseId, name: 'Nia Nurse, RN', role: 'nurse', address: '127.0.0.1' };
      report = await buildShiftReport(
        t.db,
        actor,
        { unitId: ids.unitId, shiftStart: FIXTURE_SHIFT_START },
        { now: FIXTURE_NOW },
      );
    });
    afterAll(async () => {
      await t?.close();
    });

    it('covers the 11-hour night the clocks go forward, with its neighbours', () => {
      expect(report.window).toEqual({
        shiftStart: FIXTURE_SHIFT_START,
        shiftEnd: FIXTURE_SHIFT_END,
        label: '2026-03-07 19:00–07:00',
        inProgress: false,
        dataUntil: '2026-03-08T11:00:00.000Z',
        previousShiftStart: '2026-03-07T07:00:00-05:00',
        nextShiftStart: '2026-03-08T07:00:00-04:00',
      });
      expect((Date.parse(report.window.shiftEnd) - Date.parse(report.window.shiftStart)) / 3_600_000).toBe(11);
      expect(report.unit).toEqual({
        id: ids.unitId,
        name: 'Test Ward',
        timeZone: 'America/New_York',
        shiftStarts: ['07:00', '19:00'],
        assessmentIntervalMinutes: 240,
        prnReassessMinutes: 60,
      });
      expect(report.generatedAt).toBe(FIXTURE_NOW.toISOString());
      expect(report.generatedBy).toEqual({ id: ids.nurseId, name: 'Nia Nurse, RN', role: 'nurse' });
    });

    it('has one section per patient in a bed during the shift, in bed order, and nobody else', () => {
      expect(report.patients.map((p) => [p.bed, p.patient.name])).toEqual([
        ['1', 'Alice Baker'],
        ['2', 'Bruno Costa'],
        ['3', 'Chen Li'],
      ]);
    });

    it('puts unit totals on top, corrected records not counted', () => {
      expect(report.totals).toEqual({
        census: 3,
        censusAtStart: 2,
        censusAtEnd: 2,
        admissions: 1,
        discharges: 1,
        byBand: { none: 1, mild: 0, moderate: 1, 'moderately-severe': 1, severe: 0, 'no-score': 0 },
        byIllnessSeverity: { stable: 1, watcher: 1, unstable: 1 },
        assessments: 6,
        dosesGiven: 3,
        prnDosesGiven: 2,
        heldOrRefused: 1,
        overdueAssessments: 6, // Alice 4 and Bruno 2, by the severity-driven schedule (issue 15)
        openAlerts: 1,
        acknowledgedAlerts: 1,
      });
    });

    it('reports Alice (bed 1) field by field', () => {
      const [alice] = report.patients;
      const { a0, a1, a2, a3, a4, a5, a6 } = ids.assessments;
      const { m1, m2, m3, m6 } = ids.administrations;
      expect(alice).toBeDefined();
      if (!alice) return;
      expect(alice.admissionId).toBe(ids.alice);
      expect(alice.patient).toEqual({
        id: expect.any(Number),
        name: 'Alice Baker',
        mrn: 'T-001',
        birthDate: '1980-01-02',
      });
      expect([alice.admittedAt, alice.dischargedAt, alice.admittedDuringShift, alice.dischargedDuringShift]).toEqual([
        '2026-03-06T14:00:00.000Z',
        null,
        false,
        false,
      ]);
      expect(alice.illness).toEqual({
        severity: 'watcher',
        reasons: [
          'latest COWS 15 (moderate)',
          'score rose 5 points',
          'DBP 58 mmHg (warning: < 60 mmHg)',
          'Temp 38.1 °C (warning: >= 38.0 °C)',
          'earlier in the shift: SpO2 89 % (critical: < 90 %)',
          'open alert: Rapid rise in COWS',
          'assessment overdue',
        ],
      });
      expect(alice.summary).toEqual({
        substance: 'Heroin (IV)',
        opioidKind: 'short',
        lastUseAt: '2026-03-06T08:00:00.000Z',
        hoursSinceLastUse: 51,
        phase: 'peak',
        phaseLabel: 'Peak',
        courseLabel: 'short-acting opioid course',
        dayOfStay: 3,
        withdrawalDay: 3,
      });
      const nia = {
        note: null,
        itemReasons: '',
        recordedBy: 'Nia Nurse, RN',
        status: 'active',
        correctionReason: null,
        replacesId: null,
      };
      expect(alice.scores).toEqual([
        { ...score(a1, '2026-03-08T01:00:00.000Z', 14, 'moderate', 'Moderate'), ...nia },
        { ...score(a2, '2026-03-08T03:00:00.000Z', 18, 'moderate', 'Moderate'), ...nia },
        { ...score(a3, '2026-03-08T04:15:00.000Z', 12, 'mild', 'Mild'), ...nia },
        {
          ...score(a4, '2026-03-08T06:00:00.000Z', 20, 'moderate', 'Moderate'),
          ...nia,
          status: 'entered-in-error',
          correctionReason: 'Charted on the wrong patient',
        },
        {
          ...score(a6, '2026-03-08T08:30:00.000Z', 15, 'moderate', 'Moderate'),
          ...nia,
          note: '=HYPERLINK("http://example.invalid","click")',
          replacesId: a5,
        },
      ]);
      expect(alice.scoreSummary).toEqual({
        instrument: 'COWS',
        count: 4,
        min: 12,
        max: 18,
        latest: score(a6, '2026-03-08T08:30:00.000Z', 15, 'moderate', 'Moderate'),
        baseline: score(a0, '2026-03-07T22:00:00.000Z', 10, 'mild', 'Mild'),
        trend: 'rising',
        rise: 5,
      });
      expect(alice.vitalsOutOfRange).toEqual([
        {
          sign: 'heartRate',
          value: 104,
          level: 'warning',
          limit: '> 100 bpm',
          message: 'HR 104 bpm (warning: > 100 bpm)',
          assessmentId: a1,
          takenAt: '2026-03-08T01:00:00.000Z',
        },
        {
          sign: 'spo2',
          value: 89,
          level: 'critical',
          limit: '< 90 %',
          message: 'SpO2 89 % (critical: < 90 %)',
          assessmentId: a2,
          takenAt: '2026-03-08T03:00:00.000Z',
        },
        {
          sign: 'diastolic',
          value: 58,
          level: 'warning',
          limit: '< 60 mmHg',
          message: 'DBP 58 mmHg (warning: < 60 mmHg)',
          assessmentId: a6,
          takenAt: '2026-03-08T08:30:00.000Z',
        },
        {
          sign: 'temperatureC',
          value: 38.1,
          level: 'warning',
          limit: '>= 38.0 °C',
          message: 'Temp 38.1 °C (warning: >= 38.0 °C)',
          assessmentId: a6,
          takenAt: '2026-03-08T08:30:00.000Z',
        },
      ]);
      const dose = {
        route: 'PO',
        overrideReason: null,
        recordedBy: 'Nia Nurse, RN',
        recordStatus: 'active',
        correctionReason: null,
        replacesId: null,
        prnEffect: null,
      };
      expect(alice.administrations).toEqual([
        {
          ...dose,
          id: m6,
          givenAt: '2026-03-08T02:00:00.000Z',
          drug: 'ondansetron',
          drugName: 'Ondansetron',
          doseMg: 4,
          status: 'given',
          prn: true,
          reason: 'Nausea',
          recordStatus: 'entered-in-error',
          correctionReason: 'Charted on the wrong patient',
        },
        {
          ...dose,
          id: m1,
          givenAt: '2026-03-08T03:10:00.000Z',
          drug: 'clonidine',
          drugName: 'Clonidine',
          doseMg: 0.1,
          status: 'given',
          prn: true,
          reason: 'Sweating, restlessness',
          // No other dose between 22:00 and 23:15 (the ondansetron at 21:00 was entered in error, the
          // clonidine at 00:00 held): the change is credited to this dose.
          prnEffect: {
            before: score(a2, '2026-03-08T03:00:00.000Z', 18, 'moderate', 'Moderate'),
            after: score(a3, '2026-03-08T04:15:00.000Z', 12, 'mild', 'Mild'),
            change: -6,
            effect: 'improved',
            reassessDueAt: '2026-03-08T04:10:00.000Z',
            otherDosesBetween: [],
            attributed: true,
            text: 'COWS 18 → 12 (improved)',
          },
        },
        {
          ...dose,
          id: m2,
          givenAt: '2026-03-08T05:00:00.000Z',
          drug: 'clonidine',
          drugName: 'Clonidine',
          doseMg: 0.1,
          status: 'held',
          prn: true,
          reason: 'SBP 88 before the dose',
        },
        {
          ...dose,
          id: m3,
          givenAt: '2026-03-08T09:00:00.000Z',
          drug: 'loperamide',
          drugName: 'Loperamide',
          doseMg: 4,
          status: 'given',
          prn: true,
          reason: '-loose stool x2',
          prnEffect: {
            before: score(a6, '2026-03-08T08:30:00.000Z', 15, 'moderate', 'Moderate'),
            after: null,
            change: null,
            effect: 'not reassessed',
            reassessDueAt: '2026-03-08T10:00:00.000Z',
            otherDosesBetween: [],
            attributed: false,
            text: 'COWS 15 before; no score since the dose (reassessment due 06:00)',
          },
        },
      ]);
      expect(alice.heldOrRefused).toEqual([
        {
          id: m2,
          givenAt: '2026-03-08T05:00:00.000Z',
          drugName: 'Clonidine',
          doseMg: 0.1,
          status: 'held',
          reason: 'SBP 88 before the dose',
        },
      ]);
      const window = { windowStart: '2026-03-07T11:00:00.000Z', windowEnd: '2026-03-08T11:00:00.000Z' };
      expect(alice.totals24h).toEqual([
        {
          drug: 'clonidine',
          drugName: 'Clonidine',
          givenMg: 0.1,
          doses: 1,
          maxMg: 0.8,
          percentOfMax: 13,
          level: 'ok',
          ...window,
        },
        {
          drug: 'loperamide',
          drugName: 'Loperamide',
          givenMg: 12,
          doses: 3,
          maxMg: 16,
          percentOfMax: 75,
          level: 'near',
          ...window,
        },
      ]);
      expect(alice.overdue).toEqual([
        // Issue 15: hourly while COWS is moderate or worse and while the danger alert was open (01:00 to its
        // acknowledgement at 05:00); the alert is named when both fall due at the same minute.
        {
          dueAt: '2026-03-08T02:00:00.000Z',
          because: 'danger-alert',
          why: 'every hour while a danger alert is open',
          assessedAt: '2026-03-08T03:00:00.000Z',
          minutesLate: 60,
        },
        {
          dueAt: '2026-03-08T04:00:00.000Z',
          because: 'danger-alert',
          why: 'every hour while a danger alert is open',
          assessedAt: '2026-03-08T04:15:00.000Z',
          minutesLate: 15,
        },
        {
          dueAt: '2026-03-08T08:15:00.000Z',
          because: 'routine',
          why: 'every 4 h while COWS is below moderate (12, mild)',
          assessedAt: '2026-03-08T08:30:00.000Z',
          minutesLate: 15,
        },
        {
          dueAt: '2026-03-08T09:30:00.000Z',
          because: 'severity',
          why: 'every hour while COWS is moderate or worse (15, moderate)',
          assessedAt: null,
          minutesLate: 90,
        },
      ]);
      expect(alice.openAlerts).toEqual([
        {
          id: ids.openAlertId,
          code: 'rapid-rise',
          severity: 'warning',
          message: 'Rapid rise in COWS',
          raisedAt: '2026-03-08T04:00:00.000Z',
        },
      ]);
      // The alert acknowledged at 00:00 stays in situation awareness, after the open one (issue 15).
      expect(alice.shiftAlerts).toEqual([
        {
          id: ids.openAlertId,
          code: 'rapid-rise',
          severity: 'warning',
          message: 'Rapid rise in COWS',
          raisedAt: '2026-03-08T04:00:00.000Z',
          raisedDuringShift: true,
          status: 'open',
          acknowledged: null,
        },
        {
          id: ids.acknowledgedAlertId,
          code: 'old',
          severity: 'danger',
          message: 'Acknowledged alert',
          raisedAt: '2026-03-08T01:00:00.000Z',
          raisedDuringShift: true,
          status: 'acknowledged',
          acknowledged: { by: 'Nia Nurse, RN', at: '2026-03-08T05:00:00.000Z', note: null },
        },
      ]);
      expect(alice.actions).toEqual([
        {
          kind: 'assessment',
          dueAt: '2026-03-08T09:30:00.000Z',
          text: 'COWS OVERDUE since 08 Mar 05:30 — every hour while COWS is moderate or worse (15, moderate)',
        },
        {
          kind: 'reassessment',
          dueAt: '2026-03-08T10:00:00.000Z',
          text: 'Reassess after the PRN dose given 08 Mar 05:00: due 08 Mar 06:00',
        },
        { kind: 'limit', dueAt: null, text: 'Loperamide: 12 mg of the 16 mg 24 h maximum given' },
        { kind: 'alert', dueAt: null, text: 'Open alert since 07 Mar 23:00: Rapid rise in COWS' },
      ]);
    });

    it('reports Bruno (bed 2), admitted during the shift and unstable, with his taper still to give', () => {
      const bruno = report.patients[1];
      expect(bruno).toBeDefined();
      if (!bruno) return;
      expect([bruno.admittedDuringShift, bruno.dischargedDuringShift]).toEqual([true, false]);
      expect(bruno.illness).toEqual({
        severity: 'unstable',
        reasons: ['latest COWS 26 (moderately severe)', 'HR 125 bpm (critical: > 120 bpm)', 'assessment overdue'],
      });
      expect(bruno.summary).toEqual({
        substance: 'Methadone (maintenance, stopped)',
        opioidKind: 'long',
        lastUseAt: '2026-03-07T10:00:00.000Z',
        hoursSinceLastUse: 25,
        phase: 'onset',
        phaseLabel: 'Onset',
        courseLabel: 'methadone course',
        dayOfStay: 2,
        withdrawalDay: 2,
      });
      expect(bruno.scoreSummary).toMatchObject({
        instrument: 'COWS',
        count: 1,
        min: 26,
        max: 26,
        baseline: null,
        trend: null,
        rise: null,
      });
      expect(bruno.administrations.map((a) => [a.drug, a.doseMg, a.status, a.prn, a.reason, a.prnEffect])).toEqual([
        ['methadone', 10, 'given', false, 'Taper day 1', null],
      ]);
      expect(bruno.totals24h).toEqual([
        {
          drug: 'methadone',
          drugName: 'Methadone',
          givenMg: 10,
          doses: 1,
          maxMg: null,
          percentOfMax: null,
          level: 'no-limit',
          windowStart: '2026-03-07T11:00:00.000Z',
          windowEnd: '2026-03-08T11:00:00.000Z',
        },
      ]);
      expect(bruno.overdue).toEqual([
        {
          dueAt: '2026-03-08T02:30:00.000Z',
          because: 'admission',
          why: 'first score on admission',
          assessedAt: '2026-03-08T02:45:00.000Z',
          minutesLate: 15,
        },
        // Issue 15: a COWS of 26 is followed by the next one within the hour, not after 4 h.
        {
          dueAt: '2026-03-08T03:45:00.000Z',
          because: 'severity',
          why: 'every hour while COWS is moderate or worse (26, moderately severe)',
          assessedAt: null,
          minutesLate: 435,
        },
      ]);
      expect(bruno.actions).toEqual([
        {
          kind: 'assessment',
          dueAt: '2026-03-08T03:45:00.000Z',
          text: 'COWS OVERDUE since 07 Mar 22:45 — every hour while COWS is moderate or worse (26, moderately severe)',
        },
        {
          kind: 'taper',
          dueAt: null,
          text: expect.stringMatching(
            /^Methadone taper, Stay day 2 \(\w{3} \d{1,2} \w{3}\): 15 mg planned, 0 mg given, 15 mg still to give$/,
          ),
        },
      ]);
      expect(bruno.openAlerts).toEqual([]);
      expect(bruno.shiftAlerts).toEqual([]);
    });

    it('reports Chen (bed 3), discharged during the shift: judged up to the discharge, nothing handed over', () => {
      const chen = report.patients[2];
      expect(chen).toBeDefined();
      if (!chen) return;
      expect([chen.dischargedAt, chen.admittedDuringShift, chen.dischargedDuringShift]).toEqual([
        '2026-03-08T05:00:00.000Z',
        false,
        true,
      ]);
      expect(chen.illness).toEqual({ severity: 'stable', reasons: [] });
      expect(chen.summary).toMatchObject({ hoursSinceLastUse: 89, phase: 'taper', dayOfStay: 4, withdrawalDay: 4 });
      expect(chen.scores.map((s) => [s.id, s.total, s.severityLabel])).toEqual([[ids.assessments.c1, 3, 'Below mild']]);
      expect(chen.scoreSummary).toMatchObject({ count: 1, min: 3, max: 3, trend: 'steady', rise: 0 });
      expect([
        chen.administrations,
        chen.totals24h,
        chen.overdue,
        chen.openAlerts,
        chen.shiftAlerts,
        chen.actions,
        chen.vitalsOutOfRange,
      ]).toEqual([[], [], [], [], [], [], []]);
    });

    it('writes one audit row per read, with references and no clinical values', async () => {
      const before = await t.db.selectFrom('audit_event').select('id').where('entity', '=', 'shift-report').execute();
      await buildShiftReport(
        t.db,
        actor,
        { unitId: ids.unitId, shiftStart: FIXTURE_SHIFT_START },
        { now: FIXTURE_NOW },
      );
      const rows = await t.db
        .selectFrom('audit_event')
        .select(['action', 'entity', 'entity_id', 'user_id', 'user_role', 'outcome'])
        .where('entity', '=', 'shift-report')
        .orderBy('id')
        .execute();
      expect(rows).toHaveLength(before.length + 1);
      expect(rows.at(-1)).toEqual({
        action: 'read',
        entity: 'shift-report',
        entity_id: ids.unitId,
        user_id: ids.nurseId,
        user_role: 'nurse',
        outcome: 'success',
      });
    });

    it('without a start, reports the shift in progress up to now', async () => {
      const current = await buildShiftReport(t.db, actor, { unitId: ids.unitId }, { now: FIXTURE_NOW });
      expect(current.window).toMatchObject({
        shiftStart: '2026-03-08T07:00:00-04:00',
        shiftEnd: '2026-03-08T19:00:00-04:00',
        inProgress: true,
        dataUntil: FIXTURE_NOW.toISOString(),
        nextShiftStart: null,
      });
      expect(current.patients.map((p) => p.patient.name)).toEqual(['Alice Baker', 'Bruno Costa', 'Evan After']);
    });

    it('refuses a time that is not a shift start, naming the starts either side', async () => {
      const refusal = await refusalOf(
        buildShiftReport(
          t.db,
          actor,
          { unitId: ids.unitId, shiftStart: '2026-03-07T21:00:00-05:00' },
          { now: FIXTURE_NOW },
        ),
      );
      expect(refusal.code).toBe('BAD_REQUEST');
      expect(refusal.path).toBe('shiftStart');
      expect(refusal.message).toBe(
        '2026-03-07T21:00:00-05:00 is not the start of a shift on Test Ward (shifts start at 07:00 and 19:00, America/New_York time); the nearest shift starts are 2026-03-07T19:00:00-05:00 and 2026-03-08T07:00:00-04:00',
      );
    });

    it('refuses a shift that has not started, and an unknown unit', async () => {
      const future = await refusalOf(
        buildShiftReport(
          t.db,
          actor,
          { unitId: ids.unitId, shiftStart: '2026-03-08T19:00:00-04:00' },
          { now: FIXTURE_NOW },
        ),
      );
      expect([future.code, future.message]).toEqual([
        'BAD_REQUEST',
        'The shift starting 2026-03-08T19:00:00-04:00 has not started yet; the shift in progress started at 2026-03-08T07:00:00-04:00',
      ]);
      const unknown = await refusalOf(buildShiftReport(t.db, actor, { unitId: 999_999 }, { now: FIXTURE_NOW }));
      expect([unknown.code, unknown.message]).toEqual(['NOT_FOUND', 'Unit 999999 does not exist']);
    });

    it('accepts the start written in UTC and gives the same report', async () => {
      const utc = await buildShiftReport(
        t.db,
        actor,
        { unitId: ids.unitId, shiftStart: '2026-03-08T00:00:00Z' },
        { now: FIXTURE_NOW },
      );
      expect(utc.window).toEqual(report.window);
      expect(utc.patients).toEqual(report.patients);
    });
  });
}
