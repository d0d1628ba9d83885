import { DateTime } from 'luxon';
import type { AdministrationRule } from './administration-context.js';
import { getDrug } from './catalogue.js';
import { formatDoseMg } from './catalogue.js';
import { needsReason } from './warning.js';

/**
 * A dose that takes the day past the physician's planned total needs a reason: the taper plan is
 * an order, and exceeding it silently undoes the taper (issue: taper plans).
 */
export const taperPlanLimit: AdministrationRule = (ctx) => {
  const plan = ctx.taperPlanDay;
  if (!plan) return [];
  // Whole micrograms, so 0.1 mg steps add up exactly.
  const afterUg = Math.round((plan.givenMg + ctx.proposed.doseMg) * 1000);
  if (afterUg <= Math.round(plan.plannedMg * 1000)) return [];
  const drug = getDrug(ctx.proposed.drug).name;
  // One notion of day on every screen: the day of stay, with its date when known (taper-schedule.ts).
  const dayText = plan.date
    ? `stay day ${plan.day} (${DateTime.fromISO(plan.date, { zone: 'utc' }).toFormat('ccc d LLL')})`
    : `stay day ${plan.day}`;
  return [
    needsReason(
      'above-taper-plan',
      'warning',
      `${drug} ${formatDoseMg(ctx.proposed.doseMg)} would bring ${dayText} to ${formatDoseMg(afterUg / 1000)}, above the taper plan of ${formatDoseMg(plan.plannedMg)} (given ${formatDoseMg(plan.givenMg)} so far); check with the physician, or document why`,
    ),
  ];
};
