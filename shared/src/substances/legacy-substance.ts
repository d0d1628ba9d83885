import { getSubstance, type SubstanceCode, type UsedSubstance } from './catalogue.js';

/**
 * The first admission form took a free-text substance and a short/long choice. Clients that still
 * send that pair, and rows charted before the coded list, are read through this mapping: brand names
 * and common misspellings are recognised, the free text is kept as the detail, and the result is
 * never less restrictive than the short/long choice the nurse made.
 */

/** Checked in order: the first match wins, so methadone and the ER forms come before the generic names. */
const PATTERNS: readonly [RegExp, SubstanceCode][] = [
  [/metha?d|dolophin|metadon/i, 'methadone'],
  [/bup?renorph|suboxone|subutex|zubsolv|sublocade|brixadi/i, 'buprenorphine'],
  [/fent[ae]n/i, 'illicit-fentanyl'],
  [/heroin|diamorph/i, 'heroin'],
  [/oxycontin|oxy\w*\s*(?:er|cr|sr|xr)\b|oxy\w*.*extended/i, 'oxycodone-er'],
  [/oxy ?cod|percocet|roxicodone|oxy ?ir/i, 'oxycodone-ir'],
  [/ms ?contin|morph\w*\s*(?:er|cr|sr|xr)\b|morph\w*.*extended|kadian/i, 'morphine-er'],
  [/morph/i, 'morphine-ir'],
  [/hydromorph|dilaudid/i, 'hydromorphone'],
  [/hydrocod|vicodin|norco/i, 'hydrocodone'],
  [/codeine/i, 'codeine'],
  [/tramad/i, 'tramadol'],
  [/kratom|mitragyn/i, 'kratom'],
];

export type LegacyOpioidKind = 'short' | 'long';

export function legacySubstanceCode(text: string, opioidKind: LegacyOpioidKind): SubstanceCode {
  const match = PATTERNS.find(([pattern]) => pattern.test(text))?.[1];
  if (match === undefined) return opioidKind === 'long' ? 'other-opioid-long-acting' : 'other-opioid-short-acting';
  // "Long" chosen for a drug the list calls short-acting: keep the longer waits the nurse asked for.
  if (opioidKind === 'long' && getSubstance(match).kind === 'short-acting') return 'other-opioid-long-acting';
  return match;
}

/** The old pair as a coded substance, with the nurse's words kept beside it. */
export function legacySubstance(text: string, opioidKind: LegacyOpioidKind): UsedSubstance {
  return { code: legacySubstanceCode(text, opioidKind), detail: text };
}

/**
 * The old opioid_kind column, still written for readers of the old shape: "long" when any substance
 * is long-acting (extended-release, methadone or buprenorphine), else "short" (also for an
 * alcohol-only stay, where the column has no meaning and no rule reads it).
 */
export function legacyOpioidKind(used: readonly UsedSubstance[]): LegacyOpioidKind {
  return used.some((u) => ['extended-release', 'methadone', 'buprenorphine'].includes(getSubstance(u.code).kind))
    ? 'long'
    : 'short';
}
