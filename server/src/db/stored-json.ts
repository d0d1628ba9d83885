import { WARNING_CODES, WARNING_SEVERITIES, orderContentFields } from '@detox/shared';
import { z } from 'zod';

/**
 * The shapes the server writes into JSON columns, read back through readJsonColumn (json-column.ts).
 * They check structure, not the input rules of the day: a row written under older limits still reads.
 */

/** assessment.items: item key to the score given. */
export const storedItems = z.record(z.string(), z.number().int());

/** assessment.item_reasons: item key to why it was scored below its measurement. */
export const storedItemReasons = z.record(z.string(), z.string());

/** medication_administration.warnings: what was shown when the dose was recorded. */
export const storedWarnings = z.array(
  z.object({
    code: z.enum(WARNING_CODES),
    severity: z.enum(WARNING_SEVERITIES),
    message: z.string(),
    requiresOverride: z.boolean(),
    hardStop: z.boolean(),
  }),
);

/** "HH:MM" local times (unit.shift_starts, medication_order.times_of_day). */
export const storedTimesOfDay = z.array(z.string().regex(/^\d{2}:\d{2}$/));

/** medication_order.hold: the order's own hold parameters. */
export const storedOrderHold = z.object({
  systolicBelowMmHg: z.number().optional(),
  diastolicBelowMmHg: z.number().optional(),
  heartRateBelowBpm: z.number().optional(),
});

/** order_set.orders: the set's lines, written through the order input's own fields. */
export const storedOrderTemplates = z.array(orderContentFields);

/** taper_plan.days: day 1 is the plan's start date. */
export const storedTaperDays = z.array(
  z.object({ day: z.number().int().positive(), totalMg: z.number().nonnegative() }),
);

/** protocol_change.loosened: the loosened limits, in words. */
export const storedWords = z.array(z.string());
