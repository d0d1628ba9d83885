import type { DrugId, InstrumentId, Route, VitalSign } from '@detox/shared';
import type { Coding } from '@medplum/fhirtypes';

/**
 * Code systems and codes of the export, with where each comes from (docs/clinical.md §8). Where no
 * standard code is verified, a local CodeSystem under the urn:detox-watch: namespace is used, as
 * §8.1 recommends until LOINC codes for the scales are confirmed.
 */
export const SYSTEM = {
  order: 'urn:detox-watch:order',
  orderChannel: 'urn:detox-watch:order-channel',
  loinc: 'http://loinc.org',
  snomed: 'http://snomed.info/sct',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  ucum: 'http://unitsofmeasure.org',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  scales: 'urn:detox-watch:withdrawal-scales',
  bands: 'urn:detox-watch:withdrawal-bands',
  drugs: 'urn:detox-watch:drugs',
  routes: 'urn:detox-watch:routes',
  administrationStatus: 'urn:detox-watch:administration-status',
  mrn: 'urn:detox-watch:mrn',
  user: 'urn:detox-watch:user',
  admission: 'urn:detox-watch:admission',
  assessment: 'urn:detox-watch:assessment',
  administration: 'urn:detox-watch:administration',
} as const;

/** Local code prefix per instrument: cows-total, cows-pulse, ciwa-ar-total... */
export const SCALE_PREFIX: Record<InstrumentId, string> = { COWS: 'cows', SOWS: 'sows', 'CIWA-Ar': 'ciwa-ar' };

/**
 * SNOMED CT observable entities for the scale totals. Only COWS has one in docs/clinical.md §8.2
 * (763699005, "Clinical Opiate Withdrawal Scale score"). No LOINC code for any of the three is
 * verified (§8.1): 72514-3, which one code base uses for COWS, is the 0-10 pain score.
 */
export const SCALE_SNOMED: Partial<Record<InstrumentId, Coding>> = {
  COWS: { system: SYSTEM.snomed, code: '763699005', display: 'Clinical Opiate Withdrawal Scale score' },
};

/** docs/clinical.md §8.1, verified against the R4 vital-signs value set; UCUM units as §8.4 lists them. */
export const VITAL_CODES: Record<
  Exclude<VitalSign, 'systolic' | 'diastolic'>,
  { codings: Coding[]; unit: string; ucum: string }
> = {
  heartRate: {
    codings: [{ system: SYSTEM.loinc, code: '8867-4', display: 'Heart rate' }],
    unit: 'beats/minute',
    ucum: '/min',
  },
  respiratoryRate: {
    codings: [{ system: SYSTEM.loinc, code: '9279-1', display: 'Respiratory rate' }],
    unit: 'breaths/minute',
    ucum: '/min',
  },
  temperatureC: {
    codings: [{ system: SYSTEM.loinc, code: '8310-5', display: 'Body temperature' }],
    unit: 'Cel',
    ucum: 'Cel',
  },
  // §8.1: US Core requires both the pulse-oximetry and the arterial saturation codes.
  spo2: {
    codings: [
      { system: SYSTEM.loinc, code: '59408-5', display: 'Oxygen saturation in Arterial blood by Pulse oximetry' },
      { system: SYSTEM.loinc, code: '2708-6', display: 'Oxygen saturation in Arterial blood' },
    ],
    unit: '%',
    ucum: '%',
  },
};

export const BLOOD_PRESSURE = {
  panel: { system: SYSTEM.loinc, code: '85354-9', display: 'Blood pressure panel with all children optional' },
  systolic: { system: SYSTEM.loinc, code: '8480-6', display: 'Systolic blood pressure' },
  diastolic: { system: SYSTEM.loinc, code: '8462-4', display: 'Diastolic blood pressure' },
} as const;

/**
 * RxNorm ingredient (IN) RxCUIs, only those docs/clinical.md §8.3 lists as found. Buprenorphine
 * 1819 is the ingredient code used beside fentanyl 4337 and codeine 2670 in public MME conversion
 * tables (issue 10, item 10). Buprenorphine-naloxone, lofexidine, dicyclomine and methocarbamol
 * could not be verified (§8.3): they carry the local code only.
 */
export const RXNORM_INGREDIENT: Partial<Record<DrugId, string>> = {
  methadone: '6813',
  buprenorphine: '1819',
  clonidine: '2599',
  naltrexone: '7243',
  loperamide: '6468',
  ondansetron: '26225',
  ibuprofen: '5640',
  acetaminophen: '161',
  hydroxyzine: '5553',
  trazodone: '10737',
};

/**
 * Routes as charted. SNOMED route codes are unverified (§8.2), so a local code with the
 * route's name; a receiving system maps it.
 */
export const ROUTE_NAMES: Record<Route, string> = {
  PO: 'oral',
  SL: 'sublingual',
  IM: 'intramuscular',
  IV: 'intravenous',
};
