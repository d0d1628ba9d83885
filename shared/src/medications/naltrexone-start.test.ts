import { describe, expect, it } from 'vitest';
import type { AdmissionHistory } from './administration-context.js';
import { checkAdministration } from './rules.js';
import {
  codes,
  contextFor,
  given,
  hoursBefore,
  NOON,
  only,
  protocolWith,
} from '../../test-support/medication-context.js';
import type { PriorAdministration } from './administration-context.js';

/** Naltrexone 25 mg PO at noon; heroin last used `days` before, no agonist on the stay. */
function naltrexone(
  change: {
    days?: number;
    admission?: Partial<AdmissionHistory>;
    doses?: PriorAdministration[];
    protocol?: ReturnType<typeof protocolWith>;
  } = {},
) {
  const { days = 8, admission, doses = [], protocol } = change;
  return checkAdministration(
    contextFor({
      proposed: { drug: 'naltrexone', doseMg: 25, route: 'PO' },
      admission: { substances: [{ code: 'heroin' }], lastUseAt: hoursBefore(NOON, days * 24), ...admission },
      recentAdministrations: doses,
      ...(protocol ? { protocol } : {}),
    }),
  );
}

describe('naltrexone: opioid-free interval since last use (docs/clinical.md §6.6)', () => {
  it('the issue probe: naltrexone 2 h after heroin needs a documented reason', () => {
    const warning = only(naltrexone({ days: 2 / 24 }), 'naltrexone-too-soon-after-use');
    expect(warning).toMatchObject({ severity: 'danger', requiresOverride: true, hardStop: false });
    expect(warning.message).toBe(
      '2 h since last use (Heroin); naltrexone needs 7 days opioid-free after a short-acting opioid, or it can precipitate severe withdrawal. Wait until 10:00 on 17 Jun, or document why (for example a negative naloxone challenge)',
    );
  });

  it('short-acting: exactly 7 days passes; a minute less does not; a day more passes', () => {
    expect(naltrexone({ days: 7 })).toEqual([]);
    expect(codes(naltrexone({ days: 7 - 1 / (24 * 60) }))).toEqual(['naltrexone-too-soon-after-use']);
    expect(naltrexone({ days: 8 })).toEqual([]);
  });

  it('methadone and buprenorphine: 14 days; extended-release opioids: 10 days', () => {
    const after = (code: 'methadone' | 'buprenorphine' | 'oxycodone-er', days: number) =>
      codes(naltrexone({ days, admission: { substances: [{ code }] } }));
    expect(after('methadone', 14)).toEqual([]);
    expect(after('methadone', 13.99)).toEqual(['naltrexone-too-soon-after-use']);
    expect(after('buprenorphine', 14)).toEqual([]);
    expect(after('buprenorphine', 13.99)).toEqual(['naltrexone-too-soon-after-use']);
    expect(after('oxycodone-er', 10)).toEqual([]);
    expect(after('oxycodone-er', 9.99)).toEqual(['naltrexone-too-soon-after-use']);
  });

  it('the most restrictive substance decides: fentanyl and methadone wait 14 days', () => {
    const admission = { substances: [{ code: 'illicit-fentanyl' as const }, { code: 'methadone' as const }] };
    expect(only(naltrexone({ days: 10, admission }), 'naltrexone-too-soon-after-use').message).toContain(
      'needs 14 days opioid-free after methadone',
    );
  });

  it('alcohol only: no opioid interval (naltrexone is also given for alcohol use)', () => {
    expect(naltrexone({ days: 1, admission: { substances: [{ code: 'alcohol' }] } })).toEqual([]);
  });

  it('uses the unit protocol', () => {
    const protocol = protocolWith((p) => {
      p.naltrexoneStart.opioidFreeDaysAfter.shortActing = 10;
    });
    expect(codes(naltrexone({ days: 8, protocol }))).toEqual(['naltrexone-too-soon-after-use']);
  });
});

describe('naltrexone: interval since any opioid agonist charted on this stay', () => {
  it('the issue probe: 1 h after buprenorphine 8 mg needs a documented reason', () => {
    const warnings = naltrexone({ days: 30, doses: [given('buprenorphine', 8, hoursBefore(NOON, 1))] });
    expect(only(warnings, 'naltrexone-too-soon-after-agonist').message).toBe(
      'Buprenorphine was given on this stay at 11:00; naltrexone needs 14 days after buprenorphine, or it can precipitate severe withdrawal. Wait until 11:00 on 24 Jun, or document why (for example a negative naloxone challenge)',
    );
  });

  it('methadone dose: exactly 14 days before passes; a minute less does not', () => {
    expect(naltrexone({ days: 30, doses: [given('methadone', 20, hoursBefore(NOON, 14 * 24))] })).toEqual([]);
    expect(
      codes(naltrexone({ days: 30, doses: [given('methadone', 20, hoursBefore(NOON, 14 * 24 - 1 / 60))] })),
    ).toEqual(['naltrexone-too-soon-after-agonist']);
  });

  it('held or refused agonist doses, and comfort medications, do not count', () => {
    const doses = [
      given('buprenorphine', 8, hoursBefore(NOON, 1), 'held'),
      given('methadone', 10, hoursBefore(NOON, 2), 'refused'),
      given('clonidine', 0.1, hoursBefore(NOON, 1)),
    ];
    expect(naltrexone({ days: 30, doses })).toEqual([]);
  });

  it('a reason overrides: both warnings ask for one, neither is a hard stop', () => {
    const warnings = naltrexone({ days: 1, doses: [given('buprenorphine-naloxone', 8, hoursBefore(NOON, 3))] });
    expect(codes(warnings)).toEqual(['naltrexone-too-soon-after-use', 'naltrexone-too-soon-after-agonist']);
    expect(warnings.every((w) => w.requiresOverride && !w.hardStop)).toBe(true);
  });
});
