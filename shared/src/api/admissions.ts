import { z } from 'zod';
import { id } from './common.js';
import { isoDate, pastInstant } from './time.js';

export const OPIOID_KINDS = ['short', 'long'] as const;
export type OpioidKind = (typeof OPIOID_KINDS)[number];

export const admitInput = z
  .object({
    unitId: id,
    bed: z.string({ error: 'choose a bed' }).trim().min(1, 'choose a bed').max(20, 'bed names are at most 20 characters'),
    patient: z.object({
      mrn: z.string({ error: 'enter the medical record number' }).trim().min(1, 'enter the medical record number').max(40),
      name: z.string({ error: "enter the patient's name" }).trim().min(1, "enter the patient's name").max(200),
      birthDate: isoDate.refine((d) => Date.parse(d) < Date.now(), 'date of birth must be in the past'),
    }),
    substance: z.string({ error: 'name the substance used' }).trim().min(1, 'name the substance used').max(200),
    opioidKind: z.enum(OPIOID_KINDS, { error: 'opioid kind must be "short" or "long" (long-acting: methadone, ER opioids)' }),
    lastUseAt: pastInstant,
    admittedAt: pastInstant,
  })
  .superRefine((value, ctx) => {
    if (Date.parse(value.lastUseAt) > Date.parse(value.admittedAt) + 60 * 60 * 1000) {
      ctx.addIssue({ code: 'custom', path: ['lastUseAt'], message: 'last use is after admission; check both times' });
    }
  });
export type AdmitInput = z.infer<typeof admitInput>;

export const dischargeInput = z.object({ admissionId: id, dischargedAt: pastInstant });
