import { z } from 'zod';
import { INSTRUMENT_IDS } from '../instruments/instrument.js';
import { DRUG_IDS, ROUTES, getDrug } from '../medications/catalogue.js';
import { ORDER_KINDS } from '../orders/order.js';
import { id, requestId } from './common.js';
import { isoInstant } from './time.js';

/** Inputs of the orders.* and orderSets.* procedures (issue 9; api.md "Additions"). */

const mg = (what: string) =>
  z
    .number({ error: `${what} must be a number of milligrams` })
    .positive(`${what} must be more than 0 mg`)
    .max(5000, `${what} above 5000 mg is not plausible; check the units (doses are in mg)`);

const optionalText = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, `keep the ${what} under ${max} characters`)
    .optional()
    .transform((v) => (v === '' ? undefined : v));

const reading = (what: string, unit: string, min: number, max: number) =>
  z
    .number({ error: `${what} must be a number in ${unit}` })
    .min(min, `${what} below ${min} ${unit} is not a hold limit to order; check the value`)
    .max(max, `${what} above ${max} ${unit} would hold every dose; check the value`);

export const orderHoldInput = z.object({
  systolicBelowMmHg: reading('the systolic hold limit', 'mmHg', 60, 140).optional(),
  diastolicBelowMmHg: reading('the diastolic hold limit', 'mmHg', 30, 100).optional(),
  heartRateBelowBpm: reading('the heart-rate hold limit', 'bpm', 30, 100).optional(),
});

const timeOfDay = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day is HH:MM on the 24-hour clock, such as 08:00');

/** What an order says, without whom it is for: an order set's line takes this shape too. */
export const orderContentFields = z.object({
  drug: z.enum(DRUG_IDS, { error: `drug must be one of ${DRUG_IDS.join(', ')}` }),
  doseMg: mg('the dose'),
  doseMaxMg: mg('the top of the dose range').optional(),
  route: z.enum(ROUTES, { error: `route must be one of ${ROUTES.join(', ')}` }),
  kind: z.enum(ORDER_KINDS, { error: 'kind must be scheduled, prn or once' }),
  everyHours: z
    .number({ error: 'everyHours must be a number of hours' })
    .positive('everyHours must be more than 0')
    .max(168, 'everyHours must be at most 168 (a week)')
    .optional(),
  timesOfDay: z.array(timeOfDay).min(1, 'give at least one time of day').max(24, 'at most 24 times a day').optional(),
  indication: optionalText(500, 'indication'),
  trigger: z
    .object({
      instrument: z.enum(INSTRUMENT_IDS, {
        error: `the trigger's instrument must be one of ${INSTRUMENT_IDS.join(', ')}`,
      }),
      minTotal: z
        .number({ error: 'the trigger score must be a whole number' })
        .int('the trigger score must be a whole number')
        .min(1, 'a trigger score of 0 would always be met; leave the trigger out instead')
        .max(67, 'no instrument scores above 67'),
    })
    .optional(),
  minIntervalMinutes: z
    .number({ error: 'minIntervalMinutes must be whole minutes' })
    .int('minIntervalMinutes must be whole minutes')
    .min(1, 'minIntervalMinutes must be at least 1')
    .max(10_080, 'minIntervalMinutes must be at most a week')
    .optional(),
  maxPer24hMg: mg('the 24 h maximum').optional(),
  hold: orderHoldInput.optional(),
  note: optionalText(1000, 'note'),
});
export type OrderContent = z.infer<typeof orderContentFields>;

type Content = z.infer<typeof orderContentFields>;

/** Cross-field rules: each says what to change. */
export function checkOrderContent(value: Content, ctx: z.RefinementCtx, prefix: (string | number)[] = []): void {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [...prefix, path], message });
  const drug = getDrug(value.drug);
  if (!drug.routes.includes(value.route))
    issue('route', `${drug.name} is given ${drug.routes.join(' or ')}, not ${value.route}`);
  if (value.doseMaxMg !== undefined && value.doseMaxMg <= value.doseMg)
    issue(
      'doseMaxMg',
      `the top of the dose range (${value.doseMaxMg} mg) must be above the dose (${value.doseMg} mg); leave it out for a fixed dose`,
    );
  const scheduleGiven = [value.everyHours !== undefined, value.timesOfDay !== undefined].filter(Boolean).length;
  if (value.kind === 'scheduled' && scheduleGiven !== 1)
    issue('everyHours', 'a scheduled order needs everyHours or timesOfDay (one of them)');
  if (value.kind !== 'scheduled' && scheduleGiven > 0)
    issue(
      value.everyHours !== undefined ? 'everyHours' : 'timesOfDay',
      `a ${value.kind} order has no schedule; use kind "scheduled", or leave the schedule out`,
    );
  if (value.timesOfDay && new Set(value.timesOfDay).size !== value.timesOfDay.length)
    issue('timesOfDay', 'each time of day once');
  if (value.trigger && value.kind !== 'prn') issue('trigger', 'a score trigger belongs to a PRN order (kind "prn")');
  if (value.kind === 'prn' && !value.indication && !value.trigger)
    issue('indication', 'a PRN order needs what it is for: an indication, a score trigger, or both');
  const top = value.doseMaxMg ?? value.doseMg;
  if (value.maxPer24hMg !== undefined && value.maxPer24hMg < top)
    issue(
      'maxPer24hMg',
      `the 24 h maximum (${value.maxPer24hMg} mg) is below one dose (${top} mg); raise it or lower the dose`,
    );
}

const orderCreateFields = orderContentFields.extend({
  admissionId: id,
  requestId,
  startAt: isoInstant.optional(),
  endAt: isoInstant.optional(),
});

function checkCreate(value: z.infer<typeof orderCreateFields>, ctx: z.RefinementCtx): void {
  checkOrderContent(value, ctx);
  if (value.startAt && value.endAt && Date.parse(value.endAt) <= Date.parse(value.startAt)) {
    ctx.addIssue({ code: 'custom', path: ['endAt'], message: 'the order must end after it starts' });
  }
  if (value.endAt && Date.parse(value.endAt) <= Date.now()) {
    ctx.addIssue({
      code: 'custom',
      path: ['endAt'],
      message: 'the order would have ended already; give an end in the future, or none',
    });
  }
}

export const createOrderInput = orderCreateFields.superRefine(checkCreate);
export type CreateOrderInput = z.infer<typeof createOrderInput>;

/** A verbal or telephone order, entered by a nurse for a named physician after reading it back. */
export const verbalOrderInput = orderCreateFields
  .extend({
    orderedBy: id,
    readBack: z.literal(true, {
      error: 'read the order back to the physician and confirm it (readBack: true) before entering it',
    }),
    channel: z.enum(['verbal', 'telephone'], { error: 'channel must be verbal or telephone' }).default('verbal'),
  })
  .superRefine(checkCreate);
export type VerbalOrderInput = z.infer<typeof verbalOrderInput>;

export const countersignOrderInput = z.object({ orderId: id, requestId });

export const discontinueOrderInput = z.object({
  orderId: id,
  requestId,
  reason: z
    .string({ error: 'say why the order is discontinued' })
    .trim()
    .min(3, 'say why the order is discontinued (at least 3 characters)')
    .max(500, 'keep the reason under 500 characters'),
});
export type DiscontinueOrderInput = z.infer<typeof discontinueOrderInput>;

export const ordersDueInput = z.object({ admissionId: id, at: isoInstant.optional() });

/** Changes to one line of a set before signing: its position in the set, and the fields to change. */
export const orderSetAdjustment = z.object({
  line: z
    .number({ error: 'line must be the position of the order in the set (0 for the first)' })
    .int()
    .min(0, 'line starts at 0'),
  omit: z.boolean().optional(),
  doseMg: mg('the dose').optional(),
  doseMaxMg: mg('the top of the dose range').nullable().optional(),
  minIntervalMinutes: z.number().int().min(1).max(10_080).nullable().optional(),
  maxPer24hMg: mg('the 24 h maximum').nullable().optional(),
  note: optionalText(1000, 'note'),
});
export type OrderSetAdjustment = z.infer<typeof orderSetAdjustment>;

export const applyOrderSetInput = z.object({
  admissionId: id,
  requestId,
  setId: id,
  adjustments: z.array(orderSetAdjustment).max(50, 'at most 50 adjustments').optional(),
  startAt: isoInstant.optional(),
});
export type ApplyOrderSetInput = z.infer<typeof applyOrderSetInput>;
