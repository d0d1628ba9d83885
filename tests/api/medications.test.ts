import { beforeAll, describe, expect, it } from 'vitest';
import {
  admitBody,
  cows18,
  doseBody,
  expectError,
  expectNothingWritten,
  minutesAgo,
  standingOrders,
  useApiServer,
} from '../support/api.js';
import { rowById, selectAll } from '../support/sqlite-counts.js';
import { dataOf } from '../support/trpc-http.js';
import type { ApiOutputs } from '../support/api-outputs.js';

const api = useApiServer();

type AdministrationDto = ApiOutputs['medications']['list'][number];

describe('medications over HTTP', () => {
  let admissionId: number;
  let assessmentId: number;
  let nurseId: number;
  let physicianId: number;

  beforeAll(async () => {
    admissionId = (
      dataOf(await api.nurse.mutate('admissions.admit', admitBody(api.unitId, '4', 'API-MED-1'))) as {
        admissionId: number;
      }
    ).admissionId;
    await standingOrders(api, admissionId);
    assessmentId = (
      dataOf(await api.nurse.mutate('assessments.record', cows18(admissionId, { takenAt: minutesAgo(15) }))) as {
        id: number;
      }
    ).id;
    nurseId = (dataOf(await api.nurse.query('auth.me')) as { id: number }).id;
    physicianId = (dataOf(await api.physician.query('auth.me')) as { id: number }).id;
  });

  let givenId: number;
  const givenAt = minutesAgo(10);

  it('records a dose given, linked to the assessment that prompted it, with the exact dose and an audit row', async () => {
    const before = api.counts();
    const res = await api.nurse.mutate('medications.record', doseBody(admissionId, { givenAt, assessmentId }));
    const saved = dataOf(res) as { id: number; warnings: unknown[] };
    expect(saved).toEqual({ id: expect.any(Number), warnings: [], givenOffline: false });
    givenId = saved.id;
    expect(api.counts()).toEqual({ ...before, medication_administration: before.medication_administration + 1 });
    expect(rowById(api.sqlitePath, 'medication_administration', saved.id)).toMatchObject({
      admission_id: admissionId,
      drug: 'ondansetron',
      dose_mg: 4,
      route: 'PO',
      given_at: givenAt,
      status: 'given',
      indication: 'Nausea',
      hold_reason: null,
      assessment_id: assessmentId,
      supersedes_id: null,
      recorded_by: nurseId,
    });
    const audit = selectAll(
      api.sqlitePath,
      "select action, user_id, outcome from audit_event where entity = 'administration' and entity_id = ?",
      saved.id,
    );
    expect(audit).toEqual([{ action: 'create', user_id: nurseId, outcome: 'success' }]);
  });

  it('records held and refused doses with their reasons, and keeps a fractional dose exact', async () => {
    const held = dataOf(
      await api.physician.mutate(
        'medications.record',
        doseBody(admissionId, {
          drug: 'clonidine',
          doseMg: 0.1,
          status: 'held',
          holdReason: 'BP 86/54, below hold parameter',
          givenAt: minutesAgo(8),
        }),
      ),
    ) as { id: number };
    const refused = dataOf(
      await api.nurse.mutate(
        'medications.record',
        doseBody(admissionId, {
          drug: 'ibuprofen',
          doseMg: 400,
          status: 'refused',
          holdReason: 'Patient declined',
          givenAt: minutesAgo(6),
        }),
      ),
    ) as { id: number };
    expect(rowById(api.sqlitePath, 'medication_administration', held.id)).toMatchObject({
      drug: 'clonidine',
      dose_mg: 0.1,
      status: 'held',
      hold_reason: 'BP 86/54, below hold parameter',
    });
    expect(rowById(api.sqlitePath, 'medication_administration', refused.id)).toMatchObject({
      drug: 'ibuprofen',
      dose_mg: 400,
      status: 'refused',
      hold_reason: 'Patient declined',
    });
  });

  it('lists every dose of the admission newest first', async () => {
    const list = dataOf(await api.physician.query('medications.list', { admissionId })) as AdministrationDto[];
    expect(list.map((d) => [d.drug, d.doseMg, d.status])).toEqual([
      ['ibuprofen', 400, 'refused'],
      ['clonidine', 0.1, 'held'],
      ['ondansetron', 4, 'given'],
    ]);
    expect(list[2]).toMatchObject({
      id: givenId,
      admissionId,
      route: 'PO',
      givenAt,
      indication: 'Nausea',
      holdReason: null,
      assessmentId,
      recordStatus: 'active',
      supersedesId: null,
      correction: null,
      recordedBy: { id: nurseId, name: 'Ana Reyes, RN' },
    });
    expect(list[1]?.recordedBy).toEqual({ id: physicianId, name: 'Dr. Ben Carter' });
  });

  it('refuses a held dose without a reason and a route the drug is not given by (400 with the issues), writing nothing', async () => {
    const noReason = await expectNothingWritten(api, () =>
      api.nurse.mutate('medications.record', doseBody(admissionId, { status: 'held' })),
    );
    expectError(noReason, {
      status: 400,
      code: 'BAD_REQUEST',
      message: 'holdReason: say why the dose was held',
      issues: [{ path: 'holdReason', message: 'say why the dose was held' }],
    });
    const route = await expectNothingWritten(api, () =>
      api.nurse.mutate('medications.record', doseBody(admissionId, { drug: 'buprenorphine', route: 'PO' })),
    );
    expectError(route, {
      status: 400,
      code: 'BAD_REQUEST',
      issues: [{ path: 'route', message: 'Buprenorphine is given SL, not PO' }],
    });
    const dose = await expectNothingWritten(api, () =>
      api.nurse.mutate('medications.record', doseBody(admissionId, { doseMg: 0 })),
    );
    expectError(dose, {
      status: 400,
      code: 'BAD_REQUEST',
      issues: [{ path: 'doseMg', message: 'dose must be more than 0 mg' }],
    });
  });

  let replacementId: number;

  it('corrects a dose with a replacement: the old row is superseded with reason, who and when', async () => {
    const before = api.counts();
    const res = await api.physician.mutate('medications.correct', {
      administrationId: givenId,
      reason: 'Dose was 8 mg per the order',
      replacement: {
        drug: 'ondansetron',
        doseMg: 8,
        route: 'PO',
        givenAt,
        status: 'given',
        indication: 'Nausea',
        assessmentId,
      },
    });
    const result = dataOf(res) as { id: number; correctedId: number; status: string };
    expect(result).toEqual({ id: expect.any(Number), correctedId: givenId, status: 'superseded' });
    replacementId = result.id;
    expect(api.counts()).toEqual({
      ...before,
      medication_administration: before.medication_administration + 1,
      record_correction: before.record_correction + 1,
    });
    const list = dataOf(await api.nurse.query('medications.list', { admissionId })) as AdministrationDto[];
    expect(list.find((d) => d.id === givenId)).toMatchObject({
      doseMg: 4,
      recordStatus: 'superseded',
      correction: {
        action: 'replaced',
        reason: 'Dose was 8 mg per the order',
        replacementId,
        correctedBy: { id: physicianId, name: 'Dr. Ben Carter' },
        correctedAt: expect.any(String),
      },
    });
    expect(list.find((d) => d.id === replacementId)).toMatchObject({
      doseMg: 8,
      recordStatus: 'active',
      supersedesId: givenId,
      assessmentId,
    });
    expect(rowById(api.sqlitePath, 'medication_administration', givenId)).toMatchObject({
      dose_mg: 4,
      supersedes_id: null,
    });
  });

  it('refuses to correct the superseded dose again (409), writing nothing', async () => {
    const res = await expectNothingWritten(api, () =>
      api.nurse.mutate('medications.correct', { administrationId: givenId, reason: 'Trying again' }),
    );
    expectError(res, {
      status: 409,
      code: 'CONFLICT',
      message: new RegExp(
        `^Administration ${givenId} was already corrected by administration ${replacementId} at \\S+; correct that one instead$`,
      ),
    });
  });

  it('marks a dose entered in error without a replacement; again is 409', async () => {
    const res = await api.nurse.mutate('medications.correct', {
      administrationId: replacementId,
      reason: 'Charted twice',
    });
    expect(dataOf(res)).toEqual({ id: replacementId, correctedId: replacementId, status: 'entered-in-error' });
    const list = dataOf(await api.nurse.query('medications.list', { admissionId })) as AdministrationDto[];
    expect(list.find((d) => d.id === replacementId)).toMatchObject({
      recordStatus: 'entered-in-error',
      correction: {
        action: 'entered-in-error',
        reason: 'Charted twice',
        replacementId: null,
        correctedBy: { id: nurseId, name: 'Ana Reyes, RN' },
      },
    });
    const again = await expectNothingWritten(api, () =>
      api.physician.mutate('medications.correct', { administrationId: replacementId, reason: 'Again' }),
    );
    expectError(again, {
      status: 409,
      code: 'CONFLICT',
      message: new RegExp(`^Administration ${replacementId} was already marked entered in error at `),
    });
  });

  it('records a dose a safety rule questions only with an override reason, and keeps the reason and the warnings', async () => {
    const body = doseBody(admissionId, {
      drug: 'ibuprofen',
      doseMg: 1000,
      indication: 'Severe aches',
      givenAt: minutesAgo(3),
    });
    const refused = await expectNothingWritten(api, () => api.nurse.mutate('medications.record', body));
    expectError(refused, {
      status: 412,
      code: 'PRECONDITION_FAILED',
      message: /single-dose maximum of 800 mg.*override reason/,
    });

    const res = await api.nurse.mutate('medications.record', {
      ...body,
      overrideReason: 'Ordered as a one-off by Dr. Carter',
    });
    const saved = dataOf(res) as {
      id: number;
      warnings: { code: string; requiresOverride: boolean; message: string }[];
    };
    expect(saved.warnings).toContainEqual(
      expect.objectContaining({
        code: 'above-single-dose-max',
        requiresOverride: true,
        message: expect.stringContaining('1000 mg'),
      }),
    );
    const row = rowById<{ override_reason: string; dose_mg: number; warnings: string }>(
      api.sqlitePath,
      'medication_administration',
      saved.id,
    );
    expect(row).toMatchObject({ override_reason: 'Ordered as a one-off by Dr. Carter', dose_mg: 1000 });
    expect(JSON.parse(row?.warnings ?? '[]')).toEqual(saved.warnings);
  });

  it('lets admin neither record nor correct (403), writing nothing, nor read (assigned to no unit)', async () => {
    expectError(await expectNothingWritten(api, () => api.admin.mutate('medications.record', doseBody(admissionId))), {
      status: 403,
      code: 'FORBIDDEN',
      message: 'Only a nurse or physician may do this; you are logged in as admin',
    });
    expectError(
      await expectNothingWritten(api, () =>
        api.admin.mutate('medications.correct', { administrationId: givenId, reason: 'Admin fix' }),
      ),
      {
        status: 403,
        code: 'FORBIDDEN',
      },
    );
    expect(dataOf(await api.physician.query('medications.list', { admissionId }))).toHaveLength(5);
    expectError(await api.admin.query('medications.list', { admissionId }), { status: 403, code: 'FORBIDDEN' });
  });
});
