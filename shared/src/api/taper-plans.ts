import { z } from 'zod';
import { DRUG_IDS } from '../medications/catalogue.js';
import { id, requestId } from './common.js';

export const setTaperPlanInput = z
  .object({
    admissionId: id,
    requestId,
    drug: z.enum(DRUG_IDS, { error: `drug must be one of ${DRUG_IDS.join(', ')}` }),
    /**
     * The plan's first date on the unit's calendar (day 1 of the plan); omitted: today on the unit's
     * clock. A day already past is refused (taper-schedule.ts, taperStartProblem).
     */
    startDate: z
      .string({ error: 'startDate must be a date (YYYY-MM-DD)' })
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'startDate must be a date (YYYY-MM-DD), e.g. 2026-12-02')
      .optional(),
    /** Why the plan changes, kept with the new plan when it supersedes an earlier one. */
    reason: z
      .string({ error: 'reason must be text' })
      .trim()
      .max(500, 'keep the reason under 500 characters')
      .optional(),
    days: z
      .array(
        z.object({
          day: z
            .number({ error: 'day must be a number' })
            .int('day must be a whole number')
            .min(1, "days start at 1 (the plan's start date)")
            .max(60, 'a plan covers at most 60 days'),
          totalMg: z
            .number({ error: 'totalMg must be a number of milligrams' })
            .min(0, 'a planned total cannot be negative')
            .max(5000, 'a daily total above 5000 mg is not plausible'),
        }),
        { error: 'days must be a list of { day, totalMg }' },
      )
      .min(1, 'plan at least one day')
      .max(60, 'a plan covers at most 60 days'),
  })
  .superRefine((value, ctx) => {
    const seen = new Set<number>();
    value.days.forEach((d, i) => {
      if (seen.has(d.day))
        ctx.addIssue({ code: 'custom', path: ['days', i, 'day'], message: `day ${d.day} is planned twice` });
      seen.add(d.day);
    });
  });
export type SetTaperPlanInput = z.infer<typeof setTaperPlanInput>;
