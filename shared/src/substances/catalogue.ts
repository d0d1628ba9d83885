/**
 * The substances a patient can be admitted for, coded: the rules read the code and its kind, never
 * the free text beside it (a free-text "Methadose" or "metadone" once fell back to the short wait).
 * The kind decides the waits (buprenorphine induction, naltrexone start) and the expected course.
 * Sources: docs/clinical.md, "Substances and their kinds".
 */

export const SUBSTANCE_KINDS = [
  'short-acting',
  'extended-release',
  'methadone',
  'buprenorphine',
  'alcohol',
  'sedative',
  'other',
] as const;
export type SubstanceKind = (typeof SUBSTANCE_KINDS)[number];

export const SUBSTANCE_CODES = [
  'heroin',
  'illicit-fentanyl',
  'oxycodone-ir',
  'oxycodone-er',
  'hydrocodone',
  'morphine-ir',
  'morphine-er',
  'hydromorphone',
  'codeine',
  'tramadol',
  'kratom',
  'methadone',
  'buprenorphine',
  'other-opioid-short-acting',
  'other-opioid-long-acting',
  'alcohol',
  'benzodiazepine',
  'other-sedative',
  'other',
] as const;
export type SubstanceCode = (typeof SUBSTANCE_CODES)[number];

export interface Substance {
  code: SubstanceCode;
  name: string;
  kind: SubstanceKind;
}

/** The kinds that are opioids: the opioid waits and courses apply only to these. */
export const OPIOID_KINDS_OF_SUBSTANCE: readonly SubstanceKind[] = [
  'short-acting',
  'extended-release',
  'methadone',
  'buprenorphine',
];

export const SUBSTANCES: readonly Substance[] = [
  // docs/clinical.md "Withdrawal course": heroin, IR oxycodone, morphine, codeine and illicit fentanyl are short-acting.
  { code: 'heroin', name: 'Heroin', kind: 'short-acting' },
  { code: 'illicit-fentanyl', name: 'Fentanyl (illicit)', kind: 'short-acting' },
  { code: 'oxycodone-ir', name: 'Oxycodone, immediate-release', kind: 'short-acting' },
  // docs/clinical.md "Withdrawal course": ER oxycodone and morphine are long-acting (onset 12-48 h).
  { code: 'oxycodone-er', name: 'Oxycodone, extended-release (e.g. OxyContin)', kind: 'extended-release' },
  { code: 'hydrocodone', name: 'Hydrocodone', kind: 'short-acting' },
  { code: 'morphine-ir', name: 'Morphine, immediate-release', kind: 'short-acting' },
  { code: 'morphine-er', name: 'Morphine, extended-release (e.g. MS Contin)', kind: 'extended-release' },
  { code: 'hydromorphone', name: 'Hydromorphone', kind: 'short-acting' },
  { code: 'codeine', name: 'Codeine', kind: 'short-acting' },
  { code: 'tramadol', name: 'Tramadol', kind: 'short-acting' },
  // Kratom (mitragynine) withdrawal is described like short-acting opioid withdrawal; no source in
  // docs/clinical.md gives it its own wait, so it takes the short-acting ones.
  { code: 'kratom', name: 'Kratom', kind: 'short-acting' },
  { code: 'methadone', name: 'Methadone (also Methadose, Dolophine)', kind: 'methadone' },
  { code: 'buprenorphine', name: 'Buprenorphine (also with naloxone)', kind: 'buprenorphine' },
  { code: 'other-opioid-short-acting', name: 'Other opioid, short-acting', kind: 'short-acting' },
  { code: 'other-opioid-long-acting', name: 'Other opioid, long-acting or extended-release', kind: 'extended-release' },
  { code: 'alcohol', name: 'Alcohol', kind: 'alcohol' },
  { code: 'benzodiazepine', name: 'Benzodiazepine', kind: 'sedative' },
  { code: 'other-sedative', name: 'Other sedative-hypnotic', kind: 'sedative' },
  { code: 'other', name: 'Other substance', kind: 'other' },
];

const BY_CODE = new Map<SubstanceCode, Substance>(SUBSTANCES.map((s) => [s.code, s]));

export function getSubstance(code: SubstanceCode): Substance {
  const substance = BY_CODE.get(code);
  if (!substance) throw new RangeError(`Unknown substance ${code}; choose one of ${SUBSTANCE_CODES.join(', ')}`);
  return substance;
}

export function isOpioid(code: SubstanceCode): boolean {
  return OPIOID_KINDS_OF_SUBSTANCE.includes(getSubstance(code).kind);
}

/** What a patient used, as charted at admission: a code and, beside it, the nurse's own words. */
export interface UsedSubstance {
  code: SubstanceCode;
  detail?: string | null | undefined;
}

/** "Fentanyl (illicit): smoked; Alcohol": for headers, reports and messages. */
export function substancesText(used: readonly UsedSubstance[]): string {
  return used
    .map((u) => (u.detail ? `${getSubstance(u.code).name}: ${u.detail}` : getSubstance(u.code).name))
    .join('; ');
}
