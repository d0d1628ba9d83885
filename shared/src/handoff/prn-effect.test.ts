import { describe, expect, it } from 'vitest';
import { type OtherDose, PRN_EFFECT_THRESHOLD, type ScoreRef, prnEffect, prnEffectText } from './prn-effect.js';

const T = (hhmm: string) => `2026-03-08T${hhmm}:00.000Z`;
const cows = (id: number, hhmm: string, total: number): ScoreRef => ({
  id,
  takenAt: T(hhmm),
  instrument: 'COWS',
  total,
  severity: 'mild',
  severityLabel: 'Mild',
});
const dose = (id: number, hhmm: string, drugName = 'Buprenorphine', doseMg = 4): OtherDose => ({
  id,
  drug: 'buprenorphine',
  drugName,
  doseMg,
  givenAt: T(hhmm),
});
const clock = (iso: string) => iso.slice(11, 16);

// The case: COWS 7 at 09:00, clonidine PRN at 09:10, COWS 26 at 11:00.
const scores = [cows(1, '09:00', 7), cows(2, '11:00', 26)];
const clonidine = { id: 100, givenAt: T('09:10') };
const effect = (others: OtherDose[], linked: number | null = null) =>
  prnEffect(clonidine, linked, scores, [{ ...dose(100, '09:10', 'Clonidine', 0.1) }, ...others], 60);

describe('prnEffect: a change is credited to a PRN dose only when no other dose came between its scores', () => {
  it('attributes the change when the only dose between the scores is this one (its own row is not "another dose")', () => {
    const e = effect([]);
    expect([e.effect, e.change, e.attributed, e.otherDosesBetween]).toEqual(['worse', 19, true, []]);
    expect(prnEffectText(e, clock)).toBe('COWS 7 → 26 (worse)');
  });

  it('does not attribute it when buprenorphine was given in between, and names that dose in words', () => {
    const e = effect([dose(101, '10:15')]);
    expect([e.effect, e.change, e.attributed, e.otherDosesBetween.map((d) => d.id)]).toEqual([
      'not attributed',
      19,
      false,
      [101],
    ]);
    expect(prnEffectText(e, clock)).toBe('COWS 7 → 26; Buprenorphine 4 mg at 10:15 also given, change not attributed');
  });

  it('a dose exactly at the time of the score before counts (given on that score, like this one)', () => {
    expect(effect([dose(101, '09:00')]).effect).toBe('not attributed');
  });

  it('a dose one minute before the score before does not count', () => {
    expect(effect([dose(101, '08:59')]).effect).toBe('worse');
  });

  it('a dose one minute before the score after counts', () => {
    expect(effect([dose(101, '10:59')]).effect).toBe('not attributed');
  });

  it('a dose exactly at the time of the score after does not count (given once that score was read)', () => {
    expect(effect([dose(101, '11:00')]).effect).toBe('worse');
  });

  it('a dose given at the same minute as this PRN (two PRNs together) counts: neither is credited alone', () => {
    const e = effect([dose(102, '09:10', 'Loperamide', 4)]);
    expect(e.effect).toBe('not attributed');
    expect(prnEffectText(e, clock)).toBe('COWS 7 → 26; Loperamide 4 mg at 09:10 also given, change not attributed');
  });

  it('lists several doses in time order, joined in words', () => {
    const e = effect([dose(104, '10:40', 'Ondansetron', 4), dose(101, '10:15')]);
    expect(prnEffectText(e, clock)).toBe(
      'COWS 7 → 26; Buprenorphine 4 mg at 10:15 and Ondansetron 4 mg at 10:40 also given, change not attributed',
    );
  });

  it('judges "between" from the score the dose was charted against when it is linked', () => {
    // Linked to an earlier COWS at 08:00: a dose at 08:30 lies between that score and the next one.
    const linkedScores = [cows(0, '08:00', 7), ...scores.slice(1)];
    const e = prnEffect(clonidine, 0, linkedScores, [dose(101, '08:30')], 60);
    expect([e.before?.id, e.effect]).toEqual([0, 'not attributed']);
  });

  it('never looks for other doses when there is nothing to attribute', () => {
    const notReassessed = prnEffect(clonidine, null, [scores[0] as ScoreRef], [dose(101, '10:15')], 60);
    expect([notReassessed.effect, notReassessed.attributed, notReassessed.otherDosesBetween]).toEqual([
      'not reassessed',
      false,
      [],
    ]);
    expect(prnEffectText(notReassessed, clock)).toBe('COWS 7 before; no score since the dose (reassessment due 10:10)');
    const noBefore = prnEffect(clonidine, null, [scores[1] as ScoreRef], [dose(101, '10:15')], 60);
    expect([noBefore.effect, prnEffectText(noBefore, clock)]).toEqual([
      'no score before',
      'no score before the dose; COWS 26 after',
    ]);
  });

  it.each([
    [-PRN_EFFECT_THRESHOLD, 'improved'],
    [-(PRN_EFFECT_THRESHOLD - 1), 'no change'],
    [PRN_EFFECT_THRESHOLD - 1, 'no change'],
    [PRN_EFFECT_THRESHOLD, 'worse'],
  ] as const)('with no other dose, a change of %d reads %s', (change, word) => {
    const e = prnEffect(clonidine, null, [cows(1, '09:00', 10), cows(2, '10:10', 10 + change)], [], 60);
    expect(e.effect).toBe(word);
  });
});
