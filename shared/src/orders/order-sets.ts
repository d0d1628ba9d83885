import type { InstrumentId } from '../instruments/instrument.js';
import type { DrugId, Route } from '../medications/catalogue.js';
import type { OrderHold, OrderKind } from './order.js';

/**
 * Shipped order sets. A unit's sets are stored with the unit protocol version they were written
 * for (server: order_set); these are what a unit starts with. Every number is a default the unit's
 * medical director and pharmacy must sign off (docs/clinical.md, preamble). Sources: SAMHSA TIP 63
 * (Medications for Opioid Use Disorder, 2021, Part 3), the ASAM National Practice Guideline for
 * the Treatment of Opioid Use Disorder (2020 focused update), and the drug labels, as gathered with
 * their ranges in docs/clinical.md §6; each line cites its section.
 */

export interface OrderTemplate {
  drug: DrugId;
  doseMg: number;
  doseMaxMg?: number;
  route: Route;
  kind: OrderKind;
  everyHours?: number;
  timesOfDay?: string[];
  indication?: string;
  trigger?: { instrument: InstrumentId; minTotal: number };
  minIntervalMinutes?: number;
  maxPer24hMg?: number;
  hold?: OrderHold;
  note?: string;
}

export interface OrderSetDefinition {
  /** Stable name of the set across protocol versions. */
  code: string;
  name: string;
  description: string;
  orders: OrderTemplate[];
}

// §6.3 and §7: hold clonidine and lofexidine if SBP < 90, DBP < 60 or HR < 60 (hospital order set).
const ALPHA2_HOLD: OrderHold = { systolicBelowMmHg: 90, diastolicBelowMmHg: 60, heartRateBelowBpm: 60 };

/** The comfort medications of §6.7 and §6.5, shared by both withdrawal sets. */
const COMFORT: OrderTemplate[] = [
  // §6.5, loperamide label: 4 mg after the first loose stool, then 2 mg after each; Rx maximum 16 mg/24 h.
  {
    drug: 'loperamide',
    doseMg: 2,
    doseMaxMg: 4,
    route: 'PO',
    kind: 'prn',
    indication: 'loose stool: 4 mg first, then 2 mg after each loose stool',
    maxPer24hMg: 16,
  },
  // §6.7: ondansetron 4-8 mg q8h (UpToDate q4-8h; VA q12h); 4 mg q8h, at most 16 mg/24 h (VA).
  {
    drug: 'ondansetron',
    doseMg: 4,
    route: 'PO',
    kind: 'prn',
    indication: 'nausea or vomiting',
    minIntervalMinutes: 480,
    maxPer24hMg: 16,
  },
  // §6.7: ibuprofen 400 mg q4-6h (VA) to 800 mg q8h (CTN); at most 2400 mg/24 h (VA).
  {
    drug: 'ibuprofen',
    doseMg: 400,
    doseMaxMg: 600,
    route: 'PO',
    kind: 'prn',
    indication: 'aches and pain',
    minIntervalMinutes: 360,
    maxPer24hMg: 2400,
  },
  // §6.7: acetaminophen 650-1000 mg q4-6h; hospital target 3000 mg/24 h, never over 4000 mg.
  {
    drug: 'acetaminophen',
    doseMg: 650,
    route: 'PO',
    kind: 'prn',
    indication: 'aches and pain, or fever',
    minIntervalMinutes: 360,
    maxPer24hMg: 3000,
  },
  // §6.7: hydroxyzine 25-50 mg TID (VA) to 50 mg q6h (CTN); at most 200 mg/24 h (CTN).
  {
    drug: 'hydroxyzine',
    doseMg: 25,
    doseMaxMg: 50,
    route: 'PO',
    kind: 'prn',
    indication: 'anxiety or restlessness',
    minIntervalMinutes: 360,
    maxPer24hMg: 200,
  },
  // §6.7: dicyclomine 20 mg q6h PRN (order set); 80 mg/24 h at that rate, under UpToDate's 160 mg.
  {
    drug: 'dicyclomine',
    doseMg: 20,
    route: 'PO',
    kind: 'prn',
    indication: 'abdominal cramps',
    minIntervalMinutes: 360,
    maxPer24hMg: 80,
  },
  // §6.7: methocarbamol 500-1000 mg q6h PRN with a 2000 mg/24 h protocol limit (CTN); the low end.
  {
    drug: 'methocarbamol',
    doseMg: 500,
    route: 'PO',
    kind: 'prn',
    indication: 'muscle cramps or aches',
    minIntervalMinutes: 360,
    maxPer24hMg: 2000,
  },
  // §6.7: trazodone 25-100 mg (VA) or 50-150 mg (CTN) at bedtime: one dose a night.
  {
    drug: 'trazodone',
    doseMg: 50,
    doseMaxMg: 100,
    route: 'PO',
    kind: 'prn',
    indication: 'insomnia, at bedtime',
    minIntervalMinutes: 720,
    maxPer24hMg: 100,
  },
];

export const DEFAULT_ORDER_SETS: readonly OrderSetDefinition[] = [
  {
    code: 'opioid-withdrawal-clonidine',
    name: 'Opioid withdrawal: clonidine and comfort medications',
    description: 'Symptom-triggered clonidine by COWS with the comfort medications (TIP 63; ASAM 2020).',
    orders: [
      // §6.3: clonidine 0.1-0.2 mg q4-6h (CMAJ); PRN COWS >= 8 (mild withdrawal and above, §1.3 and the
      // buprenorphine threshold of §6.2); 0.8 mg/day (UpToDate; 1.2 mg from 90 kg: the physician adjusts).
      {
        drug: 'clonidine',
        doseMg: 0.1,
        route: 'PO',
        kind: 'prn',
        indication: 'autonomic withdrawal symptoms (sweating, anxiety, tachycardia)',
        trigger: { instrument: 'COWS', minTotal: 8 },
        minIntervalMinutes: 240,
        maxPer24hMg: 0.8,
        hold: ALPHA2_HOLD,
      },
      ...COMFORT,
    ],
  },
  {
    code: 'opioid-withdrawal-lofexidine',
    name: 'Opioid withdrawal: lofexidine and comfort medications',
    description:
      'Lofexidine on a schedule instead of clonidine, with the comfort medications (lofexidine label; TIP 63).',
    orders: [
      // §6.4, Lucemyra label: 0.54 mg (three 0.18 mg tablets) four times a day, 5-6 h apart; at most 2.88 mg/day, up to 14 days.
      {
        drug: 'lofexidine',
        doseMg: 0.54,
        route: 'PO',
        kind: 'scheduled',
        timesOfDay: ['06:00', '12:00', '18:00', '23:30'],
        indication: 'opioid withdrawal symptoms',
        minIntervalMinutes: 300,
        maxPer24hMg: 2.88,
        hold: ALPHA2_HOLD,
        note: 'Taper over 2-4 days when stopping (label).',
      },
      ...COMFORT,
    ],
  },
  {
    code: 'buprenorphine-induction',
    name: 'Buprenorphine induction',
    description:
      'Buprenorphine SL by COWS: first dose once withdrawal is clear, repeated every 2 h while it persists (TIP 63; ASAM 2020; label).',
    orders: [
      // §6.2: first dose 2-4 mg once COWS >= 8 (UpToDate; protocols 8-13), repeat 2-4 mg about every 2 h
      // while withdrawal persists; day-1 totals 8-16 mg (label, BupPractice; TIP 63). The unit's
      // induction gate (time since last use, recent COWS) still applies to the first dose.
      {
        drug: 'buprenorphine',
        doseMg: 2,
        doseMaxMg: 4,
        route: 'SL',
        kind: 'prn',
        indication: 'induction: objective opioid withdrawal',
        trigger: { instrument: 'COWS', minTotal: 8 },
        minIntervalMinutes: 120,
        maxPer24hMg: 16,
      },
    ],
  },
  {
    code: 'methadone-induction',
    name: 'Methadone induction (opioid treatment programs)',
    description:
      'Methadone first day: a first dose, then a further dose after 2 h if withdrawal persists (label; 42 CFR 8.12; TIP 63).',
    orders: [
      // §6.1: a first oral dose of 15-20 mg (label, WHO: <= 20 mg if tolerance is uncertain).
      { drug: 'methadone', doseMg: 20, route: 'PO', kind: 'once', indication: 'induction: first dose' },
      // §6.1: a further 5-10 mg 2 h after the oral dose if withdrawal persists; first-day total at most
      // 40 mg (pre-2024 42 CFR 8.12; UpToDate), which the unit's first-day rule enforces as well.
      {
        drug: 'methadone',
        doseMg: 5,
        doseMaxMg: 10,
        route: 'PO',
        kind: 'prn',
        indication: 'induction: withdrawal persisting 2 h after a dose',
        trigger: { instrument: 'COWS', minTotal: 8 },
        minIntervalMinutes: 120,
        maxPer24hMg: 40,
      },
    ],
  },
];
