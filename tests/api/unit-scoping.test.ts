import { beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectNothingWritten, minutesAgo, useApiServer } from '../support/api.js';
import { selectAll } from '../support/sqlite-counts.js';
import { SESSION_COOKIE, TrpcHttp, dataOf } from '../support/trpc-http.js';

/**
 * Unit scoping and break-the-glass (issue 11, item 3): users see and chart only the units they are
 * assigned to. Demo: nurse on Detox North, nurse-south on Detox South, the physician on both, the
 * admin on none.
 */
const api = useApiServer();
/** nurse-south, logged in by beforeAll. */
let south: TrpcHttp;
const f = {} as { southUnitId: number; northAdmission: number; southAdmission: number; southDischarge: number };

const NOT_ASSIGNED =
  /^You are not assigned to (the unit of this patient|this unit); ask an admin to assign you, or if this is an emergency, use "Emergency access"/;
const deniedRows = () =>
  selectAll<{ n: number }>(
    api.sqlitePath,
    "select count(*) as n from audit_event where action = 'denied' and outcome = 'denied'",
  )[0]?.n ?? 0;

async function download(client: TrpcHttp, path: string) {
  const res = await fetch(`${api.server.url}${path}`, {
    headers: client.cookie ? { cookie: `${SESSION_COOKIE}=${client.cookie}` } : {},
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    text,
    body: JSON.parse(text.startsWith('{') ? text : '{}') as Record<string, never>,
  };
}

beforeAll(async () => {
  south = new TrpcHttp(api.server.url);
  await south.login('nurse-south', 'demo-nurse-south');
  f.southUnitId =
    selectAll<{ id: number }>(api.sqlitePath, "select id from unit where name = 'Detox South'")[0]?.id ?? 0;
  f.northAdmission = api.admissionInBed('1');
  f.southAdmission = api.admissionInBed('S1');
  f.southDischarge = api.admissionInBed('S2');
});

describe('unit scoping', () => {
  it('units.list shows each user their own units; the admin sees all, to assign people', async () => {
    expect((dataOf(await south.query('units.list')) as { name: string }[]).map((u) => u.name)).toEqual(['Detox South']);
    expect((dataOf(await api.nurse.query('units.list')) as { name: string }[]).map((u) => u.name)).toEqual([
      'Detox North',
    ]);
    expect((dataOf(await api.physician.query('units.list')) as { name: string }[]).map((u) => u.name)).toEqual([
      'Detox North',
      'Detox South',
    ]);
    expect((dataOf(await api.admin.query('units.list')) as { name: string }[]).map((u) => u.name)).toEqual([
      'Detox North',
      'Detox South',
    ]);
    expect(dataOf(await south.query('auth.me'))).toMatchObject({ username: 'nurse-south', unitIds: [f.southUnitId] });
  });

  it('a nurse of South cannot read North: census, admissions, timeline, records by id, reports; each refusal is audited', async () => {
    const before = deniedRows();
    for (const [name, input] of [
      ['census.board', { unitId: api.unitId }],
      ['admissions.list', { unitId: api.unitId }],
      ['admissions.get', { admissionId: f.northAdmission }],
      ['timeline.get', { admissionId: f.northAdmission }],
      ['assessments.list', { admissionId: f.northAdmission }],
      ['reports.shift', { unitId: api.unitId }],
    ] as const) {
      expectError(await south.query(name, input), { status: 403, code: 'FORBIDDEN', message: NOT_ASSIGNED });
    }
    const assessmentId =
      selectAll<{ id: number }>(
        api.sqlitePath,
        'select id from assessment where admission_id = ? limit 1',
        f.northAdmission,
      )[0]?.id ?? 0;
    const correct = await expectNothingWritten(api, () =>
      south.mutate('assessments.correct', { assessmentId, reason: 'walking ids' }),
    );
    expectError(correct, { status: 403, code: 'FORBIDDEN', message: NOT_ASSIGNED });
    expect(deniedRows()).toBe(before + 7);
    const last = selectAll<{ user_id: number; entity: string; entity_id: number }>(
      api.sqlitePath,
      "select user_id, entity, entity_id from audit_event where action = 'denied' order by id desc limit 1",
    );
    expect(last[0]).toMatchObject({ entity: 'admission', entity_id: f.northAdmission });
  });

  it('the North nurse cannot read South, and the admin reads no patient', async () => {
    expectError(await api.nurse.query('admissions.get', { admissionId: f.southAdmission }), {
      status: 403,
      code: 'FORBIDDEN',
      message: NOT_ASSIGNED,
    });
    expectError(await api.admin.query('admissions.get', { admissionId: f.northAdmission }), {
      status: 403,
      code: 'FORBIDDEN',
      message: NOT_ASSIGNED,
    });
    expect(dataOf(await api.physician.query('admissions.get', { admissionId: f.southAdmission }))).toMatchObject({
      id: f.southAdmission,
    });
  });

  it('downloads are scoped the same way, in tRPC error shape', async () => {
    for (const path of [
      `/exports/fhir?admissionId=${f.northAdmission}`,
      `/reports/shift.csv?unitId=${api.unitId}`,
      `/reports/downtime.pdf?unitId=${api.unitId}`,
    ]) {
      const res = await download(south, path);
      expect(res.status, path).toBe(403);
      expect(res.body).toMatchObject({
        error: {
          code: -32003,
          message: expect.stringMatching(NOT_ASSIGNED),
          data: { code: 'FORBIDDEN', httpStatus: 403 },
        },
      });
    }
    // Without unitId, the downtime printout is the user's only unit.
    const own = await download(south, '/reports/downtime.pdf');
    expect(own.status).toBe(200);
  });

  it('break-the-glass: a reason is required; then the unit opens for an hour, and the grant is audited', async () => {
    const tooShort = await south.mutate('access.breakGlass', { admissionId: f.northAdmission, reason: 'need' });
    expectError(tooShort, { status: 400, code: 'BAD_REQUEST', issues: [{ path: 'reason' }] });
    expect(selectAll(api.sqlitePath, 'select id from emergency_access')).toHaveLength(0);

    const reason = 'Rapid response in North bed 1, covering nurse';
    const grant = dataOf(await south.mutate('access.breakGlass', { admissionId: f.northAdmission, reason })) as {
      id: number;
      unitId: number;
      expiresAt: string;
    };
    expect(grant.unitId).toBe(api.unitId);
    expect(Date.parse(grant.expiresAt) - Date.now()).toBeGreaterThan(59 * 60_000);
    expect(dataOf(await south.query('admissions.get', { admissionId: f.northAdmission }))).toMatchObject({
      id: f.northAdmission,
    });
    expect((dataOf(await south.query('units.list')) as { name: string }[]).map((u) => u.name)).toEqual([
      'Detox North',
      'Detox South',
    ]);
    expect(
      selectAll(
        api.sqlitePath,
        "select id from audit_event where action = 'create' and entity = 'emergency-access' and entity_id = ?",
        grant.id,
      ),
    ).toHaveLength(1);

    // The admins review it; a clinician may not, and an admin may not break the glass.
    const list = dataOf(await api.admin.query('access.emergencyList', {})) as {
      id: number;
      reason: string;
      user: { username: string };
      unit: { name: string };
      auditedActions: number;
    }[];
    expect(list[0]).toMatchObject({
      id: grant.id,
      reason,
      user: { username: 'nurse-south' },
      unit: { name: 'Detox North' },
    });
    expect(list[0]?.auditedActions).toBeGreaterThanOrEqual(1);
    expectError(await south.query('access.emergencyList', {}), { status: 403, code: 'FORBIDDEN' });
    expectError(await api.admin.mutate('access.breakGlass', { unitId: api.unitId, reason: 'I just want to look' }), {
      status: 403,
      code: 'FORBIDDEN',
    });
    // Another nurse of South holds no grant.
    expectError(await api.nurse.query('admissions.get', { admissionId: f.southAdmission }), {
      status: 403,
      code: 'FORBIDDEN',
    });
  });

  it('a discharged stay drops off after the unit-set period, except through emergency access', async () => {
    dataOf(await south.mutate('admissions.discharge', { admissionId: f.southDischarge, dischargedAt: minutesAgo(1) }));
    expect(dataOf(await south.query('admissions.get', { admissionId: f.southDischarge }))).toMatchObject({
      id: f.southDischarge,
    });
    expectError(await south.mutate('units.setDischargedVisibleHours', { unitId: f.southUnitId, hours: 0 }), {
      status: 403,
      code: 'FORBIDDEN',
    });
    expect(
      dataOf(await api.physician.mutate('units.setDischargedVisibleHours', { unitId: f.southUnitId, hours: 0 })),
    ).toEqual({ hours: 0 });
    expectError(await south.query('admissions.get', { admissionId: f.southDischarge }), {
      status: 403,
      code: 'FORBIDDEN',
      message: /^This patient was discharged more than 0 hours ago and is no longer on the unit's lists/,
    });
    // Open stays of the unit are unaffected.
    expect(dataOf(await south.query('admissions.get', { admissionId: f.southAdmission }))).toMatchObject({
      id: f.southAdmission,
    });
    dataOf(
      await south.mutate('access.breakGlass', {
        admissionId: f.southDischarge,
        reason: 'Readmitted today, need the last stay',
      }),
    );
    expect(dataOf(await south.query('admissions.get', { admissionId: f.southDischarge }))).toMatchObject({
      id: f.southDischarge,
    });
  });

  it('an admin assigns units: the North nurse then sees South', async () => {
    const nurseId =
      selectAll<{ id: number }>(api.sqlitePath, "select id from app_user where username = 'nurse'")[0]?.id ?? 0;
    expect(
      dataOf(await api.admin.mutate('users.setUnits', { userId: nurseId, unitIds: [api.unitId, f.southUnitId] })),
    ).toEqual({
      unitIds: [api.unitId, f.southUnitId].sort((a, b) => a - b),
    });
    expect(dataOf(await api.nurse.query('admissions.get', { admissionId: f.southAdmission }))).toMatchObject({
      id: f.southAdmission,
    });
    const users = dataOf(await api.admin.query('users.list')) as { username: string; unitIds: number[] }[];
    expect(users.find((u) => u.username === 'nurse-south')?.unitIds).toEqual([f.southUnitId]);
  });
});
