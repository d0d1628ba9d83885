import { z } from 'zod';
import { CIWA_AR_BAND_SETS } from '../instruments/ciwa-ar-bands.js';
import { DRUG_IDS, ROUTES } from './catalogue.js';
import { DEFAULT_REASSESS_AFTER_MINUTES, FREQUENT_FROM_BANDS, type UnitProtocol } from './protocol.js';

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

const doseRangeSchema = z
  .object({
    minMg: mg('the smallest dose by this route').optional(),
    maxMg: mg('the largest dose by this route'),
  })
  .superRefine((r, ctx) => {
    if (r.minMg !== undefined && isPositive(r.minMg) && isPositive(r.maxMg) && r.minMg > r.maxMg) {
      ctx.addIssue({
        code: 'custom',
        path: ['minMg'],
        message: `the smallest dose (${r.minMg} mg) is above the largest (${r.maxMg} mg); swap them`,
      });
    }
  });

const drugProtocolSchema = z
  .object({
    maxSingleDoseMg: mg('the single-dose maximum').optional(),
    maxPer24hMg: mg('the 24 h maximum').optional(),
    minIntervalMinutes: minutes('the minimum interval').optional(),
    reassessAfterMinutes: minutes('the reassessment time').default(DEFAULT_REASSESS_AFTER_MINUTES),
    plausibleMaxDoseMg: mg('the hard per-dose limit'),
    vitalSignHold: vitalSignHoldSchema.optional(),
    dosesByRoute: z
      .partialRecord(z.enum(ROUTES, { error: `a route must be one of ${ROUTES.join(', ')}` }), doseRangeSchema)
      .optional(),
    maxPer24hIsHardStop: z
      .boolean({ error: 'whether the 24 h maximum is a hard stop must be true or false' })
      .optional(),
    warnFromPer24hMg: mg('the 24 h total to warn from').optional(),
    maxPer24hByWeight: z
      .object({
        fromKg: z
          .number({ error: 'the weight for the higher 24 h maximum must be a number of kg' })
          .min(30, 'the weight for the higher 24 h maximum must be 30 to 250 kg')
          .max(250, 'the weight for the higher 24 h maximum must be 30 to 250 kg'),
        maxPer24hMg: mg('the 24 h maximum for heavier patients'),
      })
      .optional(),
  })
  .superRefine((p, ctx) => {
    if (
      (p.maxPer24hIsHardStop || p.warnFromPer24hMg !== undefined || p.maxPer24hByWeight !== undefined) &&
      p.maxPer24hMg === undefined
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['maxPer24hMg'],
        message: 'set a 24 h maximum first: the hard stop, the warning and the weight-based maximum all refer to it',
      });
    }
    if (
      p.warnFromPer24hMg !== undefined &&
      p.maxPer24hMg !== undefined &&
      isPositive(p.warnFromPer24hMg) &&
      isPositive(p.maxPer24hMg) &&
      p.warnFromPer24hMg >= p.maxPer24hMg
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['warnFromPer24hMg'],
        message: `the 24 h total to warn from (${p.warnFromPer24hMg} mg) must be below the 24 h maximum (${p.maxPer24hMg} mg)`,
      });
    }
    const heavier = p.maxPer24hByWeight?.maxPer24hMg;
    if (
      heavier !== undefined &&
      p.maxPer24hMg !== undefined &&
      isPositive(heavier) &&
      isPositive(p.maxPer24hMg) &&
      heavier < p.maxPer24hMg
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['maxPer24hByWeight', 'maxPer24hMg'],
        message: `the 24 h maximum for heavier patients (${heavier} mg) is below the usual one (${p.maxPer24hMg} mg); raise it or remove it`,
      });
    }
    // Compare only limits that are themselves valid, so one slip gives one message.
    if (!isPositive(p.plausibleMaxDoseMg) || !isPositive(p.maxSingleDoseMg)) return;
    if (p.maxSingleDoseMg !== undefined && p.plausibleMaxDoseMg < p.maxSingleDoseMg) {
      ctx.addIssue({
        code: 'custom',
        path: ['plausibleMaxDoseMg'],
        message: `the hard per-dose limit (${p.plausibleMaxDoseMg} mg) must be at least the single-dose maximum (${p.maxSingleDoseMg} mg), or a dose the protocol allows with a reason would be refused outright`,
      });
    }
    if (
      p.maxSingleDoseMg !== undefined &&
      isPositive(p.maxPer24hMg) &&
      p.maxPer24hMg !== undefined &&
      p.maxPer24hMg < p.maxSingleDoseMg
    ) {
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
    .min(
      8,
      'the COWS threshold for a first buprenorphine dose must be 8 to 13 (docs/clinical.md §6.2); below 8 risks precipitated withdrawal',
    )
    .max(13, 'the COWS threshold for a first buprenorphine dose must be 8 to 13 (docs/clinical.md §6.2)'),
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
      'the first-day methadone limit must be at most 50 mg (42 CFR 8.12 as amended in 2024, docs/clinical.md §6.1); more needs a documented reason per patient, not a higher limit',
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

const days = (what: string) =>
  z
    .number({ error: `${what} must be a whole number of days` })
    .int(`${what} must be a whole number of days`)
    .min(7, `${what} must be at least 7 days (docs/clinical.md §6.6: 7-10 days even after short-acting opioids)`)
    .max(60, `${what} must be at most 60 days; check the units (days, not hours)`);

const naltrexoneStartSchema = z.object({
  opioidFreeDaysAfter: z.object({
    shortActing: days('the opioid-free interval after a short-acting opioid'),
    extendedRelease: days('the opioid-free interval after an extended-release opioid'),
    methadone: days('the opioid-free interval after methadone'),
    buprenorphine: days('the opioid-free interval after buprenorphine'),
  }),
});

/** docs/clinical.md §1.5: how often withdrawal is scored; a slip (hourly routine, daily when severe) is caught here. */
const reassessmentScheduleSchema = z
  .object({
    routineMinutes: minutes('the routine reassessment interval'),
    frequentFromBand: z.enum(FREQUENT_FROM_BANDS, {
      error: `the band to reassess more often from must be one of ${FREQUENT_FROM_BANDS.join(', ')}`,
    }),
    frequentMinutes: minutes('the reassessment interval from that band up'),
    afterFirstBuprenorphineMinutes: minutes('the reassessment time after the first buprenorphine dose').max(
      240,
      'the reassessment after the first buprenorphine dose must be within 240 minutes (docs/clinical.md §1.5: 30 min to 2 h); precipitated withdrawal shows within about 90 min',
    ),
    dangerAlertMinutes: minutes('the reassessment interval while a danger alert is open'),
  })
  .superRefine((s, ctx) => {
    if (isPositive(s.frequentMinutes) && isPositive(s.routineMinutes) && s.frequentMinutes > s.routineMinutes) {
      ctx.addIssue({
        code: 'custom',
        path: ['frequentMinutes'],
        message: `the interval at the worse bands (${s.frequentMinutes} min) is longer than the routine one (${s.routineMinutes} min); a sicker patient must be scored at least as often`,
      });
    }
    if (isPositive(s.dangerAlertMinutes) && isPositive(s.routineMinutes) && s.dangerAlertMinutes > s.routineMinutes) {
      ctx.addIssue({
        code: 'custom',
        path: ['dangerAlertMinutes'],
        message: `the interval while a danger alert is open (${s.dangerAlertMinutes} min) is longer than the routine one (${s.routineMinutes} min); an open alert must not slow scoring down`,
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
  naltrexoneStart: naltrexoneStartSchema,
  ciwaArBands: z
    .enum(CIWA_AR_BAND_SETS, { error: `the CIWA-Ar bands must be one of ${CIWA_AR_BAND_SETS.join(', ')}` })
    .optional(),
  dueWindowMinutes: minutes('the window for a scheduled dose').optional(),
  reassessment: reassessmentScheduleSchema.optional(),
}) satisfies z.ZodType<UnitProtocol, unknown>;

export type UnitProtocolInput = z.input<typeof unitProtocolSchema>;
