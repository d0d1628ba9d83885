import { describe, expect, it } from 'vitest';
import type { DrugId } from './catalogue.js';
import { checkAdministration } from './rules.js';
import { codes, contextFor, minutesBefore, NOON, only } from '../../test-support/medication-context.js';

/** With recent normal vital signs, so drugs with hold parameters (clonidine, lofexidine) test only the dose. */
const latestVitals = { takenAt: minutesBefore(NOON, 10), systolic: 120, diastolic: 80, heartRate: 80 };
const check = (drug: DrugId, doseMg: number) =>
  checkAdministration(contextFor({ proposed: { drug, doseMg }, latestVitals }));

describe('hard per-dose limit (implausible dose)', () => {
  // A misplaced decimal point turns the usual dose into ten times it; each is refused outright.
  it.each<[DrugId, number]>([
    ['clonidine', 1],
    ['clonidine', 2],
    ['loperamide', 40],
    ['loperamide', 20],
    ['lofexidine', 1.8],
    ['methadone', 200],
    ['buprenorphine', 40],
    ['buprenorphine-naloxone', 80],
    ['naltrexone', 500],
    ['ondansetron', 40],
    ['ibuprofen', 4000],
    ['acetaminophen', 3250],
    ['hydroxyzine', 250],
    ['dicyclomine', 100],
    ['methocarbamol', 5000],
    ['trazodone', 500],
  ])('refuses %s %s mg as a hard stop that cannot be overridden', (drug, doseMg) => {
    const warnings = check(drug, doseMg);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      code: 'implausible-dose',
      severity: 'danger',
      hardStop: true,
      requiresOverride: false,
    });
  });

  it('tells the nurse to recheck the dose and its units', () => {
    expect(only(check('clonidine', 1), 'implausible-dose').message).toBe(
      "Clonidine 1 mg is above the unit's hard limit of 0.6 mg per dose and cannot be recorded as given; check the dose and its units (a misplaced decimal point?) against the order",
    );
  });

  it('accepts a dose exactly at the hard limit (then the single-dose maximum asks for a reason)', () => {
    expect(codes(check('loperamide', 8))).not.toContain('implausible-dose');
    expect(codes(check('loperamide', 8.001))).toEqual(['implausible-dose']);
    expect(codes(check('clonidine', 0.6))).not.toContain('implausible-dose');
    expect(codes(check('clonidine', 0.61))).toEqual(['implausible-dose']);
  });

  it('refuses a dose of zero or less', () => {
    expect(codes(check('ondansetron', 0))).toEqual(['implausible-dose']);
    expect(codes(check('ondansetron', -4))).toEqual(['implausible-dose']);
  });

  it('returns only the hard stop, not the limits the same wrong number also breaks', () => {
    expect(codes(check('loperamide', 40))).toEqual(['implausible-dose']);
  });
});

describe('single-dose maximum', () => {
  it('lofexidine 0.72 mg (4 tablets) passes; 0.9 mg needs a documented reason (docs/clinical.md §6.4)', () => {
    expect(check('lofexidine', 0.72)).toEqual([]);
    const warning = only(check('lofexidine', 0.9), 'above-single-dose-max');
    expect(warning).toMatchObject({ severity: 'danger', requiresOverride: true, hardStop: false });
    expect(warning.message).toBe(
      "Lofexidine 0.9 mg is above the unit's single-dose maximum of 0.72 mg; give at most 0.72 mg, or document why",
    );
  });

  it('clonidine 0.3 mg passes the single-dose maximum; 0.4 mg needs a reason', () => {
    const ok = checkAdministration(contextFor({ proposed: { drug: 'clonidine', doseMg: 0.3 } }));
    expect(codes(ok)).not.toContain('above-single-dose-max');
    expect(codes(check('clonidine', 0.4))).toContain('above-single-dose-max');
  });

  it('compares milligrams exactly: 0.18 + 0.18 + 0.18 + 0.18 mg as one 0.72 mg dose is at the limit', () => {
    expect(check('lofexidine', 0.18 * 4)).toEqual([]);
  });

  it('has no single-dose maximum for buprenorphine (FDA removed the de-facto maximum, docs/clinical.md §0.2)', () => {
    expect(codes(check('buprenorphine-naloxone', 24))).not.toContain('above-single-dose-max');
  });
});
