import type { DrugId, OpioidKind, Route, UsedSubstance } from '@detox/shared';

export type TreatmentPlan = 'symptomatic' | 'buprenorphine';

/** The demo unit's patients, spread across the withdrawal course (hours since last use at load time). */
export interface DemoPatient {
  bed: string;
  name: string;
  mrn: string;
  birthDate: string;
  substance: string;
  opioidKind: OpioidKind;
  /** The coded substances charted at admission (the free text above is kept as the old field). */
  substances: UsedSubstance[];
  weightKg: number;
  hoursSinceLastUse: number;
  hoursSinceAdmission: number;
  /** Height of this patient's untreated COWS course. */
  peakCows: number;
  plan: TreatmentPlan;
}

export const DEMO_PATIENTS: DemoPatient[] = [
  {
    bed: '1',
    name: 'Maria Alvarez',
    mrn: 'DN-100231',
    birthDate: '1991-03-14',
    substance: 'Heroin (IV)',
    opioidKind: 'short',
    substances: [{ code: 'heroin', detail: 'IV' }],
    weightKg: 64,
    hoursSinceLastUse: 6,
    hoursSinceAdmission: 2,
    peakCows: 18,
    plan: 'symptomatic',
  },
  {
    bed: '2',
    name: 'James Whitfield',
    mrn: 'DN-100245',
    birthDate: '1986-11-02',
    substance: 'Illicit fentanyl (smoked)',
    opioidKind: 'short',
    substances: [{ code: 'illicit-fentanyl', detail: 'smoked' }],
    weightKg: 78,
    hoursSinceLastUse: 14,
    hoursSinceAdmission: 11,
    peakCows: 24,
    plan: 'buprenorphine',
  },
  {
    bed: '3',
    name: 'Aisha Rahman',
    mrn: 'DN-100252',
    birthDate: '1979-07-21',
    substance: 'Oxycodone IR (oral)',
    opioidKind: 'short',
    substances: [{ code: 'oxycodone-ir', detail: 'oral' }],
    weightKg: 70,
    hoursSinceLastUse: 30,
    hoursSinceAdmission: 26,
    peakCows: 16,
    plan: 'symptomatic',
  },
  {
    bed: '5',
    name: 'Daniel Okafor',
    mrn: 'DN-100263',
    birthDate: '1994-01-30',
    substance: 'Heroin (intranasal)',
    opioidKind: 'short',
    substances: [{ code: 'heroin', detail: 'intranasal' }],
    weightKg: 82,
    hoursSinceLastUse: 54,
    hoursSinceAdmission: 44,
    peakCows: 22,
    plan: 'buprenorphine',
  },
  {
    bed: '6',
    name: 'Linda Park',
    mrn: 'DN-100270',
    birthDate: '1983-05-09',
    substance: 'Illicit fentanyl (IV)',
    opioidKind: 'short',
    substances: [{ code: 'illicit-fentanyl', detail: 'IV' }],
    weightKg: 58,
    hoursSinceLastUse: 80,
    hoursSinceAdmission: 70,
    peakCows: 26,
    plan: 'buprenorphine',
  },
  {
    bed: '7',
    name: 'Robert Mills',
    mrn: 'DN-100288',
    birthDate: '1968-09-17',
    substance: 'Heroin (IV)',
    opioidKind: 'short',
    substances: [{ code: 'heroin', detail: 'IV' }],
    weightKg: 94,
    hoursSinceLastUse: 120,
    hoursSinceAdmission: 110,
    peakCows: 20,
    plan: 'symptomatic',
  },
  {
    bed: '9',
    name: 'Grace Thompson',
    mrn: 'DN-100294',
    birthDate: '1975-12-03',
    substance: 'Oxycodone IR (oral)',
    opioidKind: 'short',
    substances: [{ code: 'oxycodone-ir', detail: 'oral' }],
    weightKg: 61,
    hoursSinceLastUse: 192,
    hoursSinceAdmission: 184,
    peakCows: 19,
    plan: 'buprenorphine',
  },
  {
    bed: '10',
    name: 'Samuel Ortiz',
    mrn: 'DN-100307',
    birthDate: '1972-04-26',
    substance: 'Methadone (maintenance, stopped)',
    opioidKind: 'long',
    substances: [{ code: 'methadone', detail: 'maintenance, stopped' }],
    weightKg: 88,
    hoursSinceLastUse: 60,
    hoursSinceAdmission: 52,
    peakCows: 22,
    plan: 'symptomatic',
  },
];

/** Detox South: a smaller unit, beds S1-S6, so unit scoping has something to keep apart. */
export const DEMO_SOUTH_PATIENTS: DemoPatient[] = [
  {
    bed: 'S1',
    name: 'Nguyễn Văn Ân',
    mrn: 'DS-200114',
    birthDate: '1988-02-11',
    substance: 'Heroin (IV)',
    opioidKind: 'short',
    substances: [{ code: 'heroin', detail: 'IV' }],
    weightKg: 67,
    hoursSinceLastUse: 20,
    hoursSinceAdmission: 16,
    peakCows: 20,
    plan: 'buprenorphine',
  },
  {
    bed: 'S2',
    name: 'Helen Brooks',
    mrn: 'DS-200127',
    birthDate: '1970-08-30',
    substance: 'Oxycodone IR (oral)',
    opioidKind: 'short',
    substances: [{ code: 'oxycodone-ir', detail: 'oral' }],
    weightKg: 73,
    hoursSinceLastUse: 40,
    hoursSinceAdmission: 34,
    peakCows: 15,
    plan: 'symptomatic',
  },
  {
    bed: 'S4',
    name: 'Tomasz Nowak',
    mrn: 'DS-200139',
    birthDate: '1992-10-05',
    substance: 'Illicit fentanyl (smoked)',
    opioidKind: 'short',
    substances: [
      { code: 'illicit-fentanyl', detail: 'smoked' },
      { code: 'alcohol', detail: 'about a pint of vodka a day' },
    ],
    weightKg: 91,
    hoursSinceLastUse: 9,
    hoursSinceAdmission: 5,
    peakCows: 23,
    plan: 'symptomatic',
  },
];

export interface PlannedDose {
  drug: DrugId;
  doseMg: number;
  route: Route;
  indication: string;
}
