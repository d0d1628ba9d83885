import { z } from 'zod';
import { SUBSTANCE_CODES, substancesText } from '../substances/catalogue.js';
import { legacySubstance } from '../substances/legacy-substance.js';
import { id, requestId } from './common.js';
import { birthDateProblem, hiddenCharacterProblem, lastUseFloorProblem } from './data-quality.js';
import { isoDate, pastInstant } from './time.js';

export const OPIOID_KINDS = ['short', 'long'] as const;
export type OpioidKind = (typeof OPIOID_KINDS)[number];

const usedSubstanceInput = z.object({
  code: z.enum(SUBSTANCE_CODES, { error: 'choose a substance from the list (substances.list)' }),
  detail: z
    .string({ error: 'the detail must be text' })
    .trim()
    .max(200, 'keep the detail under 200 characters')
    .optional()
    .transform((v) => (v === '' ? undefined : v)),
});

/** Refuses invisible control and direction characters (data-quality.ts). */
function visibleText(schema: z.ZodString, what: string) {
  return schema.superRefine((text, ctx) => {
    const problem = hiddenCharacterProblem(text, what);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

export const admitInput = z
  .object({
    unitId: id,
    requestId,
    bed: z
      .string({ error: 'choose a bed' })
      .trim()
      .min(1, 'choose a bed')
      .max(20, 'bed names are at most 20 characters'),
    patient: z.object({
      mrn: visibleText(
        z.string({ error: 'enter the medical record number' }).trim().min(1, 'enter the medical record number').max(40),
        'medical record number',
      ),
      name: visibleText(
        z.string({ error: "enter the patient's name" }).trim().min(1, "enter the patient's name").max(200),
        'name',
      ),
      birthDate: isoDate
        .refine((d) => Date.parse(d) < Date.now(), 'date of birth must be in the past')
        .superRefine((d, ctx) => {
          const problem = birthDateProblem(d);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }),
    }),
    /** One or more coded substances (substances.list), each with the nurse's own words beside it. */
    substances: z
      .array(usedSubstanceInput, { error: 'substances must be a list of { code, detail? }' })
      .min(1, 'choose at least one substance used')
      .max(10, 'at most 10 substances')
      .optional(),
    /** Weight at admission in kg, for weight-based limits (clonidine from 90 kg). */
    weightKg: z
      .number({ error: 'weight must be a number of kg' })
      .min(25, 'a weight below 25 kg is not plausible for an adult; check the units (kg, not st or lb)')
      .max(350, 'a weight above 350 kg is not plausible; check the units (kg, not lb)')
      .optional(),
    /** The first form's pair, still accepted: mapped to a coded substance (legacy-substance.ts). */
    substance: z
      .string({ error: 'name the substance used' })
      .trim()
      .min(1, 'name the substance used')
      .max(200)
      .optional(),
    opioidKind: z
      .enum(OPIOID_KINDS, { error: 'opioid kind must be "short" or "long" (long-acting: methadone, ER opioids)' })
      .optional(),
    lastUseAt: pastInstant,
    admittedAt: pastInstant,
  })
  .superRefine((value, ctx) => {
    if (Date.parse(value.lastUseAt) > Date.parse(value.admittedAt) + 60 * 60 * 1000) {
      ctx.addIssue({ code: 'custom', path: ['lastUseAt'], message: 'last use is after admission; check both times' });
    }
    const floor = lastUseFloorProblem(value.lastUseAt, value.admittedAt);
    if (floor) ctx.addIssue({ code: 'custom', path: ['lastUseAt'], message: floor });
    if (value.substances === undefined) {
      if (value.substance === undefined || value.opioidKind === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['substances'],
          message: 'choose the substances used (or give both substance and opioidKind)',
        });
      }
    } else {
      const codes = value.substances.map((s) => s.code);
      const repeated = codes.find((code, i) => codes.indexOf(code) !== i);
      if (repeated)
        ctx.addIssue({
          code: 'custom',
          path: ['substances'],
          message: `${repeated} is listed twice; list each substance once`,
        });
    }
  })
  .transform(({ substance, opioidKind, substances, ...rest }) => {
    const used =
      substances ??
      (substance !== undefined && opioidKind !== undefined ? [legacySubstance(substance, opioidKind)] : []);
    // The old text column keeps the nurse's words exactly when the old pair was sent.
    return {
      ...rest,
      substances: used,
      substanceText: substances === undefined && substance !== undefined ? substance : substancesText(used),
    };
  });
export type AdmitInput = z.output<typeof admitInput>;
export type AdmitRequest = z.input<typeof admitInput>;

export const dischargeInput = z.object({ admissionId: id, dischargedAt: pastInstant, requestId });
