import { z } from 'zod';
import { ADMINISTRATION_STATUSES, DRUG_IDS, ROUTES, getDrug } from '../medications/catalogue.js';
import { correctionReason, id, requestId } from './common.js';
import { MIN_DOSE_MESSAGE, MIN_DOSE_MG } from './data-quality.js';
import { pastInstant } from './time.js';

const optionalText = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, `keep the ${what} under ${max} characters`)
    .optional()
    .transform((v) => (v === '' ? undefined : v));

const administrationFields = z.object({
  drug: z.enum(DRUG_IDS, { error: `drug must be one of ${DRUG_IDS.join(', ')}` }),
  doseMg: z
    .number({ error: 'dose must be a number of milligrams' })
    .positive('dose must be more than 0 mg')
    .refine((mg) => !(mg > 0 && mg < MIN_DOSE_MG), MIN_DOSE_MESSAGE)
    .max(5000, 'a dose above 5000 mg is not plausible; check the units (doses are in mg)'),
  route: z.enum(ROUTES, { error: `route must be one of ${ROUTES.join(', ')}` }),
  givenAt: pastInstant,
  status: z.enum(ADMINISTRATION_STATUSES, { error: 'status must be given, held or refused' }),
  /** As needed (true) or scheduled (false); omitted: the drug's usual way of ordering. */
  prn: z.boolean({ error: 'prn must be true or false' }).optional(),
  indication: optionalText(500, 'indication'),
  holdReason: optionalText(500, 'reason'),
  assessmentId: id.optional(),
  overrideReason: optionalText(500, 'override reason'),
});

function checkAdministration(
  value: Pick<z.infer<typeof administrationFields>, 'drug' | 'route' | 'status' | 'holdReason'>,
  ctx: z.RefinementCtx,
): void {
  const drug = getDrug(value.drug);
  if (!drug.routes.includes(value.route)) {
    ctx.addIssue({
      code: 'custom',
      path: ['route'],
      message: `${drug.name} is given ${drug.routes.join(' or ')}, not ${value.route}`,
    });
  }
  if (value.status !== 'given' && !value.holdReason) {
    ctx.addIssue({ code: 'custom', path: ['holdReason'], message: `say why the dose was ${value.status}` });
  }
}

export const administrationContent = administrationFields.superRefine(checkAdministration);
export type AdministrationContent = z.infer<typeof administrationContent>;

/** Every dose is charted against its order (issue 9): given, held or refused. */
export const NO_ORDER_MESSAGE =
  'a dose is charted against its order: choose the order it was given for; if there is none, ask the physician for an order, or enter a verbal order';
const orderId = z.number({ error: NO_ORDER_MESSAGE }).int(NO_ORDER_MESSAGE).positive(NO_ORDER_MESSAGE);

export const recordAdministrationInput = administrationFields
  .extend({
    admissionId: id,
    orderId,
    requestId,
    /**
     * Charted while the tablet was offline and sent on reconnection (issue 13): a dose that was given
     * is a fact, so it is recorded even if its safety check now fails, flagged with its warnings, and
     * a physician is alerted. Held and refused doses are checked as usual.
     */
    givenOffline: z.literal(true, { error: 'givenOffline is true or left out' }).optional(),
  })
  .superRefine(checkAdministration);
export type RecordAdministrationInput = z.infer<typeof recordAdministrationInput>;

/** The check previews a record: everything but the override, which is the answer to its warnings. */
export const checkAdministrationInput = administrationFields
  .omit({ overrideReason: true })
  .extend({ admissionId: id, orderId: orderId.optional() })
  .superRefine(checkAdministration);

export const correctAdministrationInput = z.object({
  administrationId: id,
  requestId,
  reason: correctionReason,
  /** The replacement is charted against the corrected dose's order unless it names another. */
  replacement: administrationFields.extend({ orderId: orderId.optional() }).superRefine(checkAdministration).optional(),
});
export type CorrectAdministrationInput = z.infer<typeof correctAdministrationInput>;
export type CheckAdministrationInput = z.input<typeof checkAdministrationInput>;
