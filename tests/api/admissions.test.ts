import { describe, expect, it } from 'vitest';
import { admitBody, expectError, expectNothingWritten, minutesAgo, useApiServer } from '../support/api.js';
import { rowById } from '../support/sqlite-counts.js';
import { dataOf } from '../support/trpc-http.js';
import type { ApiOutputs } from '../support/api-outputs.js';

const api = useApiServer();

type AdmissionDto = ApiOutputs['admissions']['get'];

describe('admissions over HTTP', () => {
  let admissionId: number;
  const lastUseAt = minutesAgo(12 * 60);
  const admittedAt = minutesAgo(90);

  it('admits a new patient (nurse) and returns only the new admission id', async () => {
    const before = api.counts();
    const res = await api.nurse.mutate(
      'admissions.admit',
      admitBody(api.unitId, '4', 'API-ADM-1', { lastUseAt, admittedAt, substance: 'Fentanyl (smoked)' }),
    );
    const body = dataOf(res) as { admissionId: number };
    expect(body).toEqual({ admissionId: expect.any(Number) });
    admissionId = body.admissionId;
    expect(api.counts()).toEqual({ ...before, patient: before.patient + 1, admission: before.admission + 1 });
    expect(rowById(api.sqlitePath, 'admission', admissionId)).toMatchObject({
      bed: '4',
      opioid_kind: 'short',
      discharged_at: null,
      last_use_at: lastUseAt,
    });
  });

  it('gets the admission with its patient', async () => {
    const admission = dataOf(await api.physician.query('admissions.get', { admissionId })) as AdmissionDto;
    expect(admission).toMatchObject({
      id: admissionId,
      unitId: api.unitId,
      bed: '4',
      patient: { id: expect.any(Number), mrn: 'API-ADM-1', name: 'Test Patient API-ADM-1', birthDate: '1990-06-15' },
      substance: 'Fentanyl (smoked)',
      opioidKind: 'short',
      lastUseAt,
      admittedAt,
      dischargedAt: null,
    });
    // Any user of the unit may read it; the admin, assigned to no unit, may not (unit-scoping.test.ts).
    // The same answer, read at another time (asOf: when the read began, for the page's live stream).
    expect(dataOf(await api.physician.query('admissions.get', { admissionId }))).toEqual({
      ...admission,
      asOf: expect.any(String),
    });
    expect(Date.parse(admission.asOf)).toBeLessThanOrEqual(Date.now());
    expectError(await api.admin.query('admissions.get', { admissionId }), { status: 403, code: 'FORBIDDEN' });
  });

  it('lists the open admissions of the unit by bed, the new one included', async () => {
    const list = dataOf(
      await api.nurse.query('admissions.list', { unitId: api.unitId }),
    ) as ApiOutputs['admissions']['list'];
    expect(list.map((a) => a.bed)).toEqual(['1', '2', '3', '4', '5', '6', '7', '9', '10']);
    expect(list.find((a) => a.bed === '4')?.id).toBe(admissionId);
    expect(list.find((a) => a.bed === '1')?.patient.name).toBe('Maria Alvarez');
  });

  it('lets a physician admit too, accepts an offset time, and stores it in UTC', async () => {
    const res = await api.physician.mutate(
      'admissions.admit',
      admitBody(api.unitId, '11', 'API-ADM-2', {
        opioidKind: 'long',
        substance: 'Methadone',
        lastUseAt: '2026-01-10T08:00:00-05:00',
        admittedAt: '2026-01-10T14:30:00-05:00',
      }),
    );
    const { admissionId: id } = dataOf(res) as { admissionId: number };
    const admission = dataOf(await api.nurse.query('admissions.get', { admissionId: id })) as AdmissionDto;
    expect(admission).toMatchObject({
      bed: '11',
      opioidKind: 'long',
      lastUseAt: '2026-01-10T13:00:00.000Z',
      admittedAt: '2026-01-10T19:30:00.000Z',
    });
  });

  it('refuses an occupied bed with 409 and a message naming the bed, writing nothing', async () => {
    const res = await expectNothingWritten(api, () =>
      api.nurse.mutate('admissions.admit', admitBody(api.unitId, '4', 'API-ADM-3')),
    );
    expectError(res, {
      status: 409,
      code: 'CONFLICT',
      message: `Bed 4 is occupied (admission ${admissionId}); discharge it first or choose another bed`,
    });
  });

  it('refuses a bed that is not on the unit with 400 and the issue on bed', async () => {
    const res = await expectNothingWritten(api, () =>
      api.nurse.mutate('admissions.admit', admitBody(api.unitId, '99', 'API-ADM-4')),
    );
    expectError(res, {
      status: 400,
      code: 'BAD_REQUEST',
      message: 'Bed 99 is not a bed on this unit',
      issues: [{ path: 'bed', message: 'Bed 99 is not a bed on this unit' }],
    });
  });

  it('refuses admin (403) and strangers (401), writing nothing', async () => {
    expectError(
      await expectNothingWritten(api, () =>
        api.admin.mutate('admissions.admit', admitBody(api.unitId, '12', 'API-ADM-5')),
      ),
      {
        status: 403,
        code: 'FORBIDDEN',
        message: 'Only a nurse or physician may do this; you are logged in as admin',
      },
    );
    expectError(
      await expectNothingWritten(api, () =>
        api.anonymous.mutate('admissions.admit', admitBody(api.unitId, '12', 'API-ADM-5')),
      ),
      {
        status: 401,
        code: 'UNAUTHORIZED',
      },
    );
    expectError(
      await expectNothingWritten(api, () =>
        api.admin.mutate('admissions.discharge', { admissionId, dischargedAt: minutesAgo(1) }),
      ),
      {
        status: 403,
        code: 'FORBIDDEN',
      },
    );
    expect(
      rowById<{ discharged_at: string | null }>(api.sqlitePath, 'admission', admissionId)?.discharged_at,
    ).toBeNull();
  });

  it('answers an unknown admission id with 404', async () => {
    expectError(await api.nurse.query('admissions.get', { admissionId: 999999 }), {
      status: 404,
      code: 'NOT_FOUND',
      message: 'Admission 999999 does not exist',
    });
  });

  it('discharges: the admission shows the time, leaves the list, and a second discharge is 409', async () => {
    const dischargedAt = minutesAgo(2);
    const before = api.counts();
    expect(dataOf(await api.nurse.mutate('admissions.discharge', { admissionId, dischargedAt }))).toEqual({ ok: true });
    expect(api.counts()).toEqual(before);
    const admission = dataOf(await api.nurse.query('admissions.get', { admissionId })) as AdmissionDto;
    expect(admission.dischargedAt).toBe(dischargedAt);
    const list = dataOf(
      await api.nurse.query('admissions.list', { unitId: api.unitId }),
    ) as ApiOutputs['admissions']['list'];
    expect(list.map((a) => a.bed)).not.toContain('4');

    const again = await expectNothingWritten(api, () =>
      api.physician.mutate('admissions.discharge', { admissionId, dischargedAt: minutesAgo(1) }),
    );
    expectError(again, {
      status: 409,
      code: 'CONFLICT',
      message: `This patient was discharged at ${dischargedAt}; nothing new can be charted on a closed admission`,
    });
    expect(rowById<{ discharged_at: string }>(api.sqlitePath, 'admission', admissionId)?.discharged_at).toBe(
      dischargedAt,
    );
  });

  it('frees the bed: the same bed takes the next patient', async () => {
    const res = await api.nurse.mutate('admissions.admit', admitBody(api.unitId, '4', 'API-ADM-6'));
    expect(dataOf(res)).toEqual({ admissionId: expect.any(Number) });
  });
});
