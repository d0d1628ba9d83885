import { type OrderStatus, orderTerms, orderTitle, prnCriteriaText } from '@detox/shared';
import type { OrderFacts } from '../services/order-records.js';
import { SYSTEM } from './codes.js';
import type { ExportContext } from './export-records.js';
import type { Dosage, MedicationRequest, Quantity, Timing } from '@medplum/fhirtypes';
import type { WithId } from './ids.js';
import { medicationConcept, routeConcept } from './medication-administrations.js';

/**
 * One medication order as a FHIR R4 MedicationRequest (intent order): active, stopped once
 * discontinued (the reason in statusReason), completed at its end or once a `once` order is given.
 * The physician whose order it is is the requester; the nurse who entered a verbal or telephone
 * order is the recorder, and a note says whether the physician has countersigned it.
 */

const STATUS: Record<OrderStatus, MedicationRequest['status']> = {
  active: 'active',
  discontinued: 'stopped',
  completed: 'completed',
};

const mg = (value: number): Quantity => ({ value, unit: 'mg', system: SYSTEM.ucum, code: 'mg' });

function timing(o: OrderFacts['order']): Timing | undefined {
  const bounds = { start: o.startAt, ...(o.endAt ? { end: o.endAt } : {}) };
  if (o.kind === 'once') return { event: [o.startAt] };
  if (o.everyHours != null)
    return { repeat: { frequency: 1, period: o.everyHours, periodUnit: 'h', boundsPeriod: bounds } };
  // FHIR's time type is HH:MM:SS; the times are wall-clock times in the unit's zone.
  if (o.timesOfDay?.length) return { repeat: { timeOfDay: o.timesOfDay.map((t) => `${t}:00`), boundsPeriod: bounds } };
  // A PRN's minimum interval is its most frequent use: at most once per interval.
  if (o.minIntervalMinutes != null)
    return { repeat: { frequency: 1, period: o.minIntervalMinutes, periodUnit: 'min', boundsPeriod: bounds } };
  return { repeat: { boundsPeriod: bounds } };
}

function dosage(o: OrderFacts['order']): Dosage {
  const criteria = prnCriteriaText(o);
  const t = timing(o);
  return {
    text: [orderTitle(o), ...orderTerms(o)].join(', '),
    ...(t ? { timing: t } : {}),
    ...(o.kind === 'prn'
      ? criteria
        ? { asNeededCodeableConcept: { text: criteria } }
        : { asNeededBoolean: true }
      : {}),
    route: routeConcept(o.route),
    doseAndRate: [
      o.doseMaxMg != null
        ? { doseRange: { low: mg(o.doseMg), high: mg(o.doseMaxMg) } }
        : { doseQuantity: mg(o.doseMg) },
    ],
    ...(o.maxPer24hMg != null
      ? {
          maxDosePerPeriod: {
            numerator: mg(o.maxPer24hMg),
            denominator: { value: 24, unit: 'h', system: SYSTEM.ucum, code: 'h' },
          },
        }
      : {}),
  };
}

export function medicationRequest(
  facts: OrderFacts,
  status: OrderStatus,
  ctx: ExportContext,
): WithId<MedicationRequest> {
  const { row, order } = facts;
  const who = (id: number) => ctx.performer(id).display ?? `user ${id}`;
  const notes = [
    ...(row.channel === 'written'
      ? []
      : [
          {
            text:
              facts.countersignedAt !== null && facts.countersignedBy !== null
                ? `${row.channel === 'verbal' ? 'Verbal' : 'Telephone'} order, read back; countersigned by ${who(facts.countersignedBy)}`
                : `${row.channel === 'verbal' ? 'Verbal' : 'Telephone'} order, read back; awaiting countersignature by ${who(row.ordered_by)}`,
            ...(facts.countersignedAt !== null ? { time: facts.countersignedAt } : {}),
          },
        ]),
    ...(facts.discontinuation
      ? [
          {
            text: `Discontinued by ${who(facts.discontinuation.by)}: ${facts.discontinuation.reason}`,
            time: facts.discontinuation.at,
          },
        ]
      : []),
    ...(row.note ? [{ text: row.note }] : []),
  ];
  return {
    resourceType: 'MedicationRequest',
    id: `order-${row.id}`,
    identifier: [{ system: SYSTEM.order, value: String(row.id) }],
    status: STATUS[status],
    ...(facts.discontinuation ? { statusReason: { text: facts.discontinuation.reason } } : {}),
    intent: 'order',
    medicationCodeableConcept: medicationConcept(order.drug),
    subject: ctx.subject,
    encounter: ctx.encounter,
    authoredOn: row.recorded_at,
    requester: ctx.performer(row.ordered_by),
    ...(row.channel !== 'written' ? { recorder: ctx.performer(row.entered_by) } : {}),
    ...(notes.length ? { note: notes } : {}),
    dosageInstruction: [dosage(order)],
  };
}
