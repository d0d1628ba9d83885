import { z } from 'zod';
import { DRUG_IDS } from './catalogue.js';
import { DEFAULT_REASSESS_AFTER_MINUTES, type UnitProtocol } from './protocol.js';

/**
 * Validates a unit's protocol before it is used, so a typing slip in the configuration (a COWS
 * threshold of 80, a negative limit) is caught by the person entering it, not at the bedside.
 */

const DAY_MINUTES = 24 * 60;

/** Cross-field checks run even when a field failed (zod 4); they skip values already reported. */
const isPositive = (value: number | undefined) => value === undefined || (Number.isFinite(value) && value > 0);

const mg = (what: string) =>
  z
    .number({ error: `${what} must be a number of milligrams` })
    .positive(`${what} must be more than 0 mg`)
    .max(5000, `${what} above 5000 mg is not plausible; check the units (doses are in mg)`);

const minutes = (what: string) =>
  z
    .number({ error: `${what} must be a whole number of minutes` })
    .int(`${what} must be a whole number of minutes`)
    .positive(`${what} must be at least 1 minute`)
    .max(DAY_MINUTES, `${what} must be at most ${DAY_MINUTES} minutes (24 h)`);

const hours = (what: string) =>
  z
    .number({ error: `${what} must be a number of hours` })
    .positive(`${what} must be more than 0 h`)
    .max(168, `${what} must be at most 168 h (a week); check the units (hours, not minutes)`);

const reading = (what: string, unit: string, min: number, max: number) =>
  z
    .number({ error: `${what} must be a number in ${unit}` })
    .min(min, `${what} below ${min} ${unit} is not a hold limit a unit would use; check the value`)
    .max(max, `${what} above ${max} ${unit} would hold every dose; check the value`);

const vitalSignHoldSchema = z.object({
  systolicBelowMmHg: reading('the systolic hold limit', 'mmHg', 60, 140),
  diastolicBelowMmHg: reading('the diastolic hold limit', 'mmHg', 30, 100),
  heartRateBelowBpm: reading('the heart-rate hold limit', 'bpm', 30, 100),
  vitalsWithinMinutes: minutes('how recent the vital signs must be'),
});

const drugProtocolSchema = z
  .object({
    maxSingleDoseMg: mg('the single-dose maximum').optional(),
    maxPer24hMg: mg('the 24 h maximum').optional(),
    minIntervalMinutes: minutes('the minimum interval').optional(),
    reassessAfterMinutes: minutes('the reassessment time').default(DEFAULT_REASSESS_AFTER_MINUTES),
    plausibleMaxDoseMg: mg('the hard per-dose limit'),
    vitalSignHold: vitalSignHoldSchema.optional(),
  })
  .superRefine((p, ctx) => {
    // Compare only limits that are themselves valid, so one slip gives one message.
    if (!isPositive(p.plausibleMaxDoseMg) || !isPositive(p.maxSingleDoseMg)) return;
    if (p.maxSingleDoseMg !== undefined && p.plausibleMaxDoseMg < p.maxSingleDoseMg) {
      ctx.addIssue({
        code: 'custom',
        path: ['plausibleMaxDoseMg'],
        message: `the hard per-dose limit (${p.plausibleMaxDoseMg} mg) must be at least the single-dose maximum (${p.maxSingleDoseMg} mg), or a dose the protocol allows with a reason would be refused outright`,
      });
    }
    if (p.maxSingleDoseMg !== undefined && isPositive(p.maxPer24hMg) && p.maxPer24hMg !== undefined && p.maxPer24hMg < p.maxSingleDoseMg) {
      ctx.addIssue({
        code: 'custom',
        path: ['maxPer24hMg'],
        message: `the 24 h maximum (${p.maxPer24hMg} mg) is below the single-dose maximum (${p.maxSingleDoseMg} mg); raise it or lower the single-dose maximum`,
      });
    }
  });

const buprenorphineInductionSchema = z.object({
  cowsThreshold: z
    .number({ error: 'the COWS threshold for a first buprenorphine dose must be a whole number' })
    .int('the COWS threshold for a first buprenorphine dose must be a whole number (COWS totals are whole)')
    .min(8, 'the COWS threshold for a first buprenorphine dose must be 8 to 13 (clinical.md §6.2); below 8 risks precipitated withdrawal')
    .max(13, 'the COWS threshold for a first buprenorphine dose must be 8 to 13 (clinical.md §6.2)'),
  cowsWithinMinutes: minutes('how recent the COWS must be'),
  waitHoursAfterLastUse: z.object({
    short: hours('the wait after a short-acting opioid'),
    long: hours('the wait after a long-acting opioid'),
    methadone: hours('the wait after methadone'),
  }),
});

const methadoneFirstDaySchema = z
  .object({
    firstDoseMaxMg: mg('the first methadone dose limit').optional(),
    firstDayTotalMaxMg: mg('the first-day methadone limit').max(
      50,
      'the first-day methadone limit must be at most 50 mg (42 CFR 8.12 as amended in 2024, clinical.md §6.1); more needs a documented reason per patient, not a higher limit',
    ),
  })
  .superRefine((p, ctx) => {
    if (!isPositive(p.firstDayTotalMaxMg) || p.firstDayTotalMaxMg > 50) return;
    if (p.firstDoseMaxMg !== undefined && p.firstDoseMaxMg > p.firstDayTotalMaxMg) {
      ctx.addIssue({
        code: 'custom',
        path: ['firstDoseMaxMg'],
        message: `the first methadone dose limit (${p.firstDoseMaxMg} mg) must not exceed the first-day limit (${p.firstDayTotalMaxMg} mg)`,
      });
    }
  });

/** Every drug in the catalogue must have an entry: a drug without limits would pass unchecked. */
export const unitProtocolSchema = z.object({
  drugs: z.record(z.enum(DRUG_IDS), drugProtocolSchema, {
    error: `the protocol needs an entry for each drug: ${DRUG_IDS.join(', ')}`,
  }),
  buprenorphineInduction: buprenorphineInductionSchema,
  methadoneFirstDay: methadoneFirstDaySchema,
}) satisfies z.ZodType<UnitProtocol, unknown>;

export type UnitProtocolInput = z.input<typeof unitProtocolSchema>;
