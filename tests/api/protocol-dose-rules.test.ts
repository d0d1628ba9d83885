import { beforeAll, describe, expect, it } from 'vitest';
import {
  admitBody,
  doseBody,
  expectError,
  expectNothingWritten,
  minutesAgo,
  standingOrders,
  useApiServer,
} from '../support/api.js';
import { selectAll } from '../support/sqlite-counts.js';
import { TrpcHttp, dataOf } from '../support/trpc-http.js';
import type { ApiOutputs } from '../support/api-outputs.js';

/**
 * The protocol rules the Protocol page now edits (issue 10, items 5 and 9), over HTTP: a saved
 * change to the loperamide hard stop, the IM methadone route range and the clonidine weight rule
 * takes effect in medications.check and medications.record; a loosening one waits for a second
 * physician; a bad one is refused in words and writes nothing. And the shift report counts the
 * weight-based clonidine maximum for a patient of 90 kg or more.
 */

const api = useApiServer();
let second: TrpcHttp;

type Warning = ApiOutputs['medications']['check']['warnings'][number];
type Protocol = { drugs: Record<string, Record<string, unknown>> } & Record<string, unknown>;
interface ProtocolDto {
  version: number;
  protocol: Protocol;
}
type UpdateResult = ApiOutputs['protocol']['update'];

const current = async () => dataOf(await api.physician.query('protocol.get', { unitId: api.unitId })) as ProtocolDto;
const versions = () => selectAll(api.sqlitePath, 'select id from unit_protocol where unit_id = ?', api.unitId).length;
const update = async (change: (p: Protocol) => void, reason: string) => {
  const { protocol } = await current();
  const next = structuredClone(protocol);
  change(next);
  return api.physician.mutate('protocol.update', { unitId: api.unitId, protocol: next, reason });
};

async function check(
  admissionId: number,
  drug: string,
  doseMg: number,
  route: string,
  givenAt = minutesAgo(1),
): Promise<Warning[]> {
  return (
    dataOf(
      await api.nurse.query('medications.check', { admissionId, drug, doseMg, route, givenAt, status: 'given' }),
    ) as { warnings: Warning[] }
  ).warnings;
}
const codes = (warnings: Warning[]) => warnings.map((w) => w.code);

async function admit(bed: string, mrn: string, weightKg: number): Promise<number> {
  const body = admitBody(api.unitId, bed, mrn, {
    weightKg,
    lastUseAt: minutesAgo(16 * 60),
    admittedAt: minutesAgo(6 * 60),
  });
  const { admissionId } = dataOf(await api.nurse.mutate('admissions.admit', body)) as { admissionId: number };
  await standingOrders(api, admissionId);
  return admissionId;
}

/** A COWS with normal blood pressure and heart rate, so the clonidine hold lets a dose through. */
async function normalVitals(admissionId: number, minutes: number) {
  const items = {
    pulse: 1,
    sweating: 1,
    restlessness: 1,
    pupils: 1,
    boneJointAches: 1,
    runnyNoseTearing: 1,
    giUpset: 2,
    tremor: 1,
    yawning: 1,
    anxietyIrritability: 1,
    gooseflesh: 0,
  };
  dataOf(
    await api.nurse.mutate('assessments.record', {
      admissionId,
      instrument: 'COWS',
      takenAt: minutesAgo(minutes),
      items,
      vitals: { heartRate: 92, systolic: 128, diastolic: 78 },
    }),
  );
}

let heavy: number;
let light: number;

beforeAll(async () => {
  dataOf(
    await api.admin.mutate('users.create', {
      username: 'dr-approver',
      name: 'Dr. Ida Approver',
      role: 'physician',
      password: 'willow harbour lantern',
    }),
  );
  const userId =
    selectAll<{ id: number }>(api.sqlitePath, "select id from app_user where username = 'dr-approver'")[0]?.id ?? 0;
  dataOf(await api.admin.mutate('users.setUnits', { userId, unitIds: [api.unitId] }));
  second = new TrpcHttp(api.server.url);
  await second.login('dr-approver', 'willow harbour lantern');
  heavy = await admit('4', 'API-RULES-HEAVY', 95);
  light = await admit('8', 'API-RULES-LIGHT', 70);
}, 120_000);

type ReportSection = ApiOutputs['reports']['shift']['patients'][number];

describe('the shift report counts the weight-based 24 h maximum (issue 10, item 9)', () => {
  it('a 95 kg patient shows clonidine 1.2 mg as the maximum; a 70 kg patient 0.8 mg', async () => {
    for (const admissionId of [heavy, light]) {
      await normalVitals(admissionId, 20);
      dataOf(
        await api.nurse.mutate(
          'medications.record',
          doseBody(admissionId, {
            drug: 'clonidine',
            doseMg: 0.3,
            route: 'PO',
            givenAt: minutesAgo(10),
            indication: 'COWS 11',
          }),
        ),
      );
    }
    const report = dataOf(await api.nurse.query('reports.shift', { unitId: api.unitId })) as {
      patients: ReportSection[];
    };
    const section = (id: number) => report.patients.find((p) => p.admissionId === id);
    const clonidineTotal = (id: number) => section(id)?.totals24h.find((t) => t.drug === 'clonidine');
    const clonidineOrder = (id: number) => section(id)?.orders.active.find((o) => o.drug === 'clonidine');
    expect(clonidineTotal(heavy)).toMatchObject({ givenMg: 0.3, maxMg: 1.2, percentOfMax: 25 });
    expect(clonidineTotal(light)).toMatchObject({ givenMg: 0.3, maxMg: 0.8, percentOfMax: 38 });
    expect(clonidineOrder(heavy)?.maxPer24hMg).toBe(1.2);
    expect(clonidineOrder(light)?.maxPer24hMg).toBe(0.8);
    expect(section(heavy)?.orders.prnUse.find((u) => u.title.startsWith('Clonidine'))).toMatchObject({
      givenMg24h: 0.3,
      maxPer24hMg: 1.2,
    });
  });
});

describe('protocol edits take effect at the dose check (issue 10, items 5 and 9)', () => {
  it('a lowered loperamide hard stop (14 mg, warning from 10 mg) takes effect at once; a dose over it is refused, writing nothing', async () => {
    const saved = dataOf(
      await update((p) => {
        Object.assign(p.drugs.loperamide as object, { maxPer24hMg: 14, warnFromPer24hMg: 10 });
      }, 'Pharmacy: lower loperamide ceiling'),
    ) as UpdateResult;
    expect(saved).toMatchObject({ pendingChangeId: null, loosened: [] });
    expect((await current()).protocol.drugs.loperamide).toMatchObject({
      maxPer24hMg: 14,
      warnFromPer24hMg: 10,
      maxPer24hIsHardStop: true,
    });

    for (const minutes of [120, 90, 60])
      dataOf(
        await api.nurse.mutate(
          'medications.record',
          doseBody(light, { drug: 'loperamide', doseMg: 4, givenAt: minutesAgo(minutes), indication: 'loose stool' }),
        ),
      );
    // 12 mg given: 2 mg reaches 14 mg exactly (no stop), 4 mg would be 16 mg: a hard stop at 14 mg, not the default 16.
    expect(codes(await check(light, 'loperamide', 2, 'PO'))).toEqual(['reaches-24h-max']);
    const [stop] = await check(light, 'loperamide', 4, 'PO');
    expect(stop).toMatchObject({ code: 'above-24h-max', hardStop: true, requiresOverride: false });
    expect(stop?.message).toMatch(
      /^Loperamide 16 mg in 24 h would exceed the unit maximum of 14 mg .*this maximum is a hard stop\./,
    );

    const refused = await expectNothingWritten(api, () =>
      api.nurse.mutate(
        'medications.record',
        doseBody(light, { drug: 'loperamide', doseMg: 4, givenAt: minutesAgo(1), overrideReason: 'Patient insists' }),
      ),
    );
    expectError(refused, {
      status: 400,
      code: 'BAD_REQUEST',
      issues: [{ path: 'doseMg', message: /would exceed the unit maximum of 14 mg/ }],
    });
  });

  it('the warning level follows the edit: 8 mg given plus 2 mg reaches 10 mg and warns', async () => {
    // The heavy patient has no loperamide yet.
    for (const minutes of [100, 50])
      dataOf(
        await api.nurse.mutate(
          'medications.record',
          doseBody(heavy, { drug: 'loperamide', doseMg: 4, givenAt: minutesAgo(minutes), indication: 'loose stool' }),
        ),
      );
    expect(codes(await check(heavy, 'loperamide', 1.9, 'PO'))).toEqual([]);
    expect(codes(await check(heavy, 'loperamide', 2, 'PO'))).toEqual(['approaching-24h-max']);
  });

  it('raising the hard stop back to 16 mg loosens it: it waits for a second physician, and the 14 mg stop stays until then', async () => {
    const proposed = dataOf(
      await update((p) => {
        Object.assign(p.drugs.loperamide as object, { maxPer24hMg: 16, warnFromPer24hMg: 12 });
      }, 'Back to the default'),
    ) as UpdateResult;
    expect(proposed.loosened).toEqual(['Loperamide: hard-stop 24 h maximum raised from 14 mg to 16 mg']);
    expect((await current()).protocol.drugs.loperamide).toMatchObject({ maxPer24hMg: 14 });
    expect(codes(await check(light, 'loperamide', 4, 'PO'))).toEqual(['above-24h-max']);
    dataOf(await second.mutate('protocol.approve', { changeId: proposed.pendingChangeId }));
    expect(codes(await check(light, 'loperamide', 4, 'PO'))).toEqual(['reaches-24h-max']);
  });

  it('a warning level at or above the maximum is refused in words and writes no version', async () => {
    const before = versions();
    expectError(await update((p) => Object.assign(p.drugs.loperamide as object, { warnFromPer24hMg: 16 }), 'Typo'), {
      status: 400,
      code: 'BAD_REQUEST',
      issues: [
        {
          path: 'protocol.drugs.loperamide.warnFromPer24hMg',
          message: 'the 24 h total to warn from (16 mg) must be below the 24 h maximum (16 mg)',
        },
      ],
    });
    expect(versions()).toBe(before);
  });

  it('IM methadone: enabling it needs its own largest dose; a valid range waits for approval, then doses by it are checked against it', async () => {
    const before = versions();
    const withIm = (maxMg: number) => (p: Protocol) => {
      (p.drugs.methadone as { dosesByRoute: Record<string, unknown> }).dosesByRoute = {
        PO: { maxMg: 150 },
        IM: { maxMg },
      };
    };
    expectError(await update(withIm(0), 'Allow IM methadone'), {
      status: 400,
      code: 'BAD_REQUEST',
      issues: [
        {
          path: 'protocol.drugs.methadone.dosesByRoute.IM.maxMg',
          message: 'the largest dose by this route must be more than 0 mg',
        },
      ],
    });
    expect(versions()).toBe(before);

    expect(codes(await check(heavy, 'methadone', 10, 'IM'))).toContain('dose-not-allowed-by-route');
    const proposed = dataOf(
      await update(withIm(10), 'Emergency IM methadone for patients who cannot take oral'),
    ) as UpdateResult;
    expect(proposed.loosened).toEqual(['Methadone: IM allowed (was refused), up to 10 mg']);
    expect(codes(await check(heavy, 'methadone', 10, 'IM'))).toContain('dose-not-allowed-by-route');
    dataOf(await second.mutate('protocol.approve', { changeId: proposed.pendingChangeId }));

    expect(codes(await check(heavy, 'methadone', 10, 'IM'))).not.toContain('dose-not-allowed-by-route');
    const over = (await check(heavy, 'methadone', 10.5, 'IM')).find((w) => w.code === 'dose-not-allowed-by-route');
    expect(over).toMatchObject({ hardStop: true });
    expect(over?.message).toBe(
      "Methadone 10.5 mg IM is outside the unit's range for that route (allowed: PO up to 150 mg; IM up to 10 mg); check the dose and route against the order",
    );
  });

  it('the clonidine weight rule: a saved change of its weight or maximum decides the 24 h maximum at the next check', async () => {
    // A lower usual maximum (0.3 mg) makes the weight rule visible with the 0.3 mg already given.
    const saved = dataOf(
      await update((p) => {
        Object.assign(p.drugs.clonidine as object, {
          maxPer24hMg: 0.3,
          maxPer24hByWeight: { fromKg: 90, maxPer24hMg: 0.6 },
        });
      }, 'Weight rule review'),
    ) as UpdateResult;
    expect(saved.pendingChangeId).toBeNull();
    await normalVitals(heavy, 2);
    await normalVitals(light, 2);
    // 0.3 given + 0.3: within 0.6 mg for the 95 kg patient, above 0.3 mg for the 70 kg one.
    expect(codes(await check(heavy, 'clonidine', 0.3, 'PO'))).not.toContain('above-24h-max');
    expect(codes(await check(light, 'clonidine', 0.3, 'PO'))).toContain('above-24h-max');

    dataOf(
      await update(
        (p) => Object.assign(p.drugs.clonidine as object, { maxPer24hByWeight: { fromKg: 100, maxPer24hMg: 0.6 } }),
        'Weight rule from 100 kg',
      ),
    );
    const heavyNow = (await check(heavy, 'clonidine', 0.3, 'PO')).find((w) => w.code === 'above-24h-max');
    expect(heavyNow).toMatchObject({ requiresOverride: true, hardStop: false });
    expect(heavyNow?.message).toMatch(/maximum of 0\.3 mg/);
  });
});
