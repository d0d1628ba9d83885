import type { AdministrationContext, AdministrationRule } from './administration-context.js';
import { buprenorphineInduction } from './buprenorphine-induction.js';
import { dailyMaximum } from './daily-maximum.js';
import { implausibleDose, singleDoseMaximum } from './dose-limits.js';
import { proposedAtMs } from './given-doses.js';
import { methadoneFirstDay } from './methadone-first-day.js';
import { minimumInterval } from './minimum-interval.js';
import { naltrexoneStart } from './naltrexone-start.js';
import { routeDoses } from './route-doses.js';
import { taperPlanLimit } from './taper-plan.js';
import { vitalSignHold } from './vital-sign-hold.js';
import { type AdministrationWarning, bySeverity } from './warning.js';

/** Every rule that can ask for a documented reason, in the order their warnings are listed. */
export const ADMINISTRATION_RULES: readonly AdministrationRule[] = [
  singleDoseMaximum,
  dailyMaximum,
  minimumInterval,
  vitalSignHold,
  buprenorphineInduction,
  methadoneFirstDay,
  naltrexoneStart,
  taperPlanLimit,
];

/**
 * Checks a proposed administration against the unit protocol. Pure: the client calls it to preview
 * a dose, the server to enforce it (architecture.md).
 *
 * - A held or refused dose gets no warnings: nothing is given.
 * - An implausible dose (above the hard limit), or a dose by a route or in a range the protocol
 *   does not allow (route-doses.ts), returns only its hard stop: the other limits would just repeat
 *   that the number is wrong.
 * - Otherwise every rule's warnings, most serious first.
 *
 * Throws RangeError when a time is not ISO-8601 with an offset, or timeZone is not an IANA zone.
 */
export function checkAdministration(ctx: AdministrationContext): AdministrationWarning[] {
  if (ctx.proposed.status !== 'given') return [];
  proposedAtMs(ctx); // a bad time throws even for a drug whose rules read no times
  const refused = implausibleDose(ctx);
  if (refused.length > 0) return refused;
  const wrongRoute = routeDoses(ctx);
  if (wrongRoute.length > 0) return wrongRoute;
  return bySeverity(ADMINISTRATION_RULES.flatMap((rule) => rule(ctx)));
}
