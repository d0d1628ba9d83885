import { beforeAll, describe, expect, it } from 'vitest';
import { admitBody, cows18, expectError, expectNothingWritten, minutesAgo, useApiServer } from '../support/api.js';
import { rowById, selectAll } from '../support/sqlite-counts.js';
import { TrpcHttp, dataOf } from '../support/trpc-http.js';
import type { ApiOutputs } from '../support/api-outputs.js';

/**
 * Orders over HTTP (issue 9): a dose needs its order, a discontinued order takes no dose, verbal
 * orders and their countersignature, who may do what, what is due and eligible, order sets.
 */

const api = useApiServer();

type OrderDto = ApiOutputs['orders']['list'][number];

type DueDto = ApiOutputs['orders']['due'];

type OrderSetDto = ApiOutputs['orderSets']['list'][number];

/** A time in a message on the unit's clock: "21:40", or "01:40 on 3 Dec" when it falls on another day. */
const CLOCK = String.raw`\d\d:\d\d(?: on \d{1,2} [A-Z][a-z]{2})?`;
const HOW_TO_GET_AN_ORDER = /ask the physician for an order, or enter a verbal order/;
const ONDANSETRON = {
  drug: 'ondansetron',
  doseMg: 4,
  route: 'PO',
  kind: 'prn',
  indication: 'nausea',
  minIntervalMinutes: 480,
  maxPer24hMg: 16,
};
// 1+1+1+1+1+1+1+1+1+1+0 = 10: above the clonidine trigger of 8.
const COWS_10 = {
  pulse: 1,
  sweating: 1,
  restlessness: 1,
  pupils: 1,
  boneJointAches: 1,
  runnyNoseTearing: 1,
  giUpset: 1,
  tremor: 1,
  yawning: 1,
  anxietyIrritability: 1,
  gooseflesh: 0,
};

describe('orders over HTTP', () => {
  let admissionId: number;
  let physicianId: number;
  let nurseId: number;
  /** A second physician on the unit, who is not named on the verbal order. */
  let colleague: TrpcHttp;

  beforeAll(async () => {
    admissionId = (
      dataOf(
        await api.nurse.mutate(
          'admissions.admit',
          admitBody(api.unitId, '11', 'API-ORD-1', { admittedAt: minutesAgo(30) }),
        ),
      ) as { admissionId: number }
    ).admissionId;
    physicianId = (dataOf(await api.physician.query('auth.me')) as { id: number }).id;
    nurseId = (dataOf(await api.nurse.query('auth.me')) as { id: number }).id;
    const created = dataOf(
      await api.admin.mutate('users.create', {
        username: 'dr-second',
        name: 'Dr. Second Opinion',
        role: 'physician',
        password: 'second physician passphrase 42',
      }),
    ) as { id: number };
    dataOf(await api.admin.mutate('users.setUnits', { userId: created.id, unitIds: [api.unitId] }));
    colleague = new TrpcHttp(api.server.url);
    await colleague.login('dr-second', 'second physician passphrase 42');
  }, 60_000);

  const dose = (orderId: number | undefined, overrides: Record<string, unknown> = {}) => ({
    admissionId,
    ...(orderId === undefined ? {} : { orderId }),
    drug: 'ondansetron',
    doseMg: 4,
    route: 'PO',
    givenAt: minutesAgo(1),
    status: 'given',
    ...overrides,
  });

  it('refuses a dose without an order, given, held or refused, says how to get one, and writes nothing', async () => {
    for (const status of ['given', 'held', 'refused']) {
      const res = await expectNothingWritten(api, () =>
        api.nurse.mutate(
          'medications.record',
          dose(undefined, { status, holdReason: status === 'given' ? undefined : 'asleep' }),
        ),
      );
      expectError(res, {
        status: 400,
        code: 'BAD_REQUEST',
        message: HOW_TO_GET_AN_ORDER,
        issues: [{ path: 'orderId', message: HOW_TO_GET_AN_ORDER }],
      });
    }
  });

  it('charts a dose against its order and stores the order id; another drug or another patient is refused', async () => {
    const { id } = dataOf(
      await api.physician.mutate('orders.create', { admissionId, ...ONDANSETRON, startAt: minutesAgo(10) }),
    ) as { id: number };
    const wrongDrug = await expectNothingWritten(api, () =>
      api.nurse.mutate('medications.record', dose(id, { drug: 'ibuprofen', doseMg: 400 })),
    );
    expectError(wrongDrug, {
      status: 400,
      code: 'BAD_REQUEST',
      message: /is for ondansetron, not ibuprofen.*ask the physician for an order, or enter a verbal order/,
    });
    const otherPatient = await expectNothingWritten(api, () =>
      api.nurse.mutate('medications.record', dose(id, { admissionId: api.admissionInBed('1') })),
    );
    expectError(otherPatient, { status: 400, code: 'BAD_REQUEST', message: /another patient's order/ });
    const saved = dataOf(await api.nurse.mutate('medications.record', dose(id))) as { id: number };
    expect(rowById(api.sqlitePath, 'medication_administration', saved.id)).toMatchObject({
      order_id: id,
      drug: 'ondansetron',
    });
    // Within the order's 8 h interval (the unit's is 4 h): the order, stricter, asks for a reason.
    const soon = await expectNothingWritten(api, () =>
      api.nurse.mutate('medications.record', dose(id, { givenAt: minutesAgo(0) })),
    );
    expectError(soon, { status: 412, code: 'PRECONDITION_FAILED', message: /the order's minimum interval is 8 h/ });
    // Above the ordered dose: a reason too (the unit allows 8 mg; the order says 4).
    const above = await expectNothingWritten(api, () =>
      api.nurse.query('medications.check', dose(id, { doseMg: 8, givenAt: minutesAgo(0) })),
    );
    expect((dataOf(above) as { warnings: { code: string }[] }).warnings.map((w) => w.code)).toContain(
      'above-order-dose',
    );
  });

  it('a discontinued order stays listed with who, when and why, and takes no dose', async () => {
    const { id } = dataOf(
      await api.physician.mutate('orders.create', {
        admissionId,
        drug: 'hydroxyzine',
        doseMg: 25,
        route: 'PO',
        kind: 'prn',
        indication: 'anxiety',
      }),
    ) as { id: number };
    dataOf(await api.physician.mutate('orders.discontinue', { orderId: id, reason: 'Too sedated' }));
    const listed = (dataOf(await api.nurse.query('orders.list', { admissionId })) as OrderDto[]).find(
      (o) => o.id === id,
    );
    expect(listed).toMatchObject({
      status: 'discontinued',
      discontinued: { reason: 'Too sedated', by: { id: physicianId } },
    });
    const res = await expectNothingWritten(api, () =>
      api.nurse.mutate('medications.record', dose(id, { drug: 'hydroxyzine', doseMg: 25, givenAt: minutesAgo(0) })),
    );
    expectError(res, {
      status: 409,
      code: 'CONFLICT',
      message:
        /was discontinued at .*: Too sedated\. No dose can be charted against it; ask the physician for an order, or enter a verbal order/,
    });
    const again = await expectNothingWritten(api, () =>
      api.physician.mutate('orders.discontinue', { orderId: id, reason: 'Twice' }),
    );
    expectError(again, { status: 409, code: 'CONFLICT', message: /already discontinued/ });
  });

  it('a verbal order: entered by the nurse with read-back, active at once, countersigned by the named physician only', async () => {
    const noReadBack = await expectNothingWritten(api, () =>
      api.nurse.mutate('orders.verbal', {
        admissionId,
        ...ONDANSETRON,
        drug: 'acetaminophen',
        doseMg: 650,
        orderedBy: physicianId,
      }),
    );
    expectError(noReadBack, {
      status: 400,
      code: 'BAD_REQUEST',
      issues: [{ path: 'readBack', message: /read the order back/ }],
    });
    const { id } = dataOf(
      await api.nurse.mutate('orders.verbal', {
        admissionId,
        drug: 'acetaminophen',
        doseMg: 650,
        route: 'PO',
        kind: 'prn',
        indication: 'aches',
        orderedBy: physicianId,
        readBack: true,
        channel: 'telephone',
      }),
    ) as { id: number };
    const listed = (dataOf(await api.nurse.query('orders.list', { admissionId })) as OrderDto[]).find(
      (o) => o.id === id,
    );
    expect(listed).toMatchObject({
      status: 'active',
      needsCountersign: true,
      channel: 'telephone',
      orderedBy: { id: physicianId },
      enteredBy: { id: nurseId },
      countersigned: null,
    });
    // Active at once: a dose can be charted against it before the countersignature.
    dataOf(
      await api.nurse.mutate(
        'medications.record',
        dose(id, { drug: 'acetaminophen', doseMg: 650, givenAt: minutesAgo(0) }),
      ),
    );
    const waiting = dataOf(await api.physician.query('orders.awaitingCountersign')) as {
      id: number;
      patientName: string;
    }[];
    expect(waiting).toContainEqual(expect.objectContaining({ id, patientName: 'Test Patient API-ORD-1' }));
    expect(
      (dataOf(await colleague.query('orders.awaitingCountersign')) as { id: number }[]).map((o) => o.id),
    ).not.toContain(id);

    const byColleague = await colleague.mutate('orders.countersign', { orderId: id });
    expectError(byColleague, {
      status: 403,
      code: 'FORBIDDEN',
      message: `Order ${id} was given by Dr. Ben Carter; only they may countersign it`,
    });
    expect(selectAll(api.sqlitePath, 'select * from order_countersignature where order_id = ?', id)).toEqual([]);
    dataOf(await api.physician.mutate('orders.countersign', { orderId: id }));
    const signed = (dataOf(await api.nurse.query('orders.list', { admissionId })) as OrderDto[]).find(
      (o) => o.id === id,
    );
    expect(signed).toMatchObject({ needsCountersign: false, countersigned: { by: { id: physicianId } } });
    expect(
      (dataOf(await api.physician.query('orders.awaitingCountersign')) as { id: number }[]).map((o) => o.id),
    ).not.toContain(id);
    const audit = selectAll(
      api.sqlitePath,
      "select action, user_id from audit_event where entity = 'order' and entity_id = ? order by id",
      id,
    );
    expect(audit).toEqual([
      { action: 'create', user_id: nurseId },
      { action: 'update', user_id: physicianId },
    ]);
  });

  it('roles: a nurse may not write an order, a physician may not enter a verbal one, an admin may do neither', async () => {
    const order = { admissionId, ...ONDANSETRON };
    expectError(await expectNothingWritten(api, () => api.nurse.mutate('orders.create', order)), {
      status: 403,
      code: 'FORBIDDEN',
      message: /Only a physician may do this/,
    });
    expectError(
      await expectNothingWritten(api, () =>
        api.physician.mutate('orders.verbal', { ...order, orderedBy: physicianId, readBack: true }),
      ),
      { status: 403, code: 'FORBIDDEN' },
    );
    for (const [name, input] of [
      ['orders.create', order],
      ['orders.verbal', { ...order, orderedBy: physicianId, readBack: true }],
      ['orders.discontinue', { orderId: 1, reason: 'Admin tries' }],
      ['orders.countersign', { orderId: 1 }],
      ['orderSets.apply', { admissionId, setId: 1 }],
    ] as const) {
      expectError(await expectNothingWritten(api, () => api.admin.mutate(name, input)), {
        status: 403,
        code: 'FORBIDDEN',
      });
    }
    expectError(await api.nurse.mutate('orderSets.apply', { admissionId, setId: 1 }), {
      status: 403,
      code: 'FORBIDDEN',
    });
  });

  it('order sets: the unit lists its sourced sets; applying one writes every line in one step, with adjustments', async () => {
    const sets = dataOf(await api.nurse.query('orderSets.list', { unitId: api.unitId })) as OrderSetDto[];
    expect(sets.map((s) => s.code).sort()).toEqual([
      'buprenorphine-induction',
      'methadone-induction',
      'opioid-withdrawal-clonidine',
      'opioid-withdrawal-lofexidine',
    ]);
    const withdrawal = sets.find((s) => s.code === 'opioid-withdrawal-clonidine') as OrderSetDto;
    expect(withdrawal.orders.map((o) => o.drug)).toEqual([
      'clonidine',
      'loperamide',
      'ondansetron',
      'ibuprofen',
      'acetaminophen',
      'hydroxyzine',
      'dicyclomine',
      'methocarbamol',
      'trazodone',
    ]);

    const bad = await expectNothingWritten(api, () =>
      api.physician.mutate('orderSets.apply', {
        admissionId,
        setId: withdrawal.id,
        adjustments: [{ line: 99, doseMg: 1 }],
      }),
    );
    expectError(bad, { status: 400, code: 'BAD_REQUEST', message: /has lines 0 to 8; got 99/ });
    const applied = dataOf(
      await api.physician.mutate('orderSets.apply', {
        admissionId,
        setId: withdrawal.id,
        adjustments: [
          { line: 5, doseMg: 50, doseMaxMg: null },
          { line: 8, omit: true },
        ],
      }),
    ) as { ids: number[] };
    expect(applied.ids).toHaveLength(8);
    const orders = dataOf(await api.nurse.query('orders.list', { admissionId })) as OrderDto[];
    const fromSet = orders.filter((o) => applied.ids.includes(o.id));
    expect(fromSet.every((o) => o.orderSetId === withdrawal.id && o.status === 'active' && !o.needsCountersign)).toBe(
      true,
    );
    expect(fromSet.find((o) => o.drug === 'hydroxyzine')).toMatchObject({ doseMg: 50 });
    expect(fromSet.some((o) => o.drug === 'trazodone')).toBe(false);
  });

  it('orders.due: clonidine waits for a COWS ≥ 8, becomes eligible after a COWS of 10 with why, then waits for its interval', async () => {
    const before = dataOf(await api.nurse.query('orders.due', { admissionId })) as DueDto;
    const waiting = before.notEligible.find((n) => n.drug === 'clonidine');
    expect(waiting?.reasons).toEqual([
      'no COWS charted yet (the order needs COWS ≥ 8)',
      'no vital signs charted: check BP and HR first',
    ]);

    dataOf(
      await api.nurse.mutate(
        'assessments.record',
        cows18(admissionId, {
          items: COWS_10,
          takenAt: minutesAgo(3),
          vitals: { heartRate: 92, systolic: 124, diastolic: 78 },
        }),
      ),
    );
    const after = dataOf(await api.nurse.query('orders.due', { admissionId })) as DueDto;
    const eligible = after.eligible.find((e) => e.drug === 'clonidine');
    expect(eligible?.why).toMatch(new RegExp(`^COWS 10 ≥ 8 at ${CLOCK}; no dose yet; 0 of 0\\.8 mg in 24 h$`));
    expect(after.notEligible.map((n) => n.drug)).not.toContain('clonidine');

    const orderId = eligible?.orderId as number;
    dataOf(
      await api.nurse.mutate(
        'medications.record',
        dose(orderId, { drug: 'clonidine', doseMg: 0.1, givenAt: minutesAgo(0) }),
      ),
    );
    const given = dataOf(await api.nurse.query('orders.due', { admissionId })) as DueDto;
    const next = given.notEligible.find((n) => n.drug === 'clonidine');
    expect(next?.reasons[0]).toMatch(new RegExp(`^no COWS ≥ 8 since the last dose at ${CLOCK}$`));
    // Four hours on may be tomorrow on the unit's clock: the message then names the day.
    expect(next?.reasons).toContainEqual(
      expect.stringMatching(new RegExp(`^next allowed at ${CLOCK} \\(last dose ${CLOCK}, every 4 h at most\\)$`)),
    );

    // An instant in the past: before the COWS, clonidine was not eligible.
    const earlier = dataOf(await api.nurse.query('orders.due', { admissionId, at: minutesAgo(5) })) as DueDto;
    expect(earlier.eligible.map((e) => e.drug)).not.toContain('clonidine');
    // Read from the database file by another connection: polled, so the check never depends on timing.
    await expect
      .poll(() =>
        selectAll(
          api.sqlitePath,
          "select count(*) as n from audit_event where entity = 'orders-due' and entity_id = ?",
          admissionId,
        ),
      )
      .toEqual([{ n: 4 }]);
  });
});
