import { getInstrument } from '@detox/shared';
import { BLOOD_PRESSURE, SCALE_PREFIX, SCALE_SNOMED, SYSTEM, VITAL_CODES } from './codes.js';
import type { ExportAssessment, ExportContext } from './export-records.js';
import type { Annotation, Observation, Quantity, Reference } from '@medplum/fhirtypes';
import { type WithId, urn } from './ids.js';

/**
 * Corrections (docs/clinical.md §8.4; architecture.md: nothing is deleted): every corrected assessment
 * is exported with status entered-in-error and a note saying why, so a receiving system that took
 * an earlier export retracts it; its replacement is a resource of its own with status corrected.
 * Omitting superseded rows would leave such a system holding the wrong value.
 */
export function observationStatus(a: Pick<ExportAssessment, 'correction' | 'supersedesId'>): Observation['status'] {
  if (a.correction) return 'entered-in-error';
  return a.supersedesId !== null ? 'corrected' : 'final';
}

export function correctionNotes(a: Pick<ExportAssessment, 'correction' | 'supersedesId'>, kind: string): Annotation[] {
  const notes: Annotation[] = [];
  if (a.correction?.action === 'entered-in-error') notes.push({ text: `Entered in error: ${a.correction.reason}` });
  if (a.correction?.action === 'replaced')
    notes.push({ text: `Replaced by ${kind} ${a.correction.replacementId}: ${a.correction.reason}` });
  if (a.supersedesId !== null) notes.push({ text: `Corrects ${kind} ${a.supersedesId}` });
  return notes;
}

export type ObservationContext = ExportContext;

const quantity = (value: number, unit: string, code: string): Quantity => ({ value, unit, system: SYSTEM.ucum, code });

/** A scored withdrawal scale: survey category, local code plus SNOMED where known, one component per item. */
export function scoreObservation(a: ExportAssessment, ctx: ObservationContext): WithId<Observation> {
  const instrument = getInstrument(a.instrument);
  const prefix = SCALE_PREFIX[a.instrument];
  const band = instrument.bands.find((b) => b.severity === a.severity);
  const snomed = SCALE_SNOMED[a.instrument];
  const notes = [...(a.note ? [{ text: a.note }] : []), ...correctionNotes(a, 'assessment')];
  return {
    resourceType: 'Observation',
    id: `assessment-${a.id}`,
    identifier: [{ system: SYSTEM.assessment, value: String(a.id) }],
    status: observationStatus(a),
    category: [{ coding: [{ system: SYSTEM.observationCategory, code: 'survey', display: 'Survey' }] }],
    code: {
      coding: [
        { system: SYSTEM.scales, code: `${prefix}-total`, display: `${instrument.id} total score` },
        ...(snomed ? [snomed] : []),
      ],
      text: `${instrument.name} (${instrument.id}) total score`,
    },
    subject: ctx.subject,
    encounter: ctx.encounter,
    effectiveDateTime: a.takenAt,
    issued: a.recordedAt,
    performer: [ctx.performer(a.recordedById)],
    valueInteger: a.total,
    interpretation: [
      {
        coding: [{ system: SYSTEM.bands, code: a.severity, display: band?.label ?? a.severity }],
        text: band?.label ?? a.severity,
      },
    ],
    ...(notes.length ? { note: notes } : {}),
    component: instrument.items.flatMap((item) => {
      const value = a.items[item.key];
      return value === undefined
        ? []
        : [
            {
              code: {
                coding: [{ system: SYSTEM.scales, code: `${prefix}-${item.key}`, display: item.label }],
                text: item.label,
              },
              valueInteger: value,
            },
          ];
    }),
  };
}

/** The vital signs charted with a score, one vital-signs Observation each (BP as one panel with two components). */
export function vitalObservations(a: ExportAssessment, ctx: ObservationContext): WithId<Observation>[] {
  const base = (suffix: string) => ({
    resourceType: 'Observation' as const,
    id: `assessment-${a.id}-${suffix}`,
    status: observationStatus(a),
    category: [{ coding: [{ system: SYSTEM.observationCategory, code: 'vital-signs', display: 'Vital Signs' }] }],
    subject: ctx.subject,
    encounter: ctx.encounter,
    effectiveDateTime: a.takenAt,
    issued: a.recordedAt,
    performer: [ctx.performer(a.recordedById)],
    ...(a.correction ? { note: correctionNotes(a, 'assessment') } : {}),
  });
  const out: WithId<Observation>[] = [];
  const single = [
    ['heartRate', a.heartRate, 'hr'],
    ['respiratoryRate', a.respiratoryRate, 'rr'],
    ['temperatureC', a.temperatureC, 'temp'],
    ['spo2', a.spo2, 'spo2'],
  ] as const;
  for (const [sign, value, suffix] of single) {
    if (value === null) continue;
    const code = VITAL_CODES[sign];
    out.push({
      ...base(suffix),
      code: { coding: code.codings, text: code.codings[0]?.display },
      valueQuantity: quantity(value, code.unit, code.ucum),
    });
  }
  if (a.systolic !== null && a.diastolic !== null) {
    out.push({
      ...base('bp'),
      code: { coding: [BLOOD_PRESSURE.panel], text: 'Blood pressure' },
      component: [
        {
          code: { coding: [BLOOD_PRESSURE.systolic], text: 'Systolic blood pressure' },
          valueQuantity: quantity(a.systolic, 'mmHg', 'mm[Hg]'),
        },
        {
          code: { coding: [BLOOD_PRESSURE.diastolic], text: 'Diastolic blood pressure' },
          valueQuantity: quantity(a.diastolic, 'mmHg', 'mm[Hg]'),
        },
      ],
    });
  }
  return out;
}

export function observationRef(assessmentId: number): Reference<Observation> {
  return { reference: urn('Observation', `assessment-${assessmentId}`) };
}
