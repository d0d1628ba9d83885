import { describe, expect, it } from 'vitest';
import { admitInput } from '../api/admissions.js';
import { DEFAULT_UNIT_PROTOCOL } from '../medications/protocol.js';
import { getSubstance, SUBSTANCE_CODES, SUBSTANCES, substancesText } from './catalogue.js';
import { legacyOpioidKind, legacySubstanceCode } from './legacy-substance.js';
import { mostRestrictiveInductionWait, mostRestrictiveNaltrexoneWait } from './waits.js';

describe('the coded substance list', () => {
  it('has every code once, each with a kind', () => {
    expect(SUBSTANCES.map((s) => s.code)).toEqual([...SUBSTANCE_CODES]);
    expect(getSubstance('methadone').kind).toBe('methadone');
    expect(getSubstance('oxycodone-er').kind).toBe('extended-release');
    expect(getSubstance('morphine-er').kind).toBe('extended-release');
    expect(getSubstance('alcohol').kind).toBe('alcohol');
    expect(getSubstance('benzodiazepine').kind).toBe('sedative');
  });

  it('prints the substances with their detail', () => {
    expect(substancesText([{ code: 'illicit-fentanyl', detail: 'smoked' }, { code: 'alcohol' }])).toBe(
      'Fentanyl (illicit): smoked; Alcohol',
    );
  });
});

describe('the old free-text substance and short/long pair', () => {
  it.each([
    ['Methadone (maintenance, stopped)', 'long', 'methadone'],
    ['Methadose 80 mg', 'short', 'methadone'],
    ['Dolophine', 'short', 'methadone'],
    ['metadone', 'short', 'methadone'],
    ['Illicit fentanyl (smoked)', 'short', 'illicit-fentanyl'],
    ['Heroin (IV)', 'short', 'heroin'],
    ['Oxycodone IR (oral)', 'short', 'oxycodone-ir'],
    ['OxyContin', 'long', 'oxycodone-er'],
    ['oxycodone ER', 'long', 'oxycodone-er'],
    ['MS Contin', 'long', 'morphine-er'],
    ['Suboxone (diverted)', 'short', 'buprenorphine'],
    ['Percocet', 'short', 'oxycodone-ir'],
    ['pills', 'short', 'other-opioid-short-acting'],
    ['pills', 'long', 'other-opioid-long-acting'],
    // The nurse said long-acting: never a shorter wait than that choice.
    ['Heroin', 'long', 'other-opioid-long-acting'],
  ] as const)('%s (%s) maps to %s', (text, kind, code) => {
    expect(legacySubstanceCode(text, kind)).toBe(code);
  });

  it('writes the old opioid_kind column from the substances', () => {
    expect(legacyOpioidKind([{ code: 'heroin' }])).toBe('short');
    expect(legacyOpioidKind([{ code: 'heroin' }, { code: 'methadone' }])).toBe('long');
    expect(legacyOpioidKind([{ code: 'alcohol' }])).toBe('short');
  });
});

describe('the most restrictive wait among several substances', () => {
  const gate = DEFAULT_UNIT_PROTOCOL.buprenorphineInduction;
  const start = DEFAULT_UNIT_PROTOCOL.naltrexoneStart;

  it('buprenorphine induction: short 12 h, extended-release 24 h, methadone 36 h; none for alcohol or buprenorphine', () => {
    expect(mostRestrictiveInductionWait([{ code: 'heroin' }], gate)).toEqual({
      hours: 12,
      after: 'a short-acting opioid',
    });
    expect(mostRestrictiveInductionWait([{ code: 'heroin' }, { code: 'morphine-er' }], gate)?.hours).toBe(24);
    expect(
      mostRestrictiveInductionWait([{ code: 'illicit-fentanyl' }, { code: 'alcohol' }, { code: 'methadone' }], gate),
    ).toEqual({ hours: 36, after: 'methadone' });
    expect(mostRestrictiveInductionWait([{ code: 'alcohol' }, { code: 'buprenorphine' }], gate)).toBeUndefined();
  });

  it('naltrexone: 7, 10 and 14 days by kind, in hours', () => {
    expect(mostRestrictiveNaltrexoneWait([{ code: 'tramadol' }], start)?.hours).toBe(7 * 24);
    expect(mostRestrictiveNaltrexoneWait([{ code: 'oxycodone-er' }, { code: 'heroin' }], start)?.hours).toBe(10 * 24);
    expect(mostRestrictiveNaltrexoneWait([{ code: 'buprenorphine' }, { code: 'heroin' }], start)?.hours).toBe(14 * 24);
    expect(mostRestrictiveNaltrexoneWait([{ code: 'benzodiazepine' }], start)).toBeUndefined();
  });
});

describe('admitInput: coded substances, weight, and the old pair', () => {
  const base = {
    unitId: 1,
    bed: '4',
    patient: { mrn: 'M1', name: 'A Patient', birthDate: '1990-01-01' },
    lastUseAt: '2026-01-10T08:00:00Z',
    admittedAt: '2026-01-10T10:00:00Z',
  };

  it('accepts one or more coded substances with a detail, and a weight', () => {
    const parsed = admitInput.parse({
      ...base,
      substances: [{ code: 'illicit-fentanyl', detail: 'smoked' }, { code: 'alcohol' }],
      weightKg: 92.5,
    });
    expect(parsed.substances).toEqual([
      { code: 'illicit-fentanyl', detail: 'smoked' },
      { code: 'alcohol', detail: undefined },
    ]);
    expect(parsed.weightKg).toBe(92.5);
  });

  it('maps the old pair to a coded substance, keeping the text as the detail', () => {
    const parsed = admitInput.parse({ ...base, substance: 'Methadose', opioidKind: 'short' });
    expect(parsed.substances).toEqual([{ code: 'methadone', detail: 'Methadose' }]);
  });

  it('refuses no substance, an unknown code, a repeated code, and an implausible weight, with what to fix', () => {
    const issues = (input: object) =>
      admitInput.safeParse({ ...base, ...input }).error?.issues.map((i) => i.message) ?? [];
    expect(issues({})).toEqual(['choose the substances used (or give both substance and opioidKind)']);
    expect(issues({ substances: [] })).toEqual(['choose at least one substance used']);
    expect(issues({ substances: [{ code: 'speedball' }] })).toEqual([
      'choose a substance from the list (substances.list)',
    ]);
    expect(issues({ substances: [{ code: 'heroin' }, { code: 'heroin' }] })).toEqual([
      'heroin is listed twice; list each substance once',
    ]);
    expect(issues({ substances: [{ code: 'heroin' }], weightKg: 24.9 })[0]).toMatch(/below 25 kg/);
    expect(issues({ substances: [{ code: 'heroin' }], weightKg: 25 })).toEqual([]);
    expect(issues({ substances: [{ code: 'heroin' }], weightKg: 350 })).toEqual([]);
    expect(issues({ substances: [{ code: 'heroin' }], weightKg: 350.1 })[0]).toMatch(/above 350 kg/);
  });
});
