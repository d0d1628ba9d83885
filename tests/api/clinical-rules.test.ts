import { beforeAll, describe, expect, it } from 'vitest';
import {
  admitBody,
  cows18,
  doseBody,
  expectError,
  expectNothingWritten,
  minutesAgo,
  useApiServer,
} from '../support/api.js';
import { dataOf } from '../support/trpc-http.js';
import type { ApiOutputs } from '../support/api-outputs.js';

/**
 * Issue 10 over HTTP: the server runs the shared rules on the admission's own data (coded
 * substances, weight, vital signs, unit protocol) and answers medications.check with them.
 */

const api = useApiServer();

type Warning = ApiOutputs['medications']['check']['warnings'][number];

function codedAdmit(bed: string, mrn: string, overrides: Record<string, unknown>): Record<string, unknown> {
  const body = admitBody(api.unitId, bed, mrn, overrides);
  delete body.substance;
  delete body.opioidKind;
  return body;
}

async function check(admissionId: number, drug: string, doseMg: number, route: string): Promise<Warning[]> {
  const res = await api.nurse.query('medications.check', {
    admissionId,
    drug,
    doseMg,
    route,
    givenAt: minutesAgo(1),
    status: 'given',
  });
  return (dataOf(res) as { warnings: Warning[] }).warnings;
}

const codes = (warnings: Warning[]) => warnings.map((w) => w.code);

describe('issue 10 rules, enforced by the server from the admission record', () => {
  let heavyFentanyl: number;
  let methadoneUser: number;

  beforeAll(async () => {
    // Fentanyl 2 h ago, 95 kg; low blood pressure and heart rate charted with a COWS.
    heavyFentanyl = (
      dataOf(
        await api.nurse.mutate(
          'admissions.admit',
          codedAdmit('4', 'API-CLIN-1', {
            substances: [{ code: 'illicit-fentanyl' }],
            weightKg: 95,
            lastUseAt: minutesAgo(120),
          }),
        ),
      ) as {
        admissionId: number;
      }
    ).admissionId;
    await api.nurse.mutate(
      'assessments.record',
      cows18(heavyFentanyl, {
        takenAt: minutesAgo(10),
        vitals: { heartRate: 45, systolic: 82, diastolic: 50 },
        items: { ...(cows18(0).items as object), pulse: 0 },
      }),
    );
    // Old client, free text "Methadose", 30 h ago.
    methadoneUser = (
      dataOf(
        await api.nurse.mutate(
          'admissions.admit',
          admitBody(api.unitId, '8', 'API-CLIN-2', {
            substance: 'Methadose',
            opioidKind: 'short',
            lastUseAt: minutesAgo(30 * 60),
          }),
        ),
      ) as {
        admissionId: number;
      }
    ).admissionId;
  });

  it('naltrexone 2 h after fentanyl needs a documented reason (item 1)', async () => {
    const [warning] = await check(heavyFentanyl, 'naltrexone', 25, 'PO');
    expect(warning).toMatchObject({ code: 'naltrexone-too-soon-after-use', requiresOverride: true, hardStop: false });
    expect(warning?.message).toMatch(
      /^1 h 5\d min since last use \(Fentanyl \(illicit\)\); naltrexone needs 7 days opioid-free/,
    );
  });

  it('naltrexone 380 mg by mouth is refused outright; 380 mg IM is only the interval warning (item 1)', async () => {
    expect(await check(heavyFentanyl, 'naltrexone', 380, 'PO')).toEqual([
      expect.objectContaining({ code: 'dose-not-allowed-by-route', hardStop: true }),
    ]);
    expect(codes(await check(heavyFentanyl, 'naltrexone', 380, 'IM'))).toEqual(['naltrexone-too-soon-after-use']);
  });

  it('"Methadose" charted as free text waits 36 h for buprenorphine, not 12 h (item 2)', async () => {
    const warnings = await check(methadoneUser, 'buprenorphine', 4, 'SL');
    expect(warnings.find((w) => w.code === 'buprenorphine-too-soon-after-use')?.message).toMatch(
      /the unit waits 36 h after methadone/,
    );
  });

  it('lofexidine 0.72 mg with BP 82/50 and HR 45 asks for a reason for each low reading (item 3)', async () => {
    expect(codes(await check(heavyFentanyl, 'lofexidine', 0.72, 'PO'))).toEqual([
      'hold-low-systolic',
      'hold-low-diastolic',
      'hold-low-heart-rate',
    ]);
  });

  it('IM methadone is refused unless the protocol enables it (item 5)', async () => {
    const [warning] = await check(methadoneUser, 'methadone', 10, 'IM');
    expect(warning).toMatchObject({ code: 'dose-not-allowed-by-route', hardStop: true });
    expect(warning?.message).toBe(
      "Methadone IM is not allowed by the unit's protocol (allowed: PO up to 150 mg); check the route against the order",
    );
  });

  it('the unit protocol shipped with the new defaults (items 3, 5, 9b)', async () => {
    const current = dataOf(await api.physician.query('protocol.get', { unitId: api.unitId })) as {
      protocol: { drugs: Record<string, Record<string, unknown>>; naltrexoneStart: unknown };
    };
    expect(current.protocol.drugs.loperamide).toMatchObject({
      maxPer24hMg: 16,
      maxPer24hIsHardStop: true,
      warnFromPer24hMg: 12,
    });
    expect(current.protocol.drugs.clonidine).toMatchObject({
      maxPer24hMg: 0.8,
      maxPer24hByWeight: { fromKg: 90, maxPer24hMg: 1.2 },
    });
    expect(current.protocol.drugs.lofexidine?.vitalSignHold).toEqual({
      systolicBelowMmHg: 90,
      diastolicBelowMmHg: 60,
      heartRateBelowBpm: 60,
      vitalsWithinMinutes: 60,
    });
    expect(current.protocol.naltrexoneStart).toEqual({
      opioidFreeDaysAfter: { shortActing: 7, extendedRelease: 10, methadone: 14, buprenorphine: 14 },
    });
  });

  it('a COWS pulse item below the heart rate: 400 without a reason, writing nothing; saved with one and listed with it (item 4)', async () => {
    const lowered = cows18(methadoneUser, { takenAt: minutesAgo(3), vitals: { heartRate: 104 } });
    const refused = await expectNothingWritten(api, () => api.nurse.mutate('assessments.record', lowered));
    expectError(refused, {
      status: 400,
      code: 'BAD_REQUEST',
      issues: [
        {
          path: 'items.pulse',
          message: /^COWS resting pulse is scored 1, below the 2 that a heart rate of 104 bpm scores/,
        },
      ],
    });
    const above = await expectNothingWritten(api, () =>
      api.nurse.mutate(
        'assessments.record',
        cows18(methadoneUser, { takenAt: minutesAgo(3), vitals: { heartRate: 70 }, itemReasons: { pulse: 'anxious' } }),
      ),
    );
    expectError(above, {
      status: 400,
      code: 'BAD_REQUEST',
      issues: [{ path: 'items.pulse', message: /an item above the measured heart rate is not allowed/ }],
    });
    const saved = dataOf(
      await api.nurse.mutate('assessments.record', {
        ...lowered,
        itemReasons: { pulse: 'walked back from the bathroom' },
      }),
    ) as { id: number };
    const listed = (
      dataOf(await api.physician.query('assessments.list', { admissionId: methadoneUser })) as {
        id: number;
        itemReasons: Record<string, string>;
      }[]
    ).find((a) => a.id === saved.id);
    expect(listed?.itemReasons).toEqual({ pulse: 'walked back from the bathroom' });
  });

  it('precipitated withdrawal: no COWS before the first buprenorphine dose, then COWS 30, raises an alert (item 6)', async () => {
    const admissionId = (
      dataOf(
        await api.nurse.mutate(
          'admissions.admit',
          codedAdmit('11', 'API-CLIN-3', {
            substances: [{ code: 'heroin' }],
            lastUseAt: minutesAgo(20 * 60),
            admittedAt: minutesAgo(120),
          }),
        ),
      ) as { admissionId: number }
    ).admissionId;
    const order = dataOf(
      await api.physician.mutate('orders.create', {
        admissionId,
        drug: 'buprenorphine',
        doseMg: 4,
        route: 'SL',
        kind: 'once',
        startAt: minutesAgo(90),
      }),
    ) as { id: number };
    const dose = await api.nurse.mutate(
      'medications.record',
      doseBody(admissionId, {
        drug: 'buprenorphine',
        doseMg: 4,
        route: 'SL',
        givenAt: minutesAgo(60),
        orderId: order.id,
        indication: 'Induction',
        overrideReason: 'COWS charted on paper at the bedside',
      }),
    );
    dataOf(dose);
    expect(dataOf(await api.physician.query('alerts.list', { admissionId }))).toEqual([]);
    const cows30 = {
      pulse: 4,
      sweating: 4,
      restlessness: 5,
      pupils: 5,
      boneJointAches: 4,
      runnyNoseTearing: 4,
      giUpset: 3,
      tremor: 1,
      yawning: 0,
      anxietyIrritability: 0,
      gooseflesh: 0,
    };
    await api.nurse.mutate('assessments.record', {
      admissionId,
      instrument: 'COWS',
      takenAt: minutesAgo(20),
      items: cows30,
      vitals: { heartRate: 124 },
    });
    const alerts = dataOf(await api.physician.query('alerts.list', { admissionId })) as {
      code: string;
      message: string;
    }[];
    expect(alerts).toEqual([
      expect.objectContaining({
        code: 'precipitated-withdrawal',
        message: expect.stringMatching(/^Possible precipitated withdrawal: COWS 30 \(moderately severe or worse\)/),
      }),
    ]);
  });
});
