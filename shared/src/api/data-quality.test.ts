import { describe, expect, it } from 'vitest';
import {
  EARLIEST_BIRTH_DATE,
  MIN_DOSE_MG,
  beforeAdmissionProblem,
  birthDateProblem,
  hiddenCharacterProblem,
  lastUseFloorProblem,
} from './data-quality.js';

describe('hiddenCharacterProblem', () => {
  it.each(['Nguyễn Văn Ân', '王秀英', 'محمد عبد الله', "O'Brien-Smith", 'DN-100231'])('accepts %s', (text) => {
    expect(hiddenCharacterProblem(text, 'name')).toBeNull();
  });
  it.each([
    ['\u0000', 'U+0000'],
    ['\u001f', 'U+001F'],
    ['\u007f', 'U+007F'],
    ['\u009f', 'U+009F'],
    ['\u202e', 'U+202E'],
    ['\u202a', 'U+202A'],
    ['\u2066', 'U+2066'],
    ['\u2069', 'U+2069'],
    ['\u200f', 'U+200F'],
    ['\n', 'U+000A'],
  ])('refuses %j', (char, code) => {
    expect(hiddenCharacterProblem(`Ana${char}Reyes`, 'name')).toBe(
      `the name holds an invisible control character (${code}) that can make it display as something else; retype it`,
    );
  });
  it('accepts the characters just outside the ranges', () => {
    expect(hiddenCharacterProblem('\u0020\u00a0\u2065\u206a\u202f\u2029', 'name')).toBeNull();
  });
});

describe('birthDateProblem', () => {
  const now = new Date('2026-12-02T12:00:00Z');
  it('accepts 1900-01-01 and refuses the day before', () => {
    expect(birthDateProblem(EARLIEST_BIRTH_DATE, now)).toBeNull();
    expect(birthDateProblem('1899-12-31', now)).toMatch(/before 1900/);
    expect(birthDateProblem('0000-01-01', now)).toMatch(/before 1900/);
  });
  it('accepts today and refuses tomorrow', () => {
    expect(birthDateProblem('2026-12-02', now)).toBeNull();
    expect(birthDateProblem('2026-12-03', now)).toBe('date of birth must not be in the future');
  });
});

describe('lastUseFloorProblem', () => {
  const admitted = '2026-12-02T12:00:00.000Z';
  it('accepts exactly 365 days before admission and refuses a millisecond more', () => {
    expect(lastUseFloorProblem('2025-12-02T12:00:00.000Z', admitted)).toBeNull();
    expect(lastUseFloorProblem('2025-12-02T11:59:59.999Z', admitted)).toMatch(/more than 365 days before admission/);
    expect(lastUseFloorProblem('1900-01-01T00:00:00Z', admitted)).toMatch(/check the year/);
  });
});

describe('beforeAdmissionProblem', () => {
  const admitted = '2026-12-02T12:00:00.000Z';
  it('accepts the admission instant and refuses a millisecond before', () => {
    expect(beforeAdmissionProblem(admitted, admitted, 'assessment')).toBeNull();
    expect(beforeAdmissionProblem('2026-12-02T11:59:59.999Z', admitted, 'assessment')).toBe(
      `the assessment is before this admission began (${admitted}); check the date and time`,
    );
  });
});

describe('MIN_DOSE_MG', () => {
  it('is below every typical dose of the catalogue', async () => {
    const { DRUGS } = await import('../medications/catalogue.js');
    for (const drug of DRUGS) for (const mg of drug.typicalDosesMg) expect(mg).toBeGreaterThan(MIN_DOSE_MG);
  });
});
