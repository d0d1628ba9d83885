import { describe, expect, it } from 'vitest';
import { admitBody, expectError, expectNothingWritten, useApiServer } from '../support/api.js';
import { rowById, selectAll } from '../support/sqlite-counts.js';
import { dataOf } from '../support/trpc-http.js';

const api = useApiServer();

interface AdmissionDto {
  substances: { code: string; name: string; kind: string; detail: string | null }[];
  substance: string;
  opioidKind: 'short' | 'long';
  weightKg: number | null;
}

const substanceRows = (admissionId: number) =>
  selectAll(
    api.sqlitePath,
    'select position, code, detail from admission_substance where admission_id = ? order by position',
    admissionId,
  );

describe('coded substances over HTTP (issue 10, item 2)', () => {
  it('substances.list gives every code with its name, kind and default waits, to any logged-in user', async () => {
    const list = dataOf(await api.admin.query('substances.list')) as {
      code: string;
      name: string;
      kind: string;
      defaultWaits: Record<string, number | null>;
    }[];
    expect(list.find((s) => s.code === 'methadone')).toEqual({
      code: 'methadone',
      name: 'Methadone (also Methadose, Dolophine)',
      kind: 'methadone',
      defaultWaits: { buprenorphineInductionHours: 36, naltrexoneOpioidFreeDays: 14 },
    });
    expect(list.find((s) => s.code === 'alcohol')).toMatchObject({
      kind: 'alcohol',
      defaultWaits: { buprenorphineInductionHours: null, naltrexoneOpioidFreeDays: null },
    });
    expect(list.map((s) => s.kind)).toContain('extended-release');
    expectError(await api.anonymous.query('substances.list'), { status: 401, code: 'UNAUTHORIZED' });
  });

  it('admits with two coded substances, their details and a weight; the old columns stay filled', async () => {
    const body = admitBody(api.unitId, '4', 'API-SUB-1', {
      substances: [{ code: 'illicit-fentanyl', detail: 'smoked' }, { code: 'alcohol' }],
      weightKg: 92,
    });
    delete body.substance;
    delete body.opioidKind;
    const { admissionId } = dataOf(await api.nurse.mutate('admissions.admit', body)) as { admissionId: number };
    expect(substanceRows(admissionId)).toEqual([
      { position: 1, code: 'illicit-fentanyl', detail: 'smoked' },
      { position: 2, code: 'alcohol', detail: null },
    ]);
    expect(rowById(api.sqlitePath, 'admission', admissionId)).toMatchObject({
      substance: 'Fentanyl (illicit): smoked; Alcohol',
      opioid_kind: 'short',
      weight_kg: 92,
    });
    const admission = dataOf(await api.physician.query('admissions.get', { admissionId })) as AdmissionDto;
    expect(admission).toMatchObject({
      substances: [
        { code: 'illicit-fentanyl', name: 'Fentanyl (illicit)', kind: 'short-acting', detail: 'smoked' },
        { code: 'alcohol', name: 'Alcohol', kind: 'alcohol', detail: null },
      ],
      weightKg: 92,
    });
    await api.nurse.mutate('admissions.discharge', {
      admissionId,
      dischargedAt: new Date(Date.now() - 60_000).toISOString(),
    });
  });

  it('still accepts the old substance + opioidKind pair, mapping "Methadose" to methadone and keeping the text', async () => {
    const { admissionId } = dataOf(
      await api.nurse.mutate(
        'admissions.admit',
        admitBody(api.unitId, '8', 'API-SUB-2', { substance: 'Methadose 80 mg', opioidKind: 'short' }),
      ),
    ) as { admissionId: number };
    expect(substanceRows(admissionId)).toEqual([{ position: 1, code: 'methadone', detail: 'Methadose 80 mg' }]);
    const admission = dataOf(await api.nurse.query('admissions.get', { admissionId })) as AdmissionDto;
    expect(admission).toMatchObject({ substance: 'Methadose 80 mg', opioidKind: 'long', weightKg: null });
  });

  it('refuses an unknown code, a repeated code, no substance and an implausible weight with 400, writing nothing', async () => {
    const coded = (overrides: Record<string, unknown>) => {
      const body = admitBody(api.unitId, '11', 'API-SUB-3', overrides);
      delete body.substance;
      delete body.opioidKind;
      return body;
    };
    const cases: [Record<string, unknown>, string, string][] = [
      [
        { substances: [{ code: 'speedball' }] },
        'substances.0.code',
        'choose a substance from the list (substances.list)',
      ],
      [
        { substances: [{ code: 'heroin' }, { code: 'heroin' }] },
        'substances',
        'heroin is listed twice; list each substance once',
      ],
      [{}, 'substances', 'choose the substances used (or give both substance and opioidKind)'],
      [
        { substances: [{ code: 'heroin' }], weightKg: 700 },
        'weightKg',
        'a weight above 350 kg is not plausible; check the units (kg, not lb)',
      ],
    ];
    for (const [overrides, path, message] of cases) {
      const before = selectAll(api.sqlitePath, 'select count(*) as n from admission_substance');
      const res = await expectNothingWritten(api, () => api.nurse.mutate('admissions.admit', coded(overrides)));
      expectError(res, { status: 400, code: 'BAD_REQUEST', issues: [{ path, message }] });
      expect(selectAll(api.sqlitePath, 'select count(*) as n from admission_substance')).toEqual(before);
    }
  });
});
