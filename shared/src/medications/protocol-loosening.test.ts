import { describe, expect, it } from 'vitest';
import { DEFAULT_UNIT_PROTOCOL, type UnitProtocol } from './protocol.js';
import { loosenedHardLimits } from './protocol-loosening.js';

// Through JSON: the defaults share one hold object between drugs, as a stored protocol never does.
const base = (): UnitProtocol => JSON.parse(JSON.stringify(DEFAULT_UNIT_PROTOCOL)) as UnitProtocol;
const changed = (fn: (p: UnitProtocol) => void) => {
  const p = base();
  fn(p);
  return loosenedHardLimits(DEFAULT_UNIT_PROTOCOL, p);
};
const clonidineHold = (p: UnitProtocol) => {
  const hold = p.drugs.clonidine.vitalSignHold;
  if (!hold) throw new Error('the default protocol holds clonidine on vital signs');
  return hold;
};

describe('loosenedHardLimits', () => {
  it('finds nothing in an unchanged protocol', () => {
    expect(loosenedHardLimits(DEFAULT_UNIT_PROTOCOL, base())).toEqual([]);
  });

  it('a hard per-dose limit: equal is not loosening, 0.1 mg above is, below is tightening', () => {
    const limit = DEFAULT_UNIT_PROTOCOL.drugs.methadone.plausibleMaxDoseMg;
    expect(
      changed((p) => {
        p.drugs.methadone.plausibleMaxDoseMg = limit;
      }),
    ).toEqual([]);
    expect(
      changed((p) => {
        p.drugs.methadone.plausibleMaxDoseMg = limit + 0.1;
      }),
    ).toEqual([`Methadone: hard per-dose limit raised from ${limit} mg to ${limit + 0.1} mg`]);
    expect(
      changed((p) => {
        p.drugs.methadone.plausibleMaxDoseMg = limit - 0.1;
      }),
    ).toEqual([]);
  });

  it('a hold threshold: equal is not loosening, one below is, one above is tightening', () => {
    const sbp = clonidineHold(DEFAULT_UNIT_PROTOCOL).systolicBelowMmHg;
    expect(
      changed((p) => {
        clonidineHold(p).systolicBelowMmHg = sbp;
      }),
    ).toEqual([]);
    expect(
      changed((p) => {
        clonidineHold(p).systolicBelowMmHg = sbp - 1;
      }),
    ).toEqual([`Clonidine: hold when systolic below ${sbp - 1} mmHg (was ${sbp})`]);
    expect(
      changed((p) => {
        clonidineHold(p).systolicBelowMmHg = sbp + 1;
      }),
    ).toEqual([]);
    const hr = clonidineHold(DEFAULT_UNIT_PROTOCOL).heartRateBelowBpm;
    expect(
      changed((p) => {
        clonidineHold(p).heartRateBelowBpm = hr - 1;
      }),
    ).toHaveLength(1);
    const dbp = clonidineHold(DEFAULT_UNIT_PROTOCOL).diastolicBelowMmHg;
    expect(
      changed((p) => {
        clonidineHold(p).diastolicBelowMmHg = dbp - 1;
      }),
    ).toHaveLength(1);
  });

  it('the vital-sign window: one minute longer is loosening, equal or shorter is not', () => {
    const within = clonidineHold(DEFAULT_UNIT_PROTOCOL).vitalsWithinMinutes;
    expect(
      changed((p) => {
        clonidineHold(p).vitalsWithinMinutes = within;
      }),
    ).toEqual([]);
    expect(
      changed((p) => {
        clonidineHold(p).vitalsWithinMinutes = within + 1;
      }),
    ).toHaveLength(1);
    expect(
      changed((p) => {
        clonidineHold(p).vitalsWithinMinutes = within - 1;
      }),
    ).toEqual([]);
  });

  it('removing a hold is loosening', () => {
    expect(
      changed((p) => {
        delete p.drugs.clonidine.vitalSignHold;
      }),
    ).toEqual(['Clonidine: vital-sign hold removed']);
  });

  it('doses by route: a route allowed that was refused (IM methadone) is loosening', () => {
    expect(
      changed((p) => {
        p.drugs.methadone.dosesByRoute = { ...p.drugs.methadone.dosesByRoute, IM: { maxMg: 10 } };
      }),
    ).toEqual(['Methadone: IM allowed (was refused), up to 10 mg']);
  });

  it('doses by route: naltrexone PO 50 mg stays, 50.1 mg is loosening, 25 to 24.9 mg is loosening, 45 mg is tightening', () => {
    const po = DEFAULT_UNIT_PROTOCOL.drugs.naltrexone.dosesByRoute?.PO;
    expect(po).toEqual({ minMg: 25, maxMg: 50 });
    expect(
      changed((p) => {
        p.drugs.naltrexone.dosesByRoute = { ...p.drugs.naltrexone.dosesByRoute, PO: { minMg: 25, maxMg: 50 } };
      }),
    ).toEqual([]);
    expect(
      changed((p) => {
        p.drugs.naltrexone.dosesByRoute = { ...p.drugs.naltrexone.dosesByRoute, PO: { minMg: 25, maxMg: 50.1 } };
      }),
    ).toEqual(['Naltrexone PO: highest dose raised from 50 mg to 50.1 mg']);
    expect(
      changed((p) => {
        p.drugs.naltrexone.dosesByRoute = { ...p.drugs.naltrexone.dosesByRoute, PO: { minMg: 24.9, maxMg: 50 } };
      }),
    ).toEqual(['Naltrexone PO: lowest dose lowered from 25 mg to 24.9 mg']);
    expect(
      changed((p) => {
        p.drugs.naltrexone.dosesByRoute = { ...p.drugs.naltrexone.dosesByRoute, PO: { minMg: 25, maxMg: 45 } };
      }),
    ).toEqual([]);
  });

  it('doses by route removed altogether is loosening', () => {
    expect(
      changed((p) => {
        delete p.drugs.naltrexone.dosesByRoute;
      }),
    ).toEqual(['Naltrexone: limits by route removed (any route and dose allowed)']);
  });

  it('a hard-stop 24 h maximum: equal or lower is not loosening; raised, removed or made a warning is', () => {
    const max = DEFAULT_UNIT_PROTOCOL.drugs.loperamide.maxPer24hMg ?? 0;
    expect(DEFAULT_UNIT_PROTOCOL.drugs.loperamide.maxPer24hIsHardStop).toBe(true);
    expect(
      changed((p) => {
        p.drugs.loperamide.maxPer24hMg = max - 2;
      }),
    ).toEqual([]);
    expect(
      changed((p) => {
        p.drugs.loperamide.maxPer24hMg = max + 2;
      }),
    ).toEqual([`Loperamide: hard-stop 24 h maximum raised from ${max} mg to ${max + 2} mg`]);
    expect(
      changed((p) => {
        p.drugs.loperamide.maxPer24hIsHardStop = false;
      }),
    ).toEqual(['Loperamide: the 24 h maximum is no longer a hard stop (a reason could pass it)']);
    expect(
      changed((p) => {
        delete p.drugs.loperamide.maxPer24hMg;
      }),
    ).toEqual(['Loperamide: the hard-stop 24 h maximum removed']);
  });
});
