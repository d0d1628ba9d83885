import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiContext,
  COWS_18,
  type ExpectedError,
  admitBody,
  cows18,
  cowsContent,
  doseBody,
  expectError,
  expectNothingWritten,
  minutesAgo,
  standingOrders,
  useApiServer,
} from '../support/api.js';
import { type TrpcHttp, type TrpcResponse, dataOf } from '../support/trpc-http.js';

/**
 * The error table of api.md, case by case: the HTTP status, the tRPC code, a message in words, the
 * issues for a 400, and that nothing was written to any clinical table.
 */

const api = useApiServer();

interface Fixture {
  /** An open admission of this file's own (bed 4). */
  open: number;
  /** A discharged admission (bed 8). */
  closed: number;
  closedAt: string;
  supersededAssessment: number;
  replacementAssessment: number;
  supersededDose: number;
  replacementDose: number;
}
const f = {} as Fixture;

beforeAll(async () => {
  f.open = (
    dataOf(await api.nurse.mutate('admissions.admit', admitBody(api.unitId, '4', 'API-ERR-1'))) as {
      admissionId: number;
    }
  ).admissionId;
  f.closed = (
    dataOf(await api.nurse.mutate('admissions.admit', admitBody(api.unitId, '8', 'API-ERR-2'))) as {
      admissionId: number;
    }
  ).admissionId;
  await standingOrders(api, f.open);
  await standingOrders(api, f.closed);
  f.closedAt = minutesAgo(1);
  dataOf(await api.nurse.mutate('admissions.discharge', { admissionId: f.closed, dischargedAt: f.closedAt }));
  f.supersededAssessment = (dataOf(await api.nurse.mutate('assessments.record', cows18(f.open))) as { id: number }).id;
  f.replacementAssessment = (
    dataOf(
      await api.nurse.mutate('assessments.correct', {
        assessmentId: f.supersededAssessment,
        reason: 'Recounted',
        replacement: cowsContent(),
      }),
    ) as { id: number }
  ).id;
  f.supersededDose = (dataOf(await api.nurse.mutate('medications.record', doseBody(f.open))) as { id: number }).id;
  f.replacementDose = (
    dataOf(
      await api.nurse.mutate('medications.correct', {
        administrationId: f.supersededDose,
        reason: 'Dose was 8 mg',
        replacement: { drug: 'ondansetron', doseMg: 8, route: 'PO', givenAt: minutesAgo(5), status: 'given' },
      }),
    ) as { id: number }
  ).id;
});

type Who = 'nurse' | 'physician' | 'admin' | 'anonymous';

interface ErrorCase {
  name: string;
  who: Who;
  call: (client: TrpcHttp, ctx: ApiContext) => Promise<TrpcResponse>;
  expected: () => ExpectedError;
}

const ALL_DRUGS =
  'methadone, buprenorphine, buprenorphine-naloxone, clonidine, loperamide, lofexidine, naltrexone, ondansetron, ibuprofen, acetaminophen, hydroxyzine, dicyclomine, methocarbamol, trazodone';
const FUTURE = 'is in the future; enter the time it actually happened';
const ISO = 'must be an ISO-8601 time with an offset, such as 2026-11-22T03:00:00-05:00';
const FORBIDDEN = 'Only a nurse or physician may do this; you are logged in as admin';
const NOT_LOGGED_IN = 'You are not logged in, or your session has ended; log in again';
const TOO_LARGE = 'The request is larger than the 1 MB limit; shorten the note or other text and send it again';

const { gooseflesh: _omitted, ...COWS_WITHOUT_GOOSEFLESH } = COWS_18;

const badRequest =
  (path: string, message: string): (() => ExpectedError) =>
  () => ({
    status: 400,
    code: 'BAD_REQUEST',
    message: `${path}: ${message}`,
    issues: [{ path, message }],
  });

const CASES: ErrorCase[] = [
  // 400: input fails the schema
  {
    name: 'wrong type: admissionId as text',
    who: 'nurse',
    call: (c) => c.mutate('assessments.record', cows18(f.open, { admissionId: 'one' })),
    expected: badRequest('admissionId', 'must be a whole number id'),
  },
  {
    name: 'wrong type: an item score as text',
    who: 'nurse',
    call: (c) => c.mutate('assessments.record', cows18(f.open, { items: { ...COWS_18, pupils: '2' } })),
    expected: badRequest('items.pupils', 'COWS pupil size allows 0, 1, 2 or 5; got "2"'),
  },
  {
    name: 'wrong type: the dose as text',
    who: 'nurse',
    call: (c) => c.mutate('medications.record', doseBody(f.open, { doseMg: '4 mg' })),
    expected: badRequest('doseMg', 'dose must be a number of milligrams'),
  },
  {
    name: 'value not allowed for an item: COWS pupils 3',
    who: 'nurse',
    call: (c) => c.mutate('assessments.record', cows18(f.open, { items: { ...COWS_18, pupils: 3 } })),
    expected: badRequest('items.pupils', 'COWS pupil size allows 0, 1, 2 or 5; got 3'),
  },
  {
    name: 'value not allowed for an item: COWS gooseflesh 4',
    who: 'physician',
    call: (c) => c.mutate('assessments.record', cows18(f.open, { items: { ...COWS_18, gooseflesh: 4 } })),
    expected: badRequest('items.gooseflesh', 'COWS gooseflesh skin allows 0, 3 or 5; got 4'),
  },
  {
    name: 'an item the instrument does not have',
    who: 'nurse',
    call: (c) => c.mutate('assessments.record', cows18(f.open, { items: { ...COWS_18, hiccups: 1 } })),
    expected: badRequest('items.hiccups', 'COWS has no item "hiccups"'),
  },
  {
    name: 'a replacement with a value not allowed (correction)',
    who: 'nurse',
    call: (c) =>
      c.mutate('assessments.correct', {
        assessmentId: f.replacementAssessment,
        reason: 'Recount',
        replacement: cowsContent({ items: { ...COWS_18, pupils: 3 } }),
      }),
    expected: badRequest('replacement.items.pupils', 'COWS pupil size allows 0, 1, 2 or 5; got 3'),
  },
  {
    name: 'the COWS pulse item disagrees with the heart rate',
    who: 'nurse',
    call: (c) => c.mutate('assessments.record', cows18(f.open, { vitals: { heartRate: 101 } })),
    expected: badRequest(
      'items.pulse',
      'COWS resting pulse is scored 1, below the 2 that a heart rate of 101 bpm scores; score only what withdrawal causes, and say why the pulse is not from withdrawal (e.g. just walked back from the bathroom), or correct the pulse item or the heart rate',
    ),
  },
  {
    name: 'an implausible vital sign',
    who: 'nurse',
    call: (c) => c.mutate('assessments.record', cows18(f.open, { vitals: { heartRate: 92, spo2: 101 } })),
    expected: badRequest('vitals.spo2', 'SpO2 above 100 % is not plausible; check the reading'),
  },
  {
    name: 'unknown instrument',
    who: 'nurse',
    call: (c) => c.mutate('assessments.record', cows18(f.open, { instrument: 'MINI-COWS' })),
    expected: () => ({
      status: 400,
      code: 'BAD_REQUEST',
      issues: [{ path: 'instrument', message: 'instrument must be one of COWS, SOWS, CIWA-Ar' }],
    }),
  },
  {
    name: 'unknown drug',
    who: 'nurse',
    call: (c) => c.mutate('medications.record', doseBody(f.open, { drug: 'oxycodone' })),
    expected: badRequest('drug', `drug must be one of ${ALL_DRUGS}`),
  },
  {
    name: 'unknown drug in a correction’s replacement',
    who: 'physician',
    call: (c) =>
      c.mutate('medications.correct', {
        administrationId: f.replacementDose,
        reason: 'Wrong drug',
        replacement: { drug: 'tramadol', doseMg: 50, route: 'PO', givenAt: minutesAgo(5), status: 'given' },
      }),
    expected: badRequest('replacement.drug', `drug must be one of ${ALL_DRUGS}`),
  },
  {
    name: 'route the drug is not given by',
    who: 'nurse',
    call: (c) => c.mutate('medications.record', doseBody(f.open, { route: 'SL' })),
    expected: badRequest('route', 'Ondansetron is given PO or IV or IM, not SL'),
  },
  {
    name: 'an assessment time more than 5 minutes in the future',
    who: 'nurse',
    call: (c) =>
      c.mutate('assessments.record', cows18(f.open, { takenAt: new Date(Date.now() + 6 * 60_000).toISOString() })),
    expected: badRequest('takenAt', FUTURE),
  },
  {
    name: 'a dose time more than 5 minutes in the future',
    who: 'nurse',
    call: (c) =>
      c.mutate('medications.record', doseBody(f.open, { givenAt: new Date(Date.now() + 60 * 60_000).toISOString() })),
    expected: badRequest('givenAt', FUTURE),
  },
  {
    name: 'an admission time in the future',
    who: 'nurse',
    call: (c, ctx) =>
      c.mutate(
        'admissions.admit',
        admitBody(ctx.unitId, '12', 'API-ERR-3', { admittedAt: new Date(Date.now() + 10 * 60_000).toISOString() }),
      ),
    expected: badRequest('admittedAt', FUTURE),
  },
  {
    name: 'a time without an offset',
    who: 'nurse',
    call: (c) => c.mutate('assessments.record', cows18(f.open, { takenAt: '2026-11-22T03:00:00' })),
    expected: badRequest('takenAt', ISO),
  },
  {
    name: 'missing field: takenAt',
    who: 'nurse',
    call: (c) => {
      const { takenAt: _, ...input } = cows18(f.open);
      return c.mutate('assessments.record', input);
    },
    expected: badRequest('takenAt', ISO),
  },
  {
    name: 'missing field: an item of the form',
    who: 'nurse',
    call: (c) => c.mutate('assessments.record', cows18(f.open, { items: COWS_WITHOUT_GOOSEFLESH })),
    expected: badRequest('items.gooseflesh', 'COWS gooseflesh skin is missing: choose 0, 3 or 5'),
  },
  {
    name: 'missing field: admissionId',
    who: 'nurse',
    call: (c) => {
      const { admissionId: _, ...input } = doseBody(f.open);
      return c.mutate('medications.record', input);
    },
    expected: badRequest('admissionId', 'must be a whole number id'),
  },
  {
    name: 'missing field: the reason of a correction',
    who: 'nurse',
    call: (c) => c.mutate('assessments.correct', { assessmentId: f.replacementAssessment }),
    expected: badRequest('reason', 'a reason for the correction is required'),
  },
  {
    name: 'missing field: the patient of an admission',
    who: 'physician',
    call: (c, ctx) => {
      const { patient: _, ...input } = admitBody(ctx.unitId, '12', 'API-ERR-4');
      return c.mutate('admissions.admit', input);
    },
    expected: () => ({ status: 400, code: 'BAD_REQUEST', issues: [{ path: 'patient' }] }),
  },
  {
    name: 'no input at all',
    who: 'nurse',
    call: (c) => c.mutate('assessments.record', {}),
    expected: () => ({
      status: 400,
      code: 'BAD_REQUEST',
      issues: [
        { path: 'admissionId', message: 'must be a whole number id' },
        { path: 'takenAt', message: ISO },
      ],
    }),
  },

  // 401: not logged in
  {
    name: 'record an assessment without logging in',
    who: 'anonymous',
    call: (c) => c.mutate('assessments.record', cows18(f.open)),
    expected: () => ({ status: 401, code: 'UNAUTHORIZED', message: NOT_LOGGED_IN }),
  },
  {
    name: 'record a dose without logging in',
    who: 'anonymous',
    call: (c) => c.mutate('medications.record', doseBody(f.open)),
    expected: () => ({ status: 401, code: 'UNAUTHORIZED', message: NOT_LOGGED_IN }),
  },
  {
    name: 'correct an assessment without logging in',
    who: 'anonymous',
    call: (c) => c.mutate('assessments.correct', { assessmentId: f.replacementAssessment, reason: 'Anonymous' }),
    expected: () => ({ status: 401, code: 'UNAUTHORIZED', message: NOT_LOGGED_IN }),
  },
  {
    name: 'admit without logging in',
    who: 'anonymous',
    call: (c, ctx) => c.mutate('admissions.admit', admitBody(ctx.unitId, '12', 'API-ERR-5')),
    expected: () => ({ status: 401, code: 'UNAUTHORIZED', message: NOT_LOGGED_IN }),
  },
  {
    name: 'read the assessments without logging in',
    who: 'anonymous',
    call: (c) => c.query('assessments.list', { admissionId: f.open }),
    expected: () => ({ status: 401, code: 'UNAUTHORIZED', message: NOT_LOGGED_IN }),
  },
  {
    name: 'read an admission without logging in',
    who: 'anonymous',
    call: (c) => c.query('admissions.get', { admissionId: f.open }),
    expected: () => ({ status: 401, code: 'UNAUTHORIZED', message: NOT_LOGGED_IN }),
  },

  // 403: role may not do this
  {
    name: 'admin records an assessment',
    who: 'admin',
    call: (c) => c.mutate('assessments.record', cows18(f.open)),
    expected: () => ({ status: 403, code: 'FORBIDDEN', message: FORBIDDEN }),
  },
  {
    name: 'admin corrects an assessment',
    who: 'admin',
    call: (c) => c.mutate('assessments.correct', { assessmentId: f.replacementAssessment, reason: 'Admin correction' }),
    expected: () => ({ status: 403, code: 'FORBIDDEN', message: FORBIDDEN }),
  },
  {
    name: 'admin records a dose',
    who: 'admin',
    call: (c) => c.mutate('medications.record', doseBody(f.open)),
    expected: () => ({ status: 403, code: 'FORBIDDEN', message: FORBIDDEN }),
  },
  {
    name: 'admin corrects a dose',
    who: 'admin',
    call: (c) => c.mutate('medications.correct', { administrationId: f.replacementDose, reason: 'Admin correction' }),
    expected: () => ({ status: 403, code: 'FORBIDDEN', message: FORBIDDEN }),
  },
  {
    name: 'admin admits',
    who: 'admin',
    call: (c, ctx) => c.mutate('admissions.admit', admitBody(ctx.unitId, '12', 'API-ERR-6')),
    expected: () => ({ status: 403, code: 'FORBIDDEN', message: FORBIDDEN }),
  },
  {
    name: 'admin discharges',
    who: 'admin',
    call: (c) => c.mutate('admissions.discharge', { admissionId: f.open, dischargedAt: minutesAgo(1) }),
    expected: () => ({ status: 403, code: 'FORBIDDEN', message: FORBIDDEN }),
  },

  // 404: id does not exist
  {
    name: 'an assessment for an unknown admission',
    who: 'nurse',
    call: (c) => c.mutate('assessments.record', cows18(999999)),
    expected: () => ({ status: 404, code: 'NOT_FOUND', message: 'Admission 999999 does not exist' }),
  },
  {
    name: 'a dose for an unknown admission',
    who: 'physician',
    call: (c) => c.mutate('medications.record', doseBody(999999, { orderId: 1 })),
    expected: () => ({ status: 404, code: 'NOT_FOUND', message: 'Admission 999999 does not exist' }),
  },
  {
    name: 'read an unknown admission',
    who: 'nurse',
    call: (c) => c.query('admissions.get', { admissionId: 999999 }),
    expected: () => ({ status: 404, code: 'NOT_FOUND', message: 'Admission 999999 does not exist' }),
  },
  {
    name: 'list the assessments of an unknown admission',
    who: 'nurse',
    call: (c) => c.query('assessments.list', { admissionId: 999999 }),
    expected: () => ({ status: 404, code: 'NOT_FOUND', message: 'Admission 999999 does not exist' }),
  },
  {
    name: 'list the doses of an unknown admission',
    who: 'nurse',
    call: (c) => c.query('medications.list', { admissionId: 999999 }),
    expected: () => ({ status: 404, code: 'NOT_FOUND', message: 'Admission 999999 does not exist' }),
  },
  {
    name: 'correct an unknown assessment',
    who: 'nurse',
    call: (c) =>
      c.mutate('assessments.correct', { assessmentId: 999999, reason: 'No such row', replacement: cowsContent() }),
    expected: () => ({ status: 404, code: 'NOT_FOUND', message: 'Assessment 999999 does not exist' }),
  },
  {
    name: 'correct an unknown dose',
    who: 'nurse',
    call: (c) => c.mutate('medications.correct', { administrationId: 999999, reason: 'No such row' }),
    expected: () => ({ status: 404, code: 'NOT_FOUND', message: 'Administration 999999 does not exist' }),
  },
  {
    name: 'discharge an unknown admission',
    who: 'nurse',
    call: (c) => c.mutate('admissions.discharge', { admissionId: 999999, dischargedAt: minutesAgo(1) }),
    expected: () => ({ status: 404, code: 'NOT_FOUND', message: 'Admission 999999 does not exist' }),
  },

  // 409: write conflicts with the current record
  {
    name: 'an assessment on a discharged admission',
    who: 'nurse',
    call: (c) => c.mutate('assessments.record', cows18(f.closed)),
    expected: () => ({
      status: 409,
      code: 'CONFLICT',
      message: `This patient was discharged at ${f.closedAt}; nothing new can be charted on a closed admission`,
    }),
  },
  {
    name: 'a dose on a discharged admission',
    who: 'physician',
    call: (c) => c.mutate('medications.record', doseBody(f.closed)),
    expected: () => ({
      status: 409,
      code: 'CONFLICT',
      message: `This patient was discharged at ${f.closedAt}; nothing new can be charted on a closed admission`,
    }),
  },
  {
    name: 'correcting a superseded assessment',
    who: 'nurse',
    call: (c) =>
      c.mutate('assessments.correct', {
        assessmentId: f.supersededAssessment,
        reason: 'Again',
        replacement: cowsContent(),
      }),
    expected: () => ({
      status: 409,
      code: 'CONFLICT',
      message: new RegExp(
        `^Assessment ${f.supersededAssessment} was already corrected by assessment ${f.replacementAssessment} at \\S+; correct that one instead$`,
      ),
    }),
  },
  {
    name: 'correcting a superseded dose',
    who: 'physician',
    call: (c) => c.mutate('medications.correct', { administrationId: f.supersededDose, reason: 'Again' }),
    expected: () => ({
      status: 409,
      code: 'CONFLICT',
      message: new RegExp(
        `^Administration ${f.supersededDose} was already corrected by administration ${f.replacementDose} at \\S+; correct that one instead$`,
      ),
    }),
  },
  {
    name: 'admitting to an occupied bed',
    who: 'nurse',
    call: (c, ctx) => c.mutate('admissions.admit', admitBody(ctx.unitId, '4', 'API-ERR-7')),
    expected: () => ({
      status: 409,
      code: 'CONFLICT',
      message: `Bed 4 is occupied (admission ${f.open}); discharge it first or choose another bed`,
    }),
  },

  // 412: a safety rule needs an override reason that was not given
  {
    name: 'a dose above the single-dose maximum without an override reason',
    who: 'nurse',
    call: (c) =>
      c.mutate('medications.record', doseBody(f.open, { drug: 'ibuprofen', doseMg: 1000, indication: 'Aches' })),
    expected: () => ({
      status: 412,
      code: 'PRECONDITION_FAILED',
      message: /Ibuprofen 1000 mg is above the unit's single-dose maximum of 800 mg.*override reason/,
      issues: [{ path: 'overrideReason', message: /override reason/ }],
    }),
  },
  {
    name: 'a replacement dose above the single-dose maximum without an override reason (correction)',
    who: 'physician',
    call: (c) =>
      c.mutate('medications.correct', {
        administrationId: f.replacementDose,
        reason: 'Dose was higher',
        replacement: { drug: 'ondansetron', doseMg: 12, route: 'PO', givenAt: minutesAgo(5), status: 'given' },
      }),
    expected: () => ({
      status: 412,
      code: 'PRECONDITION_FAILED',
      message: /Ondansetron 12 mg is above the unit's single-dose maximum of 8 mg.*override reason/,
    }),
  },

  // 413: request body over the size limit
  {
    name: 'an assessment body over 1 MB',
    who: 'nurse',
    call: (c) => c.mutate('assessments.record', cows18(f.open, { note: 'x'.repeat(1024 * 1024 + 1) })),
    expected: () => ({ status: 413, code: 'PAYLOAD_TOO_LARGE', message: TOO_LARGE }),
  },
  {
    name: 'a dose body over 1 MB',
    who: 'nurse',
    call: (c) => c.mutate('medications.record', doseBody(f.open, { indication: 'y'.repeat(2 * 1024 * 1024) })),
    expected: () => ({ status: 413, code: 'PAYLOAD_TOO_LARGE', message: TOO_LARGE }),
  },
];

describe('the error table of api.md, over HTTP', () => {
  for (const c of CASES) {
    it(`${c.name}`, async () => {
      const client = api[c.who];
      const res = await expectNothingWritten(api, () => c.call(client, api));
      expectError(res, c.expected());
    });
  }

  it('covers every status of the table (429 has a server of its own: login-throttle.test.ts)', () => {
    const statuses = new Set(CASES.map((c) => c.expected().status));
    expect([...statuses].sort()).toEqual([400, 401, 403, 404, 409, 412, 413]);
  });

  it('a dose over the hard per-dose limit is refused outright (400 on doseMg), override reason or not', async () => {
    const res = await expectNothingWritten(api, () =>
      api.nurse.mutate(
        'medications.record',
        doseBody(f.open, { drug: 'ibuprofen', doseMg: 2000, overrideReason: 'Ordered by Dr. Carter' }),
      ),
    );
    expectError(res, {
      status: 400,
      code: 'BAD_REQUEST',
      message: /^Ibuprofen 2000 mg is above the unit's hard limit of 1600 mg per dose/,
      issues: [{ path: 'doseMg' }],
    });
  });

  it('a body just under the limit is read and judged on its content (400 for the long note, not 413)', async () => {
    const res = await expectNothingWritten(api, () =>
      api.nurse.mutate('assessments.record', cows18(f.open, { note: 'x'.repeat(900 * 1024) })),
    );
    expectError(res, badRequest('note', 'keep the note under 2000 characters')());
  });

  it('after all these refusals, the records made in setup are the only ones on the admission', async () => {
    expect((dataOf(await api.nurse.query('assessments.list', { admissionId: f.open })) as unknown[]).length).toBe(2);
    expect((dataOf(await api.nurse.query('medications.list', { admissionId: f.open })) as unknown[]).length).toBe(2);
    expect((dataOf(await api.nurse.query('assessments.list', { admissionId: f.closed })) as unknown[]).length).toBe(0);
  });
});
