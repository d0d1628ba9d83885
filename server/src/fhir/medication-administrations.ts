import { type DrugId, type Route, getDrug } from '@detox/shared';
import { RXNORM_INGREDIENT, ROUTE_NAMES, SYSTEM } from './codes.js';
import type { ExportAdministration, ExportContext } from './export-records.js';
import type { CodeableConcept, MedicationAdministration, MedicationRequest, Reference } from '@medplum/fhirtypes';
import { type WithId, urn } from './ids.js';
import { correctionNotes, observationRef } from './observations.js';

/** The drug as the export codes it everywhere: RxNorm ingredient where verified, and the local code. */
export function medicationConcept(drugId: DrugId): CodeableConcept {
  const drug = getDrug(drugId);
  const rxnorm = RXNORM_INGREDIENT[drugId];
  return {
    coding: [
      ...(rxnorm ? [{ system: SYSTEM.rxnorm, code: rxnorm, display: drug.name.toLowerCase() }] : []),
      { system: SYSTEM.drugs, code: drugId, display: drug.name },
    ],
    text: drug.name,
  };
}

export function routeConcept(route: Route): CodeableConcept {
  return { coding: [{ system: SYSTEM.routes, code: route, display: ROUTE_NAMES[route] }], text: route };
}

/** The MedicationRequest an order is exported as (medication-requests.ts). */
export function orderRef(orderId: number): Reference<MedicationRequest> {
  return { reference: urn('MedicationRequest', `order-${orderId}`) };
}

/**
 * One dose as a MedicationAdministration (docs/clinical.md §8.4): given is completed; held and refused
 * are not-done with the reason in statusReason; a corrected record is entered-in-error (the same
 * rule as assessments, observations.ts). The dose is mg of the active ingredient (catalogue.ts).
 */
export function medicationAdministration(
  m: ExportAdministration,
  ctx: ExportContext,
): WithId<MedicationAdministration> {
  const status: MedicationAdministration['status'] = m.correction
    ? 'entered-in-error'
    : m.status === 'given'
      ? 'completed'
      : 'not-done';
  const notes = [
    ...(m.prn ? [{ text: 'Given as needed (PRN)' }] : []),
    ...(m.overrideReason ? [{ text: `Dose outside the protocol, reason given: ${m.overrideReason}` }] : []),
    ...(m.correction && m.status !== 'given'
      ? [{ text: `Charted as ${m.status}${m.holdReason ? `: ${m.holdReason}` : ''}` }]
      : []),
    ...correctionNotes(m, 'administration'),
  ];
  return {
    resourceType: 'MedicationAdministration',
    id: `administration-${m.id}`,
    identifier: [{ system: SYSTEM.administration, value: String(m.id) }],
    status,
    ...(status === 'not-done'
      ? {
          statusReason: [
            {
              coding: [
                {
                  system: SYSTEM.administrationStatus,
                  code: m.status,
                  display: m.status === 'held' ? 'Held' : 'Refused by patient',
                },
              ],
              text: m.holdReason ?? (m.status === 'held' ? 'Held' : 'Refused by patient'),
            },
          ],
        }
      : {}),
    medicationCodeableConcept: medicationConcept(m.drug),
    subject: ctx.subject,
    context: ctx.encounter,
    effectiveDateTime: m.givenAt,
    performer: [{ actor: ctx.performer(m.recordedById) }],
    ...(m.status === 'given' && m.indication ? { reasonCode: [{ text: m.indication }] } : {}),
    ...(m.assessmentId !== null ? { reasonReference: [observationRef(m.assessmentId)] } : {}),
    ...(notes.length ? { note: notes } : {}),
    dosage: {
      route: routeConcept(m.route),
      dose: { value: m.doseMg, unit: 'mg', system: SYSTEM.ucum, code: 'mg' },
    },
    ...(m.orderId !== null ? { request: orderRef(m.orderId) } : {}),
  };
}
