import type { BuprenorphineInductionProtocol, NaltrexoneStartProtocol } from '../medications/protocol.js';
import { getSubstance, type SubstanceKind, type UsedSubstance } from './catalogue.js';

/**
 * Each substance's waits come from its kind and the unit protocol; with more than one substance
 * the most restrictive (longest) wait applies (docs/clinical.md, "Buprenorphine induction" and
 * "Naltrexone start").
 */

export interface SubstanceWait {
  hours: number;
  /** "methadone", "a short-acting opioid": for messages. */
  after: string;
}

const AFTER: Readonly<Record<SubstanceKind, string>> = {
  'short-acting': 'a short-acting opioid',
  'extended-release': 'an extended-release or long-acting opioid',
  methadone: 'methadone',
  buprenorphine: 'buprenorphine',
  alcohol: 'alcohol',
  sedative: 'a sedative',
  other: 'another substance',
};

/** Hours before a first buprenorphine dose after last use of this kind; undefined: no wait (not a full agonist). */
export function inductionWaitHours(kind: SubstanceKind, gate: BuprenorphineInductionProtocol): number | undefined {
  switch (kind) {
    case 'short-acting':
      return gate.waitHoursAfterLastUse.short;
    case 'extended-release':
      return gate.waitHoursAfterLastUse.long;
    case 'methadone':
      return gate.waitHoursAfterLastUse.methadone;
    default:
      // Buprenorphine itself does not precipitate withdrawal from buprenorphine; non-opioids need no wait.
      return undefined;
  }
}

/** Days opioid-free before naltrexone after last use of this kind; undefined: not an opioid. */
export function naltrexoneWaitDays(kind: SubstanceKind, start: NaltrexoneStartProtocol): number | undefined {
  switch (kind) {
    case 'short-acting':
      return start.opioidFreeDaysAfter.shortActing;
    case 'extended-release':
      return start.opioidFreeDaysAfter.extendedRelease;
    case 'methadone':
      return start.opioidFreeDaysAfter.methadone;
    case 'buprenorphine':
      return start.opioidFreeDaysAfter.buprenorphine;
    default:
      return undefined;
  }
}

function longest(
  used: readonly UsedSubstance[],
  hoursOf: (kind: SubstanceKind) => number | undefined,
): SubstanceWait | undefined {
  let best: SubstanceWait | undefined;
  for (const u of used) {
    const kind = getSubstance(u.code).kind;
    const hours = hoursOf(kind);
    if (hours !== undefined && (best === undefined || hours > best.hours)) best = { hours, after: AFTER[kind] };
  }
  return best;
}

/** The longest wait before a first buprenorphine dose among the substances used; undefined when none needs one. */
export function mostRestrictiveInductionWait(
  used: readonly UsedSubstance[],
  gate: BuprenorphineInductionProtocol,
): SubstanceWait | undefined {
  return longest(used, (kind) => inductionWaitHours(kind, gate));
}

/** The longest opioid-free interval before naltrexone among the substances used, in hours. */
export function mostRestrictiveNaltrexoneWait(
  used: readonly UsedSubstance[],
  start: NaltrexoneStartProtocol,
): SubstanceWait | undefined {
  return longest(used, (kind) => {
    const days = naltrexoneWaitDays(kind, start);
    return days === undefined ? undefined : days * 24;
  });
}
