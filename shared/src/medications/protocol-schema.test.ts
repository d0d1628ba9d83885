import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DRUG_IDS, DRUGS } from './catalogue.js';
import { DEFAULT_UNIT_PROTOCOL, type UnitProtocol } from './protocol.js';
import { unitProtocolSchema } from './protocol-schema.js';
import { protocolWith } from '../../test-support/medication-context.js';

function issues(protocol: unknown): Record<string, string> {
  const result = unitProtocolSchema.safeParse(protocol);
  if (result.success) return {};
  const byPath: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const path = issue.path.join('.');
    byPath[path] = byPath[path] === undefined ? issue.message : `${byPath[path]} | ${issue.message}`;
  }
  return byPath;
}

const change = (fn: (p: UnitProtocol) => void) => issues(protocolWith(fn));

describe('the default unit protocol', () => {
  it('is valid and parses to itself', () => {
    expect(unitProtocolSchema.parse(DEFAULT_UNIT_PROTOCOL)).toEqual(DEFAULT_UNIT_PROTOCOL);
  });

  it('has an entry for every drug in the catalogue', () => {
    expect(Object.keys(DEFAULT_UNIT_PROTOCOL.drugs).sort()).toEqual([...DRUG_IDS].sort());
  });

  it('never hard-stops a dose the form offers as a quick pick, nor one the single-dose maximum allows', () => {
    for (const drug of DRUGS) {
      const limits = DEFAULT_UNIT_PROTOCOL.drugs[drug.id];
      for (const dose of drug.typicalDosesMg) expect(dose, drug.id).toBeLessThanOrEqual(limits.plausibleMaxDoseMg);
      expect(limits.maxSingleDoseMg ?? 0, drug.id).toBeLessThanOrEqual(limits.plausibleMaxDoseMg);
    }
  });

  it('holds the alpha-2 agonists, clonidine and lofexidine, by default (docs/clinical.md §6.3, §6.4)', () => {
    const held = DRUG_IDS.filter((d) => DEFAULT_UNIT_PROTOCOL.drugs[d].vitalSignHold !== undefined);
    expect(held).toEqual(['clonidine', 'lofexidine']);
  });
});

describe('unitProtocolSchema', () => {
  it('fills in a reassessment time of 60 min when a drug entry leaves it out', () => {
    const { reassessAfterMinutes: _, ...withoutReassess } = DEFAULT_UNIT_PROTOCOL.drugs.ondansetron;
    const parsed = unitProtocolSchema.parse({
      ...DEFAULT_UNIT_PROTOCOL,
      drugs: { ...DEFAULT_UNIT_PROTOCOL.drugs, ondansetron: withoutReassess },
    });
    expect(parsed.drugs.ondansetron.reassessAfterMinutes).toBe(60);
  });

  it('accepts a buprenorphine COWS threshold of 8 to 13 only, in whole points', () => {
    for (const ok of [8, 13]) expect(change((p) => (p.buprenorphineInduction.cowsThreshold = ok))).toEqual({});
    expect(change((p) => (p.buprenorphineInduction.cowsThreshold = 7))).toEqual({
      'buprenorphineInduction.cowsThreshold':
        'the COWS threshold for a first buprenorphine dose must be 8 to 13 (docs/clinical.md §6.2); below 8 risks precipitated withdrawal',
    });
    expect(change((p) => (p.buprenorphineInduction.cowsThreshold = 14))).toHaveProperty([
      'buprenorphineInduction.cowsThreshold',
    ]);
    expect(
      change((p) => (p.buprenorphineInduction.cowsThreshold = 8.5))['buprenorphineInduction.cowsThreshold'],
    ).toMatch(/whole number/);
  });

  it('caps the methadone first-day limit at 50 mg', () => {
    expect(change((p) => (p.methadoneFirstDay.firstDayTotalMaxMg = 50))).toEqual({});
    expect(
      change((p) => (p.methadoneFirstDay.firstDayTotalMaxMg = 51))['methadoneFirstDay.firstDayTotalMaxMg'],
    ).toMatch(/^the first-day methadone limit must be at most 50 mg/);
  });

  it('keeps the first methadone dose limit within the first-day limit, and lets a unit drop it', () => {
    expect(change((p) => (p.methadoneFirstDay.firstDoseMaxMg = 45))).toEqual({
      'methadoneFirstDay.firstDoseMaxMg':
        'the first methadone dose limit (45 mg) must not exceed the first-day limit (40 mg)',
    });
    expect(change((p) => (p.methadoneFirstDay = { firstDayTotalMaxMg: 50 }))).toEqual({});
  });

  it('requires positive limits, with a message naming the limit', () => {
    expect(change((p) => (p.drugs.loperamide.maxPer24hMg = 0))).toEqual({
      'drugs.loperamide.maxPer24hMg': 'the 24 h maximum must be more than 0 mg',
    });
    expect(change((p) => (p.drugs.clonidine.plausibleMaxDoseMg = -1))).toHaveProperty([
      'drugs.clonidine.plausibleMaxDoseMg',
    ]);
    expect(change((p) => (p.drugs.ondansetron.minIntervalMinutes = 90.5))).toEqual({
      'drugs.ondansetron.minIntervalMinutes': 'the minimum interval must be a whole number of minutes',
    });
  });

  it('refuses a hard limit below the single-dose maximum, and a 24 h maximum below it', () => {
    expect(change((p) => (p.drugs.clonidine.plausibleMaxDoseMg = 0.2))['drugs.clonidine.plausibleMaxDoseMg']).toMatch(
      /^the hard per-dose limit \(0.2 mg\) must be at least the single-dose maximum \(0.3 mg\)/,
    );
    expect(change((p) => (p.drugs.ondansetron.maxPer24hMg = 4))).toHaveProperty(['drugs.ondansetron.maxPer24hMg']);
  });

  it('catches a wait entered in minutes instead of hours', () => {
    expect(
      change((p) => (p.buprenorphineInduction.waitHoursAfterLastUse.short = 720))[
        'buprenorphineInduction.waitHoursAfterLastUse.short'
      ],
    ).toMatch(/check the units \(hours, not minutes\)/);
  });

  it('checks hold limits for plausibility', () => {
    expect(
      change(
        (p) =>
          (p.drugs.clonidine.vitalSignHold = {
            systolicBelowMmHg: 900,
            diastolicBelowMmHg: 60,
            heartRateBelowBpm: 60,
            vitalsWithinMinutes: 60,
          }),
      ),
    ).toHaveProperty(['drugs.clonidine.vitalSignHold.systolicBelowMmHg']);
  });

  it('requires an entry for every drug', () => {
    const { trazodone: _, ...drugs } = DEFAULT_UNIT_PROTOCOL.drugs;
    const result = unitProtocolSchema.safeParse({ ...DEFAULT_UNIT_PROTOCOL, drugs });
    expect(result.success).toBe(false);
    expect(z.flattenError(result.error ?? new z.ZodError([])).fieldErrors).toHaveProperty('drugs');
  });
});
