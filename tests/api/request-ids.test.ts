import { randomUUID } from 'node:crypto';
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
import { selectAll } from '../support/sqlite-counts.js';
import { dataOf } from '../support/trpc-http.js';

/**
 * Client request ids over HTTP (issues 12 and 13, api.md "Additions"): a retry of a clinical write
 * with the same id and the same content returns the first answer and writes nothing; the same id with
 * other content, from another user or for another procedure is 409. A dose charted offline is
 * recorded on arrival even when its check now fails, flagged, with an alert for the physician.
 */

const api = useApiServer();

const count = (table: string, where = '1 = 1', ...params: unknown[]) =>
  selectAll<{ n: number }>(api.sqlitePath, `select count(*) as n from ${table} where ${where}`, ...params)[0]?.n ?? 0;

interface DoseAnswer {
  id: number;
  warnings: { code: string; hardStop: boolean }[];
  givenOffline: boolean;
}

describe('client request ids', () => {
  let admissionId: number;

  beforeAll(async () => {
    admissionId = (
      dataOf(
        await api.nurse.mutate(
          'admissions.admit',
          admitBody(api.unitId, '11', 'API-RID-1', { admittedAt: minutesAgo(600) }),
        ),
      ) as { admissionId: number }
    ).admissionId;
    await standingOrders(api, admissionId);
  }, 60_000);

  it('a repeated score returns the first answer and writes nothing: no second row, audit entry or request row', async () => {
    const requestId = randomUUID();
    const body = cows18(admissionId, { requestId, takenAt: minutesAgo(30) });
    const first = dataOf(await api.nurse.mutate('assessments.record', body)) as { id: number; total: number };
    const audits = count('audit_event');
    const counts = api.counts();
    const again = dataOf(await api.nurse.mutate('assessments.record', body));
    expect(again).toEqual(first);
    expect(api.counts()).toEqual(counts);
    expect(count('audit_event')).toBe(audits);
    expect(count('client_request', 'request_id = ?', requestId)).toBe(1);
    expect(count('assessment', 'id = ?', first.id)).toBe(1);
  });

  it('copies of one request sent at once land once, and every copy gets the same answer', async () => {
    const body = cows18(admissionId, { requestId: randomUUID(), takenAt: minutesAgo(25) });
    const before = count('assessment', 'admission_id = ?', admissionId);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => api.nurse.mutate('assessments.record', body).then(dataOf)),
    );
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(count('assessment', 'admission_id = ?', admissionId)).toBe(before + 1);
  });

  it('the same id with other content, from another user or for another procedure is 409 and writes nothing', async () => {
    const requestId = randomUUID();
    dataOf(await api.nurse.mutate('assessments.record', cows18(admissionId, { requestId, takenAt: minutesAgo(20) })));
    const otherContent = await expectNothingWritten(api, () =>
      api.nurse.mutate('assessments.record', cows18(admissionId, { requestId, takenAt: minutesAgo(19) })),
    );
    expectError(otherContent, {
      status: 409,
      code: 'CONFLICT',
      message: /already used for a different entry; a retry must send exactly what was sent the first time/,
      issues: [{ path: 'requestId' }],
    });
    const otherUser = await expectNothingWritten(api, () =>
      api.physician.mutate('assessments.record', cows18(admissionId, { requestId, takenAt: minutesAgo(20) })),
    );
    expectError(otherUser, { status: 409, code: 'CONFLICT', message: /already used by another user/ });
    const otherProcedure = await expectNothingWritten(api, () =>
      api.nurse.mutate('medications.record', doseBody(admissionId, { requestId })),
    );
    expectError(otherProcedure, { status: 409, code: 'CONFLICT', message: /already used for assessments\.record/ });
  });

  it('a request id that is not a UUID is refused in words', async () => {
    const res = await expectNothingWritten(api, () =>
      api.nurse.mutate('assessments.record', cows18(admissionId, { requestId: 'retry-1' })),
    );
    expectError(res, { status: 400, code: 'BAD_REQUEST', message: /requestId must be a UUID made by the client/ });
  });

  it('a refused write keeps no request id: the corrected entry can be sent with the same id', async () => {
    const requestId = randomUUID();
    const refused = await expectNothingWritten(api, () =>
      api.nurse.mutate('medications.record', doseBody(admissionId, { requestId, doseMg: 400 })),
    );
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(count('client_request', 'request_id = ?', requestId)).toBe(0);
    const saved = dataOf(
      await api.nurse.mutate('medications.record', doseBody(admissionId, { requestId })),
    ) as DoseAnswer;
    expect(saved.givenOffline).toBe(false);
  });

  it('retried corrections, discontinuations and acknowledgements return their first answer instead of "already done"', async () => {
    const score = dataOf(
      await api.nurse.mutate('assessments.record', cows18(admissionId, { takenAt: minutesAgo(15) })),
    ) as { id: number };
    const correction = { assessmentId: score.id, reason: 'charted on the wrong patient', requestId: randomUUID() };
    const corrected = dataOf(await api.nurse.mutate('assessments.correct', correction));
    expect(dataOf(await api.nurse.mutate('assessments.correct', correction))).toEqual(corrected);
    // Without the request id, the same correction is someone else's: refused as already corrected.
    const { requestId: _, ...plain } = correction;
    expectError(await api.nurse.mutate('assessments.correct', plain), { status: 409, code: 'CONFLICT' });

    const order = dataOf(
      await api.physician.mutate('orders.create', {
        admissionId,
        drug: 'hydroxyzine',
        doseMg: 25,
        route: 'PO',
        kind: 'prn',
        indication: 'anxiety',
      }),
    ) as { id: number };
    const stop = { orderId: order.id, reason: 'No longer needed', requestId: randomUUID() };
    expect(dataOf(await api.physician.mutate('orders.discontinue', stop))).toEqual({ ok: true });
    expect(dataOf(await api.physician.mutate('orders.discontinue', stop))).toEqual({ ok: true });
    expect(count('order_discontinuation', 'order_id = ?', order.id)).toBe(1);
  });
});

describe('a dose charted offline (givenOffline)', () => {
  let admissionId: number;
  let orders: Record<string, number>;

  beforeAll(async () => {
    admissionId = (
      dataOf(
        await api.nurse.mutate(
          'admissions.admit',
          admitBody(api.unitId, '12', 'API-RID-2', { admittedAt: minutesAgo(600) }),
        ),
      ) as { admissionId: number }
    ).admissionId;
    orders = await standingOrders(api, admissionId);
    // 16 mg of loperamide in the last 24 h: the unit's hard-stop maximum (docs/clinical.md §6.5).
    for (const minutes of [150, 120, 90, 60]) {
      dataOf(
        await api.nurse.mutate(
          'medications.record',
          doseBody(admissionId, {
            drug: 'loperamide',
            doseMg: 4,
            givenAt: minutesAgo(minutes),
            indication: 'loose stool',
          }),
        ),
      );
    }
  }, 60_000);

  const loperamide = (overrides: Record<string, unknown> = {}) =>
    doseBody(admissionId, {
      drug: 'loperamide',
      doseMg: 4,
      givenAt: minutesAgo(30),
      indication: 'loose stool',
      ...overrides,
    });

  it('online, a dose above the loperamide maximum is refused and nothing is written', async () => {
    const res = await expectNothingWritten(api, () => api.nurse.mutate('medications.record', loperamide()));
    expectError(res, { status: 400, code: 'BAD_REQUEST', message: /would exceed the unit maximum of 16 mg/ });
  });

  it('given offline, it is recorded on arrival, flagged with its warnings, and the physician is alerted once', async () => {
    const body = loperamide({ givenOffline: true, requestId: randomUUID() });
    const alertsBefore = count('alert', "admission_id = ? and code = 'offline-dose-check'", admissionId);
    const saved = dataOf(await api.nurse.mutate('medications.record', body)) as DoseAnswer;
    expect(saved.givenOffline).toBe(true);
    expect(saved.warnings).toContainEqual(expect.objectContaining({ code: 'above-24h-max', hardStop: true }));
    const [row] = selectAll<{ given_offline: number; warnings: string; given_at: string }>(
      api.sqlitePath,
      'select given_offline, warnings, given_at from medication_administration where id = ?',
      saved.id,
    );
    expect(row?.given_offline).toBe(1);
    expect(row?.given_at).toBe(new Date(body.givenAt as string).toISOString());
    expect(JSON.parse(row?.warnings ?? '[]')).toContainEqual(expect.objectContaining({ code: 'above-24h-max' }));
    const alerts = selectAll<{ severity: string; message: string }>(
      api.sqlitePath,
      "select severity, message from alert where admission_id = ? and code = 'offline-dose-check'",
      admissionId,
    );
    expect(alerts).toHaveLength(alertsBefore + 1);
    expect(alerts.at(-1)).toMatchObject({ severity: 'danger' });
    expect(alerts.at(-1)?.message).toMatch(
      /^Loperamide 4 mg PO given at .* was charted offline and failed its safety check on arrival: .*16 mg.* Review the patient and the dose\.$/,
    );
    // The physician sees it with the patient's alerts.
    const listed = dataOf(await api.physician.query('alerts.list', { admissionId })) as { code: string }[];
    expect(listed.map((a) => a.code)).toContain('offline-dose-check');
    // The replay of the same entry (its answer was lost) changes nothing: no second dose, no second alert.
    expect(dataOf(await api.nurse.mutate('medications.record', body))).toEqual(saved);
    expect(count('alert', "admission_id = ? and code = 'offline-dose-check'", admissionId)).toBe(alertsBefore + 1);
    const listedDoses = dataOf(await api.nurse.query('medications.list', { admissionId })) as {
      id: number;
      givenOffline: boolean;
    }[];
    expect(listedDoses.find((d) => d.id === saved.id)?.givenOffline).toBe(true);
  });

  it('a dose given offline that passes its check is flagged as given offline but raises no alert', async () => {
    const alertsBefore = count('alert', 'admission_id = ?', admissionId);
    const saved = dataOf(
      await api.nurse.mutate(
        'medications.record',
        doseBody(admissionId, { givenAt: minutesAgo(40), givenOffline: true, requestId: randomUUID() }),
      ),
    ) as DoseAnswer;
    expect(saved).toMatchObject({ givenOffline: true });
    expect(count('alert', 'admission_id = ?', admissionId)).toBe(alertsBefore);
  });

  it('given offline against an order discontinued meanwhile: recorded with the order problem as a warning, and alerted', async () => {
    const order = dataOf(
      await api.physician.mutate('orders.create', {
        admissionId,
        drug: 'ibuprofen',
        doseMg: 400,
        route: 'PO',
        kind: 'prn',
        indication: 'pain',
        startAt: minutesAgo(300),
      }),
    ) as { id: number };
    dataOf(await api.physician.mutate('orders.discontinue', { orderId: order.id, reason: 'Gastric upset' }));
    const saved = dataOf(
      await api.nurse.mutate(
        'medications.record',
        doseBody(admissionId, {
          drug: 'ibuprofen',
          doseMg: 400,
          orderId: order.id,
          givenAt: minutesAgo(0),
          indication: 'pain',
          givenOffline: true,
          requestId: randomUUID(),
        }),
      ),
    ) as DoseAnswer;
    expect(saved.warnings).toContainEqual(expect.objectContaining({ code: 'order-not-in-force', hardStop: true }));
    const [alert] = selectAll<{ message: string }>(
      api.sqlitePath,
      "select message from alert where admission_id = ? and code = 'offline-dose-check' order by id desc limit 1",
      admissionId,
    );
    expect(alert?.message).toMatch(/Ibuprofen 400 mg PO .* was discontinued at .*: Gastric upset/);
  });

  it('a Save whose answer was lost, replayed from the outbox with givenOffline, gets the first answer and writes nothing', async () => {
    const body = doseBody(admissionId, {
      drug: 'acetaminophen',
      doseMg: 650,
      indication: 'pain',
      givenAt: minutesAgo(35),
      requestId: randomUUID(),
    });
    const first = dataOf(await api.nurse.mutate('medications.record', body)) as DoseAnswer;
    expect(first.givenOffline).toBe(false);
    const counts = api.counts();
    const replayed = dataOf(await api.nurse.mutate('medications.record', { ...body, givenOffline: true }));
    expect(replayed).toEqual(first);
    expect(api.counts()).toEqual(counts);
  });

  it('a held dose charted offline is checked as usual: refused in words, nothing written', async () => {
    const res = await expectNothingWritten(api, () =>
      api.nurse.mutate(
        'medications.record',
        doseBody(admissionId, { status: 'held', orderId: 999_999, givenOffline: true, holdReason: 'asleep' }),
      ),
    );
    expectError(res, { status: 404, code: 'NOT_FOUND', message: /Order 999999 does not exist/ });
  });

  it('an order that does not exist is refused even for a dose given offline: the entry needs attention', async () => {
    const res = await expectNothingWritten(api, () =>
      api.nurse.mutate('medications.record', loperamide({ orderId: 999_999, givenOffline: true })),
    );
    expectError(res, { status: 404, code: 'NOT_FOUND', message: /Order 999999 does not exist/ });
    expect(orders.loperamide).toBeGreaterThan(0);
  });
});
