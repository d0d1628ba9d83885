import { z } from 'zod';

export const id = z
  .number({ error: 'must be a whole number id' })
  .int('must be a whole number id')
  .positive('must be a positive id');

export const unitIdInput = z.object({ unitId: id });
export const admissionIdInput = z.object({ admissionId: id });

/** Why a record is corrected: kept with the correction forever, so it must say something. */
export const correctionReason = z
  .string({ error: 'a reason for the correction is required' })
  .trim()
  .min(3, 'say why the record is being corrected (at least 3 characters)')
  .max(500, 'keep the reason under 500 characters');
