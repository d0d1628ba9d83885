import { z } from 'zod';
import { INSTRUMENT_IDS } from '../instruments/instrument.js';
import { cowsPulseMismatch, getInstrument, scoreItems } from '../instruments/scoring.js';
import { correctionReason, id, requestId } from './common.js';
import { pastInstant } from './time.js';
import { PLAUSIBLE_TEMPERATURE_C } from '../vitals/temperature.js';

function measure(name: string, unit: string, min: number, max: number, integer = true) {
  const base = z.number({ error: `${name} must be a number in ${unit}` });
  const checked = integer ? base.int(`${name} must be a whole number of ${unit}`) : base;
  return checked
    .min(min, `${name} of less than ${min} ${unit} is not plausible; check the reading`)
    .max(max, `${name} above ${max} ${unit} is not plausible; check the reading`);
}

const HEART_RATE_RANGE = [20, 250] as const;

// Plausibility limits catch typing slips (a heart rate of 1100), not clinical alarms.
export const vitalsInput = z
  .object({
    heartRate: measure('Heart rate', 'bpm', HEART_RATE_RANGE[0], HEART_RATE_RANGE[1]).optional(),
    systolic: measure('Systolic pressure', 'mmHg', 40, 300).optional(),
    diastolic: measure('Diastolic pressure', 'mmHg', 20, 200).optional(),
    temperatureC: measure(
      'Temperature',
      '°C',
      PLAUSIBLE_TEMPERATURE_C.min,
      PLAUSIBLE_TEMPERATURE_C.max,
      false,
    ).optional(),
    respiratoryRate: measure('Respiratory rate', 'breaths/min', 2, 80).optional(),
    spo2: measure('SpO2', '%', 50, 100).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.systolic !== undefined && v.diastolic !== undefined && v.diastolic >= v.systolic) {
      ctx.addIssue({
        code: 'custom',
        path: ['diastolic'],
        message: 'diastolic must be lower than systolic; check the blood pressure',
      });
    }
    if ((v.systolic === undefined) !== (v.diastolic === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [v.systolic === undefined ? 'systolic' : 'diastolic'],
        message: 'record both systolic and diastolic pressure',
      });
    }
  });
export type VitalsInput = z.infer<typeof vitalsInput>;

/** The scored part of an assessment: the same in a new record and in a correction's replacement. */
const assessmentFields = z.object({
  instrument: z.enum(INSTRUMENT_IDS, { error: `instrument must be one of ${INSTRUMENT_IDS.join(', ')}` }),
  takenAt: pastInstant,
  items: z.record(z.string(), z.unknown(), { error: 'items must be an object of item scores' }),
  vitals: vitalsInput.optional(),
  note: z.string().trim().max(2000, 'keep the note under 2000 characters').optional(),
  /** Why an item is scored below what its measurement earns (COWS pulse: not due to withdrawal). */
  itemReasons: z
    .record(
      z.string(),
      z.string({ error: 'a reason must be text' }).trim().max(300, 'keep the reason under 300 characters'),
      { error: 'itemReasons must be an object of item key to reason' },
    )
    .optional()
    .transform((reasons) => {
      // Blank reasons say nothing: drop them, so "no reason" has one spelling.
      const kept = Object.entries(reasons ?? {}).filter(([, text]) => text !== '');
      return kept.length === 0 ? undefined : Object.fromEntries(kept);
    }),
});

function checkScores(value: z.infer<typeof assessmentFields>, ctx: z.RefinementCtx): void {
  const result = scoreItems(getInstrument(value.instrument), value.items);
  if (!result.ok) {
    for (const issue of result.issues) {
      ctx.addIssue({
        code: 'custom',
        path: issue.itemKey ? ['items', issue.itemKey] : ['items'],
        message: issue.message,
      });
    }
    return;
  }
  if (value.instrument === 'COWS') {
    // A heart rate refused as implausible is not a reading to check the pulse item against.
    const heartRate = value.vitals?.heartRate;
    const plausible =
      heartRate !== undefined &&
      Number.isInteger(heartRate) &&
      heartRate >= HEART_RATE_RANGE[0] &&
      heartRate <= HEART_RATE_RANGE[1];
    const mismatch = plausible ? cowsPulseMismatch(value.items.pulse, heartRate, value.itemReasons?.pulse) : null;
    if (mismatch) ctx.addIssue({ code: 'custom', path: ['items', 'pulse'], message: mismatch });
  }
  const itemKeys = new Set(getInstrument(value.instrument).items.map((i) => i.key));
  for (const key of Object.keys(value.itemReasons ?? {})) {
    if (!itemKeys.has(key))
      ctx.addIssue({
        code: 'custom',
        path: ['itemReasons', key],
        message: `${key} is not an item of ${value.instrument}; give reasons only for its items`,
      });
  }
}

export const assessmentContent = assessmentFields.superRefine(checkScores);
export type AssessmentContent = z.infer<typeof assessmentContent>;

export const recordAssessmentInput = assessmentFields.extend({ admissionId: id, requestId }).superRefine(checkScores);
export type RecordAssessmentInput = z.infer<typeof recordAssessmentInput>;

export const correctAssessmentInput = z.object({
  assessmentId: id,
  requestId,
  reason: correctionReason,
  replacement: assessmentContent.optional(),
});
export type CorrectAssessmentInput = z.infer<typeof correctAssessmentInput>;
