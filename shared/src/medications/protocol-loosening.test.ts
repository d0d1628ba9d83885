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
    expect(changed((p) => {
        p.drugs.methadone.plausibleMaxDoseMg = limit;
      })).toEqual([]);
    expect(changed((p) => {
        p.drugs.methadone.plausibleMaxDoseMg = limit + 0.1;
      })).toEqual([
      `Methadone: hard per-dose limit raised from ${limit} mg to ${limit + 0.1} mg`,
    ]);
    expect(changed((p) => {
        p.drugs.methadone.plausibleMaxDoseMg = limit - 0.1;
      })).toEqual([]);
  });

  it('a hold threshold: equal is not loosening, one below is, one above is tightening', () => {
    const sbp = clonidineHold(DEFAULT_UNIT_PROTOCOL).systolicBelowMmHg;
    expect(changed((p) => {
        clonidineHold(p).systolicBelowMmHg = sbp;
      })).toEqual([]);
    expect(changed((p) => {
        clonidineHold(p).systolicBelowMmHg = sbp - 1;
      })).toEqual([`Clonidine: hold when systolic below ${sbp - 1} mmHg (was ${sbp})`]);
    expect(changed((p) => {
        clonidineHold(p).systolicBelowMmHg = sbp + 1;
      })).toEqual([]);
    const hr = clonidineHold(DEFAULT_UNIT_PROTOCOL).heartRateBelowBpm;
    expect(changed((p) => {
        clonidineHold(p).heartRateBelowBpm = hr - 1;
      })).toHaveLength(1);
    const dbp = clonidineHold(DEFAULT_UNIT_PROTOCOL).diastolicBelowMmHg;
    expect(changed((p) => {
        clonidineHold(p).diastolicBelowMmHg = dbp - 1;
      })).toHaveLength(1);
  });

  it('the vital-sign window: one minute longer is loosening, equal or shorter is not', () => {
    const within = clonidineHold(DEFAULT_UNIT_PROTOCOL).vitalsWithinMinutes;
    expect(changed((p) => {
        clonidineHold(p).vitalsWithinMinutes = within;
      })).toEqual([]);
    expect(changed((p) => {
        clonidineHold(p).vitalsWithinMinutes = within + 1;
      })).toHaveLength(1);
    expect(changed((p) => {
        clonidineHold(p).vitalsWithinMinutes = within - 1;
      })).toEqual([]);
  });

  it('removing a hold is loosening', () => {
    expect(
      changed((p) => {
        delete p.drugs.clonidine.vitalSignHold;
      }),
    ).toEqual(['Clonidine: vital-sign hold removed']);
  });
});
