import { describe, expect, it } from 'vitest';
import { DEFAULT_UNIT_PROTOCOL, type UnitProtocol } from './protocol.js';
import { loosenedHardLimits } from './protocol-loosening.js';
import { unitProtocolSchema } from './protocol-schema.js';
import { protocolWith } from '../../test-support/medication-context.js';

/**
 * The rules the protocol page edits beside the per-drug table (issue 10, items 5 and 9): the 24 h
 * warning and hard stop (loperamide), the weight-based 24 h maximum (clonidine) and the doses allowed
 * by route (IM methadone, naltrexone). Each is checked at its boundary: exactly at, just below, just above.
 */

function issues(protocol: UnitProtocol): Record<string, string> {
  const result = unitProtocolSchema.safeParse(protocol);
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((i) => [i.path.join('.'), i.message]));
}
const change = (fn: (p: UnitProtocol) => void) => issues(protocolWith(fn));
const loosened = (fn: (p: UnitProtocol) => void) => loosenedHardLimits(DEFAULT_UNIT_PROTOCOL, protocolWith(fn));

describe('the 24 h warning level', () => {
  it('must be below the 24 h maximum: 15.9 of 16 mg is accepted, 16 and 16.1 are refused in words', () => {
    expect(change((p) => (p.drugs.loperamide.warnFromPer24hMg = 15.9))).toEqual({});
    expect(change((p) => (p.drugs.loperamide.warnFromPer24hMg = 16))).toEqual({
      'drugs.loperamide.warnFromPer24hMg': 'the 24 h total to warn from (16 mg) must be below the 24 h maximum (16 mg)',
    });
    expect(change((p) => (p.drugs.loperamide.warnFromPer24hMg = 16.1))).toHaveProperty([
      'drugs.loperamide.warnFromPer24hMg',
    ]);
  });

  it('a lowered hard stop needs the warning lowered with it', () => {
    expect(change((p) => (p.drugs.loperamide.maxPer24hMg = 12))).toEqual({
      'drugs.loperamide.warnFromPer24hMg': 'the 24 h total to warn from (12 mg) must be below the 24 h maximum (12 mg)',
    });
    expect(
      change((p) => {
        p.drugs.loperamide.maxPer24hMg = 12;
        p.drugs.loperamide.warnFromPer24hMg = 11.9;
      }),
    ).toEqual({});
  });

  it('a hard stop or a warning without a 24 h maximum is refused, saying to set the maximum first', () => {
    expect(change((p) => delete p.drugs.loperamide.maxPer24hMg)).toEqual({
      'drugs.loperamide.maxPer24hMg':
        'set a 24 h maximum first: the hard stop, the warning and the weight-based maximum all refer to it',
    });
  });
});

describe('the weight-based 24 h maximum', () => {
  it('starts at 30 to 250 kg', () => {
    for (const kg of [30, 250])
      expect(change((p) => (p.drugs.clonidine.maxPer24hByWeight = { fromKg: kg, maxPer24hMg: 1.2 }))).toEqual({});
    for (const kg of [29.9, 250.1]) {
      expect(change((p) => (p.drugs.clonidine.maxPer24hByWeight = { fromKg: kg, maxPer24hMg: 1.2 }))).toEqual({
        'drugs.clonidine.maxPer24hByWeight.fromKg': 'the weight for the higher 24 h maximum must be 30 to 250 kg',
      });
    }
  });

  it('may equal the usual maximum but not be below it: 0.8 of 0.8 mg is accepted, 0.79 is refused', () => {
    expect(change((p) => (p.drugs.clonidine.maxPer24hByWeight = { fromKg: 90, maxPer24hMg: 0.8 }))).toEqual({});
    expect(change((p) => (p.drugs.clonidine.maxPer24hByWeight = { fromKg: 90, maxPer24hMg: 0.79 }))).toEqual({
      'drugs.clonidine.maxPer24hByWeight.maxPer24hMg':
        'the 24 h maximum for heavier patients (0.79 mg) is below the usual one (0.8 mg); raise it or remove it',
    });
  });

  it('on a drug that is not a hard stop (clonidine) changing it is not loosening a hard limit', () => {
    expect(loosened((p) => (p.drugs.clonidine.maxPer24hByWeight = { fromKg: 80, maxPer24hMg: 1.6 }))).toEqual([]);
  });

  it('on a hard-stop drug, adding one, raising it or starting it at a lower weight loosens the hard stop', () => {
    const withRule = (fromKg: number, maxPer24hMg: number) => (p: UnitProtocol) =>
      (p.drugs.loperamide.maxPer24hByWeight = { fromKg, maxPer24hMg });
    expect(loosened(withRule(100, 16))).toEqual([]);
    expect(loosened(withRule(100, 16.1))).toEqual([
      'Loperamide: hard-stop 24 h maximum raised for patients of 100 kg and more from 16 mg to 16.1 mg',
    ]);

    const before = protocolWith(withRule(100, 20));
    const after = (fn: (p: UnitProtocol) => void) => {
      const next = JSON.parse(JSON.stringify(before)) as UnitProtocol;
      fn(next);
      return loosenedHardLimits(before, next);
    };
    expect(after(withRule(100, 20))).toEqual([]);
    expect(after(withRule(100.1, 20))).toEqual([]);
    expect(after(withRule(99.9, 20))).toEqual([
      'Loperamide: hard-stop 24 h maximum raised for patients of 99.9 kg and more from 16 mg to 20 mg',
    ]);
    expect(after(withRule(100, 19.9))).toEqual([]);
    expect(after(withRule(100, 20.1))).toEqual([
      'Loperamide: hard-stop 24 h maximum raised for patients of 100 kg and more from 20 mg to 20.1 mg',
    ]);
    expect(after((p) => delete p.drugs.loperamide.maxPer24hByWeight)).toEqual([]);
  });
});

describe('doses by route', () => {
  it('a route needs its own largest dose: IM methadone without one is refused in words', () => {
    const imWithout = protocolWith((p) => (p.drugs.methadone.dosesByRoute = { PO: { maxMg: 150 }, IM: { maxMg: 0 } }));
    expect(issues(imWithout)).toEqual({
      'drugs.methadone.dosesByRoute.IM.maxMg': 'the largest dose by this route must be more than 0 mg',
    });
  });

  it('a route range above the hard per-dose limit is accepted: the hard limit still refuses above it, and tightening that limit alone stays possible', () => {
    expect(change((p) => (p.drugs.methadone.plausibleMaxDoseMg = 140))).toEqual({});
  });

  it('the smallest dose may equal the largest (naltrexone IM 380 mg only) but not exceed it', () => {
    expect(change((p) => (p.drugs.naltrexone.dosesByRoute = { PO: { minMg: 50, maxMg: 50 } }))).toEqual({});
    expect(change((p) => (p.drugs.naltrexone.dosesByRoute = { PO: { minMg: 50.1, maxMg: 50 } }))).toEqual({
      'drugs.naltrexone.dosesByRoute.PO.minMg': 'the smallest dose (50.1 mg) is above the largest (50 mg); swap them',
    });
  });

  it('enabling IM methadone with its own range is loosening, counted for a second physician', () => {
    expect(loosened((p) => (p.drugs.methadone.dosesByRoute = { PO: { maxMg: 150 }, IM: { maxMg: 10 } }))).toEqual([
      'Methadone: IM allowed (was refused), up to 10 mg',
    ]);
  });
});
