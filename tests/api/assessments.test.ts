import { beforeAll, describe, expect, it } from 'vitest';
import {
  COWS_18,
  admitBody,
  cows18,
  cowsContent,
  expectError,
  expectNothingWritten,
  minutesAgo,
  useApiServer,
} from '../support/api.js';
import { rowById, selectAll } from '../support/sqlite-counts.js';
import { dataOf } from '../support/trpc-http.js';
import type { ApiOutputs } from '../support/api-outputs.js';

const api = useApiServer();

type AssessmentDto = ApiOutputs['assessments']['list'][number];

type InstrumentDto = ApiOutputs['instruments']['list'][number];

const zeros = Object.fromEntries(Object.keys(COWS_18).map((k) => [k, 0]));

// COWS totals across the bands (Wesson & Ling): items chosen so the sum is exact.
const BANDS: [name: string, items: Record<string, number>, total: number, severity: string][] = [
  ['all zero', zeros, 0, 'none'],
  ['4: top of below-mild', { ...zeros, gooseflesh: 3, yawning: 1 }, 4, 'none'],
  ['5: bottom of mild', { ...zeros, gooseflesh: 5 }, 5, 'mild'],
  ['12: top of mild', { ...zeros, gooseflesh: 5, restlessness: 5, yawning: 2 }, 12, 'mild'],
  ['13: bottom of moderate', { ...zeros, gooseflesh: 5, restlessness: 5, yawning: 2, tremor: 1 }, 13, 'moderate'],
  [
    '25: bottom of moderately severe',
    { ...zeros, gooseflesh: 5, restlessness: 5, pupils: 5, giUpset: 5, sweating: 4, tremor: 1 },
    25,
    'moderately-severe',
  ],
  [
    '37: bottom of severe',
    {
      ...zeros,
      gooseflesh: 5,
      restlessness: 5,
      pupils: 5,
      giUpset: 5,
      sweating: 4,
      tremor: 4,
      yawning: 4,
      runnyNoseTearing: 4,
      anxietyIrritability: 1,
    },
    37,
    'severe',
  ],
  [
    '48: the maximum',
    {
      pulse: 4,
      sweating: 4,
      restlessness: 5,
      pupils: 5,
      boneJointAches: 4,
      runnyNoseTearing: 4,
      giUpset: 5,
      tremor: 4,
      yawning: 4,
      anxietyIrritability: 4,
      gooseflesh: 5,
    },
    48,
    'severe',
  ],
];

describe('assessments over HTTP', () => {
  let admissionId: number;
  let nurseId: number;
  let physicianId: number;

  beforeAll(async () => {
    // A patient of our own, so the list holds exactly what this file charts.
    admissionId = (
      dataOf(await api.nurse.mutate('admissions.admit', admitBody(api.unitId, '4', 'API-ASM-1'))) as {
        admissionId: number;
      }
    ).admissionId;
    nurseId = (dataOf(await api.nurse.query('auth.me')) as { id: number }).id;
    physicianId = (dataOf(await api.physician.query('auth.me')) as { id: number }).id;
  });

  let firstId: number;

  it('records a COWS: the server computes total and severity and ignores a total sent by the client', async () => {
    const before = api.counts();
    const res = await api.nurse.mutate(
      'assessments.record',
      cows18(admissionId, { total: 2, severity: 'none', note: 'Restless, yawning' }),
    );
    const saved = dataOf(res) as { id: number; total: number; severity: string };
    expect(saved).toEqual({ id: expect.any(Number), total: 18, severity: 'moderate' });
    firstId = saved.id;
    expect(api.counts()).toEqual({ ...before, assessment: before.assessment + 1 });
    const row = rowById<Record<string, unknown>>(api.sqlitePath, 'assessment', saved.id);
    expect(row).toMatchObject({
      admission_id: admissionId,
      instrument: 'COWS',
      total: 18,
      severity: 'moderate',
      heart_rate: 92,
      note: 'Restless, yawning',
      recorded_by: nurseId,
    });
    expect(JSON.parse(String(row?.items))).toEqual(COWS_18);
    const audit = selectAll(
      api.sqlitePath,
      "select action, user_id, outcome from audit_event where entity = 'assessment' and entity_id = ?",
      saved.id,
    );
    expect(audit).toEqual([{ action: 'create', user_id: nurseId, outcome: 'success' }]);
  });

  for (const [name, items, total, severity] of BANDS) {
    it(`scores COWS ${name} as ${total}, ${severity}`, async () => {
      const saved = dataOf(
        await api.physician.mutate('assessments.record', {
          admissionId,
          instrument: 'COWS',
          takenAt: minutesAgo(30),
          items,
        }),
      ) as { total: number; severity: string };
      expect(saved).toMatchObject({ total, severity });
    });
  }

  it('records SOWS and CIWA-Ar drawn from instruments.list, scoring the lowest and highest values exactly', async () => {
    const instruments = dataOf(await api.nurse.query('instruments.list')) as InstrumentDto[];
    for (const id of ['SOWS', 'CIWA-Ar']) {
      const instrument = instruments.find((i) => i.id === id);
      if (!instrument) throw new Error(`instruments.list has no ${id}`);
      const lowest = Object.fromEntries(
        instrument.items.map((item) => [item.key, Math.min(...item.options.map((o) => o.value))]),
      );
      const highest = Object.fromEntries(
        instrument.items.map((item) => [item.key, Math.max(...item.options.map((o) => o.value))]),
      );
      const maxTotal = Object.values(highest).reduce((s, v) => s + v, 0);
      const low = dataOf(
        await api.nurse.mutate('assessments.record', {
          admissionId,
          instrument: id,
          takenAt: minutesAgo(20),
          items: lowest,
        }),
      ) as { total: number; severity: string };
      const high = dataOf(
        await api.nurse.mutate('assessments.record', {
          admissionId,
          instrument: id,
          takenAt: minutesAgo(20),
          items: highest,
        }),
      ) as { total: number; severity: string };
      expect(low, id).toEqual({ id: expect.any(Number), total: 0, severity: instrument.bands[0]?.severity });
      expect(high, id).toEqual({
        id: expect.any(Number),
        total: maxTotal,
        severity: instrument.bands.at(-1)?.severity,
      });
    }
  });

  it('accepts a time up to 5 minutes ahead (tablet clocks drift)', async () => {
    const res = await api.nurse.mutate(
      'assessments.record',
      cows18(admissionId, { takenAt: new Date(Date.now() + 2 * 60_000).toISOString() }),
    );
    expect(dataOf(res)).toMatchObject({ total: 18 });
  });

  it('refuses a COWS whose pulse item disagrees with the heart rate (400 naming the heart rate), writing nothing', async () => {
    const res = await expectNothingWritten(api, () =>
      api.nurse.mutate('assessments.record', cows18(admissionId, { vitals: { heartRate: 101 } })),
    );
    const message =
      'COWS resting pulse is scored 1, below the 2 that a heart rate of 101 bpm scores; score only what withdrawal causes, and say why the pulse is not from withdrawal (e.g. just walked back from the bathroom), or correct the pulse item or the heart rate';
    expectError(res, {
      status: 400,
      code: 'BAD_REQUEST',
      message: `items.pulse: ${message}`,
      issues: [{ path: 'items.pulse', message }],
    });
    // The same heart rate with the pulse item it earns is accepted.
    const ok = await api.nurse.mutate(
      'assessments.record',
      cows18(admissionId, { vitals: { heartRate: 101 }, items: { ...COWS_18, pulse: 2 } }),
    );
    expect(dataOf(ok)).toMatchObject({ total: 19, severity: 'moderate' });
  });

  it('lists every assessment of the admission, newest first, with who recorded it', async () => {
    const list = dataOf(await api.physician.query('assessments.list', { admissionId })) as AssessmentDto[];
    const count = selectAll<{ n: number }>(
      api.sqlitePath,
      'select count(*) as n from assessment where admission_id = ?',
      admissionId,
    )[0]?.n;
    expect(list).toHaveLength(count ?? -1);
    expect(list.length).toBe(1 + BANDS.length + 4 + 1 + 1);
    const takenAts = list.map((a) => a.takenAt);
    expect([...takenAts].sort().reverse()).toEqual(takenAts);
    expect(list.find((a) => a.id === firstId)).toMatchObject({
      admissionId,
      instrument: 'COWS',
      items: COWS_18,
      total: 18,
      severity: 'moderate',
      vitals: { heartRate: 92 },
      note: 'Restless, yawning',
      status: 'active',
      supersedesId: null,
      correction: null,
      recordedBy: { id: nurseId, name: 'Ana Reyes, RN' },
    });
  });

  let replacementId: number;

  it('corrects with a replacement: the old row is superseded with reason, who and when, and still listed', async () => {
    const before = api.counts();
    const startedAt = new Date().toISOString();
    const res = await api.physician.mutate('assessments.correct', {
      assessmentId: firstId,
      reason: 'Gooseflesh was 5, not 3',
      replacement: cowsContent({ items: { ...COWS_18, gooseflesh: 5 }, vitals: { heartRate: 92 } }),
    });
    const result = dataOf(res) as { id: number; correctedId: number; status: string };
    expect(result).toEqual({ id: expect.any(Number), correctedId: firstId, status: 'superseded' });
    expect(result.id).not.toBe(firstId);
    replacementId = result.id;
    expect(api.counts()).toEqual({
      ...before,
      assessment: before.assessment + 1,
      record_correction: before.record_correction + 1,
    });

    const list = dataOf(await api.nurse.query('assessments.list', { admissionId })) as AssessmentDto[];
    const old = list.find((a) => a.id === firstId);
    expect(old).toMatchObject({
      status: 'superseded',
      total: 18,
      correction: {
        action: 'replaced',
        reason: 'Gooseflesh was 5, not 3',
        replacementId,
        correctedBy: { id: physicianId, name: 'Dr. Ben Carter' },
      },
    });
    const correctedAt = old?.correction?.correctedAt ?? '';
    expect(correctedAt >= startedAt && correctedAt <= new Date().toISOString(), correctedAt).toBe(true);
    expect(list.find((a) => a.id === replacementId)).toMatchObject({
      status: 'active',
      total: 20,
      severity: 'moderate',
      supersedesId: firstId,
      recordedBy: { id: physicianId, name: 'Dr. Ben Carter' },
    });
    // The original row itself is unchanged.
    expect(rowById(api.sqlitePath, 'assessment', firstId)).toMatchObject({ total: 18, supersedes_id: null });
  });

  it('refuses to correct the superseded row again (409, pointing at the replacement), writing nothing', async () => {
    const res = await expectNothingWritten(api, () =>
      api.nurse.mutate('assessments.correct', {
        assessmentId: firstId,
        reason: 'Trying again',
        replacement: cowsContent(),
      }),
    );
    expectError(res, {
      status: 409,
      code: 'CONFLICT',
      message: new RegExp(
        `^Assessment ${firstId} was already corrected by assessment ${replacementId} at \\S+; correct that one instead$`,
      ),
    });
  });

  it('marks a record entered in error when no replacement is given; correcting it again is 409', async () => {
    const before = api.counts();
    const res = await api.nurse.mutate('assessments.correct', { assessmentId: replacementId, reason: 'Wrong patient' });
    expect(dataOf(res)).toEqual({ id: replacementId, correctedId: replacementId, status: 'entered-in-error' });
    expect(api.counts()).toEqual({ ...before, record_correction: before.record_correction + 1 });
    const list = dataOf(await api.nurse.query('assessments.list', { admissionId })) as AssessmentDto[];
    expect(list.find((a) => a.id === replacementId)).toMatchObject({
      status: 'entered-in-error',
      total: 20,
      correction: {
        action: 'entered-in-error',
        reason: 'Wrong patient',
        replacementId: null,
        correctedBy: { id: nurseId, name: 'Ana Reyes, RN' },
      },
    });
    const again = await expectNothingWritten(api, () =>
      api.physician.mutate('assessments.correct', { assessmentId: replacementId, reason: 'Again' }),
    );
    expectError(again, {
      status: 409,
      code: 'CONFLICT',
      message: new RegExp(`^Assessment ${replacementId} was already marked entered in error at `),
    });
  });

  it('lets admin neither record nor correct (403), writing nothing, nor read (assigned to no unit)', async () => {
    const record = await expectNothingWritten(api, () => api.admin.mutate('assessments.record', cows18(admissionId)));
    expectError(record, {
      status: 403,
      code: 'FORBIDDEN',
      message: 'Only a nurse or physician may do this; you are logged in as admin',
    });
    const correct = await expectNothingWritten(api, () =>
      api.admin.mutate('assessments.correct', { assessmentId: firstId, reason: 'Admin fix' }),
    );
    expectError(correct, { status: 403, code: 'FORBIDDEN' });
    expectError(await api.admin.query('assessments.list', { admissionId }), { status: 403, code: 'FORBIDDEN' });
  });
});
