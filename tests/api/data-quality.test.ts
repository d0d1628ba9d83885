import { describe, expect, it } from 'vitest';
import {
  admitBody,
  cows18,
  doseBody,
  expectError,
  expectNothingWritten,
  minutesAgo,
  useApiServer,
} from '../support/api.js';
import { selectAll } from '../support/sqlite-counts.js';

/** Data quality at the door (issue 11, item 8): each refused with a message that says what to fix, and nothing written. */
const api = useApiServer({ login: ['nurse'] });

const admittedAt = (admissionId: number) =>
  selectAll<{ admitted_at: string }>(api.sqlitePath, 'select admitted_at from admission where id = ?', admissionId)[0]
    ?.admitted_at ?? '';

describe('bad values are refused at the door', () => {
  it.each([
    [
      'a right-to-left override in the name',
      { patient: { mrn: 'DQ-1', name: 'Ana \u202eseyeR', birthDate: '1990-06-15' } },
      'patient.name',
      /U\+202E/,
    ],
    [
      'a control character in the MRN',
      { patient: { mrn: 'DQ-\u00002', name: 'Test Patient', birthDate: '1990-06-15' } },
      'patient.mrn',
      /U\+0000/,
    ],
    [
      'a birth date in year 0',
      { patient: { mrn: 'DQ-3', name: 'Test Patient', birthDate: '0000-01-01' } },
      'patient.birthDate',
      /before 1900/,
    ],
    ['a last use in 1900', { lastUseAt: '1900-01-01T00:00:00Z' }, 'lastUseAt', /more than 365 days before admission/],
  ])('admission: %s', async (_label, overrides, path, message) => {
    const res = await expectNothingWritten(api, () =>
      api.nurse.mutate('admissions.admit', admitBody(api.unitId, '4', 'DQ-0', overrides)),
    );
    expectError(res, { status: 400, code: 'BAD_REQUEST', issues: [{ path, message }] });
  });

  it('a Vietnamese, Chinese or Arabic name is accepted as it is', async () => {
    const res = await api.nurse.mutate(
      'admissions.admit',
      admitBody(api.unitId, '4', 'DQ-OK-1', {
        patient: { mrn: 'DQ-OK-1', name: 'محمد عبد الله', birthDate: '1990-06-15' },
      }),
    );
    expect(res.status, res.text).toBe(200);
  });

  it('an assessment dated before the admission', async () => {
    const admissionId = api.admissionInBed('1');
    const before = new Date(Date.parse(admittedAt(admissionId)) - 60_000).toISOString();
    const res = await expectNothingWritten(api, () =>
      api.nurse.mutate('assessments.record', cows18(admissionId, { takenAt: before })),
    );
    expectError(res, {
      status: 400,
      code: 'BAD_REQUEST',
      issues: [{ path: 'takenAt', message: /before this admission began/ }],
    });
  });

  it('a dose of 1e-320 mg', async () => {
    const admissionId = api.admissionInBed('1');
    const res = await expectNothingWritten(api, () =>
      api.nurse.mutate('medications.record', doseBody(admissionId, { doseMg: 1e-320, givenAt: minutesAgo(5) })),
    );
    expectError(res, {
      status: 400,
      code: 'BAD_REQUEST',
      issues: [{ path: 'doseMg', message: 'a dose below 0.01 mg is not plausible; check the units (doses are in mg)' }],
    });
  });
});
