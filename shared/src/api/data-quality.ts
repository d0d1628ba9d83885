/**
 * Data quality at the door (issue 11, item 8): values that pass a type check but are wrong in a way
 * that endangers the right-patient check or the clinical rules. Pure, shared by the forms and the
 * server; each returns the problem in words, or null.
 */

/**
 * Control characters (C0, DEL, C1) and the Unicode bidirectional controls (embeddings, overrides,
 * isolates, LRM/RLM/ALM): invisible, they make one name or MRN display as another ("Trojan Source").
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const HIDDEN_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

export function hiddenCharacterProblem(text: string, what: string): string | null {
  const found = HIDDEN_CHARACTERS.exec(text);
  if (!found) return null;
  const code = `U+${(found[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  return `the ${what} holds an invisible control character (${code}) that can make it display as something else; retype it`;
}

/** The earliest birth date accepted: a patient born before 1900 is a typing slip (year 0, 1800). */
export const EARLIEST_BIRTH_DATE = '1900-01-01';

/** A YYYY-MM-DD birth date: not before 1900, not after today (UTC: a birth date has no zone). */
export function birthDateProblem(date: string, now = new Date()): string | null {
  if (date < EARLIEST_BIRTH_DATE)
    return `date of birth before ${EARLIEST_BIRTH_DATE.slice(0, 4)} is not plausible; check the year`;
  if (date > now.toISOString().slice(0, 10)) return 'date of birth must not be in the future';
  return null;
}

/** Last use more than this long before admission is not a withdrawal this unit treats: likely a typo in the year. */
export const LAST_USE_MAX_DAYS_BEFORE_ADMISSION = 365;

export function lastUseFloorProblem(lastUseAt: string, admittedAt: string): string | null {
  const days = (Date.parse(admittedAt) - Date.parse(lastUseAt)) / 86_400_000;
  if (days > LAST_USE_MAX_DAYS_BEFORE_ADMISSION) {
    return `last use is more than ${LAST_USE_MAX_DAYS_BEFORE_ADMISSION} days before admission; check the year`;
  }
  return null;
}

/**
 * The smallest dose accepted: 0.01 mg (10 micrograms). The smallest dose in the catalogue is
 * clonidine 0.1 mg (docs/clinical.md, "Clonidine"); a value like 1e-320 mg is a unit slip or garbage.
 */
export const MIN_DOSE_MG = 0.01;
export const MIN_DOSE_MESSAGE = `a dose below ${MIN_DOSE_MG} mg is not plausible; check the units (doses are in mg)`;

/** A charting time before the admission began: a chart entry belongs to the stay. */
export function beforeAdmissionProblem(at: string, admittedAt: string, what: string): string | null {
  if (Date.parse(at) < Date.parse(admittedAt))
    return `the ${what} is before this admission began (${admittedAt}); check the date and time`;
  return null;
}
