import { z } from 'zod';
import { id } from './common.js';
import { username } from './users.js';

/** How long a break-the-glass grant lasts: long enough for an emergency, short enough to be re-justified. */
export const EMERGENCY_ACCESS_MINUTES = 60;

/**
 * access.breakGlass: reach a unit the user is not assigned to (or a stay discharged too long ago to
 * be listed), for EMERGENCY_ACCESS_MINUTES, with a reason kept for the admins' review. Names the
 * patient's stay (admissionId) or the unit (unitId).
 */
export const breakGlassInput = z
  .object({
    admissionId: id.optional(),
    unitId: id.optional(),
    reason: z
      .string({ error: 'say why you need emergency access' })
      .trim()
      .min(10, 'say why you need emergency access (at least 10 characters): it is reviewed by the admins')
      .max(500, 'keep the reason under 500 characters'),
  })
  .superRefine((value, ctx) => {
    if ((value.admissionId === undefined) === (value.unitId === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['admissionId'],
        message: 'name either the patient (admissionId) or the unit (unitId), not both',
      });
    }
  });
export type BreakGlassInput = z.infer<typeof breakGlassInput>;

/** access.emergencyList: the grants for the admins' review, newest first. */
export const emergencyListInput = z.object({
  from: z.iso.datetime({ offset: true, error: 'from must be an ISO time with an offset' }).optional(),
  to: z.iso.datetime({ offset: true, error: 'to must be an ISO time with an offset' }).optional(),
});

/** users.setUnits: the units a person sees and charts on (replaces the previous set). */
export const setUserUnitsInput = z.object({
  userId: id,
  unitIds: z.array(id).max(100, 'at most 100 units'),
});

/** users.clearLoginLock: an admin lets a person try again at once after failed logins. */
export const clearLoginLockInput = z.object({ username });

/** units.setDischargedVisibleHours: how long a discharged stay stays on the unit's lists and readable (0 to 30 days). */
export const dischargedVisibleHoursInput = z.object({
  unitId: id,
  hours: z
    .number({ error: 'hours must be a whole number' })
    .int('hours must be a whole number')
    .min(0, 'hours cannot be negative')
    .max(720, 'at most 720 hours (30 days); older stays are reached through emergency access'),
});
