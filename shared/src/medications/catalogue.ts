/**
 * The drugs a detox unit gives, with their routes. Doses are always milligrams of the active
 * ingredient (buprenorphine-naloxone: mg of buprenorphine, the 4:1 product strength's first number).
 * Typical doses come from docs/clinical.md §6; they only seed the form's quick picks.
 */

export const DRUG_IDS = [
  'methadone',
  'buprenorphine',
  'buprenorphine-naloxone',
  'clonidine',
  'loperamide',
  'lofexidine',
  'naltrexone',
  'ondansetron',
  'ibuprofen',
  'acetaminophen',
  'hydroxyzine',
  'dicyclomine',
  'methocarbamol',
  'trazodone',
] as const;
export type DrugId = (typeof DRUG_IDS)[number];

export const ROUTES = ['PO', 'SL', 'IM', 'IV'] as const;
export type Route = (typeof ROUTES)[number];

export const ADMINISTRATION_STATUSES = ['given', 'held', 'refused'] as const;
export type AdministrationStatus = (typeof ADMINISTRATION_STATUSES)[number];

export type DrugRole = 'opioid-agonist' | 'alpha-2-agonist' | 'opioid-antagonist' | 'comfort';

export interface Drug {
  id: DrugId;
  name: string;
  role: DrugRole;
  /** What it is given for on a detox unit, shown beside the drug in the form. */
  purpose: string;
  routes: readonly Route[];
  defaultRoute: Route;
  typicalDosesMg: readonly number[];
  /** Usually ordered as needed (symptom-triggered) rather than on a schedule; the nurse can say otherwise. */
  prnByDefault: boolean;
}

export const DRUGS: readonly Drug[] = [
  // §6.1: 15-20 mg first dose in withdrawal management; oral only in OTPs.
  {
    id: 'methadone',
    name: 'Methadone',
    role: 'opioid-agonist',
    purpose: 'Opioid agonist: withdrawal control',
    routes: ['PO', 'IM'],
    defaultRoute: 'PO',
    typicalDosesMg: [5, 10, 20, 30],
    prnByDefault: false,
  },
  // §6.2: 2-4 mg first dose, 2-4 mg steps on day 1.
  {
    id: 'buprenorphine',
    name: 'Buprenorphine',
    role: 'opioid-agonist',
    purpose: 'Partial agonist: induction and taper',
    routes: ['SL'],
    defaultRoute: 'SL',
    typicalDosesMg: [2, 4, 8],
    prnByDefault: false,
  },
  {
    id: 'buprenorphine-naloxone',
    name: 'Buprenorphine-naloxone',
    role: 'opioid-agonist',
    purpose: 'Partial agonist with naloxone (4:1): after induction',
    routes: ['SL'],
    defaultRoute: 'SL',
    typicalDosesMg: [2, 4, 8],
    prnByDefault: false,
  },
  // §6.3: 0.1-0.2 mg per dose.
  {
    id: 'clonidine',
    name: 'Clonidine',
    role: 'alpha-2-agonist',
    purpose: 'Autonomic symptoms: sweating, anxiety, tachycardia',
    routes: ['PO'],
    defaultRoute: 'PO',
    typicalDosesMg: [0.1, 0.2],
    prnByDefault: true,
  },
  // §6.5: 4 mg first, then 2 mg after each unformed stool.
  {
    id: 'loperamide',
    name: 'Loperamide',
    role: 'comfort',
    purpose: 'Diarrhoea',
    routes: ['PO'],
    defaultRoute: 'PO',
    typicalDosesMg: [2, 4],
    prnByDefault: true,
  },
  // §6.4: 0.18 mg tablets, usually 0.54 mg four times a day.
  {
    id: 'lofexidine',
    name: 'Lofexidine',
    role: 'alpha-2-agonist',
    purpose: 'Autonomic symptoms (FDA-approved for withdrawal)',
    routes: ['PO'],
    defaultRoute: 'PO',
    typicalDosesMg: [0.18, 0.36, 0.54, 0.72],
    prnByDefault: false,
  },
  // §6.6: 25 mg day 1 then 50 mg; 380 mg IM monthly.
  {
    id: 'naltrexone',
    name: 'Naltrexone',
    role: 'opioid-antagonist',
    purpose: 'Relapse prevention after withdrawal is complete',
    routes: ['PO', 'IM'],
    defaultRoute: 'PO',
    typicalDosesMg: [25, 50, 380],
    prnByDefault: false,
  },
  // §6.7 comfort medications.
  {
    id: 'ondansetron',
    name: 'Ondansetron',
    role: 'comfort',
    purpose: 'Nausea and vomiting',
    routes: ['PO', 'IV', 'IM'],
    defaultRoute: 'PO',
    typicalDosesMg: [4, 8],
    prnByDefault: true,
  },
  {
    id: 'ibuprofen',
    name: 'Ibuprofen',
    role: 'comfort',
    purpose: 'Aches and pain',
    routes: ['PO'],
    defaultRoute: 'PO',
    typicalDosesMg: [400, 600, 800],
    prnByDefault: true,
  },
  {
    id: 'acetaminophen',
    name: 'Acetaminophen',
    role: 'comfort',
    purpose: 'Aches and pain',
    routes: ['PO'],
    defaultRoute: 'PO',
    typicalDosesMg: [650, 1000],
    prnByDefault: true,
  },
  {
    id: 'hydroxyzine',
    name: 'Hydroxyzine',
    role: 'comfort',
    purpose: 'Anxiety and restlessness',
    routes: ['PO', 'IM'],
    defaultRoute: 'PO',
    typicalDosesMg: [25, 50],
    prnByDefault: true,
  },
  {
    id: 'dicyclomine',
    name: 'Dicyclomine',
    role: 'comfort',
    purpose: 'Abdominal cramps',
    routes: ['PO'],
    defaultRoute: 'PO',
    typicalDosesMg: [10, 20],
    prnByDefault: true,
  },
  {
    id: 'methocarbamol',
    name: 'Methocarbamol',
    role: 'comfort',
    purpose: 'Muscle cramps and aches',
    routes: ['PO'],
    defaultRoute: 'PO',
    typicalDosesMg: [500, 750, 1000],
    prnByDefault: true,
  },
  {
    id: 'trazodone',
    name: 'Trazodone',
    role: 'comfort',
    purpose: 'Insomnia, at bedtime',
    routes: ['PO'],
    defaultRoute: 'PO',
    typicalDosesMg: [25, 50, 100],
    prnByDefault: false,
  },
];

const BY_ID = new Map<DrugId, Drug>(DRUGS.map((d) => [d.id, d]));

export function getDrug(id: DrugId): Drug {
  const drug = BY_ID.get(id);
  if (!drug) throw new RangeError(`Unknown drug ${id}`);
  return drug;
}

/** "mg" doses print without float noise: 0.1 not 0.10000000000000001. */
export function formatDoseMg(doseMg: number): string {
  return `${Number(doseMg.toFixed(3))} mg`;
}
