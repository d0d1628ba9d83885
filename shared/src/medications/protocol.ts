import type { CiwaArBandSet } from '../instruments/ciwa-ar-bands.js';
import type { DrugId, Route } from './catalogue.js';

/**
 * A unit's medication protocol: the limits the safety rules check a dose against. Every number is
 * a default that the unit's medical director and pharmacy must sign off (docs/clinical.md, preamble and
 * §11); unitProtocolSchema (protocol-schema.ts) validates a unit's own values.
 */

/** Hold the drug when a recent reading is below these limits (docs/clinical.md §6.3, §7). */
export interface VitalSignHold {
  systolicBelowMmHg: number;
  diastolicBelowMmHg: number;
  heartRateBelowBpm: number;
  /** Blood pressure and heart rate must have been taken within this many minutes before the dose. */
  vitalsWithinMinutes: number;
}

export interface DrugProtocol {
  /** Above this a dose needs a documented reason. */
  maxSingleDoseMg?: number;
  /** Rolling 24 h total (exact instants, not calendar days); above it a dose needs a documented reason. */
  maxPer24hMg?: number;
  /** Doses closer together than this need a documented reason. */
  minIntervalMinutes?: number;
  /** When a reassessment is due after a dose (docs/clinical.md §6.8). */
  reassessAfterMinutes: number;
  /**
   * Hard limit: a single dose above it is refused outright and cannot be overridden. It sits above
   * every dose any source gives, and below ten times the usual dose, so a misplaced decimal point
   * (clonidine 1 mg for 0.1 mg) is refused. A unit that truly needs more changes its protocol.
   */
  plausibleMaxDoseMg: number;
  vitalSignHold?: VitalSignHold;
  /**
   * When set, the only routes this drug may be charted by, each with its allowed dose range
   * (inclusive); any other route or dose is refused outright (naltrexone: 25-50 mg PO, 380 mg IM
   * extended-release only; methadone: IM only where the unit enables it with its own range).
   */
  dosesByRoute?: Partial<Record<Route, DoseRange>>;
  /** The 24 h maximum is a hard stop, not a warning a reason can override (loperamide). */
  maxPer24hIsHardStop?: boolean;
  /** Warn (no reason needed) once the 24 h total would reach this (loperamide: 12 mg). */
  warnFromPer24hMg?: number;
  /** A higher 24 h maximum for heavier patients (clonidine: 1.2 mg from 90 kg); weight from admission. */
  maxPer24hByWeight?: { fromKg: number; maxPer24hMg: number };
}

export interface DoseRange {
  /** Omitted: any dose above 0 up to maxMg. */
  minMg?: number;
  maxMg: number;
}

/**
 * Days a patient must be opioid-free before naltrexone, by what was last used and by any agonist
 * charted on this stay (docs/clinical.md §6.6). Giving it sooner can precipitate
 * severe withdrawal; a documented reason (a negative naloxone challenge) can override.
 */
export interface NaltrexoneStartProtocol {
  opioidFreeDaysAfter: { shortActing: number; extendedRelease: number; methadone: number; buprenorphine: number };
}

export interface BuprenorphineInductionProtocol {
  /** The latest COWS must be at least this before the first dose (docs/clinical.md §6.2: 8 to 13). */
  cowsThreshold: number;
  /** ...and taken within this many minutes before the dose. */
  cowsWithinMinutes: number;
  /** Hours since last use before the first dose, by what the patient used (docs/clinical.md §6.2). */
  waitHoursAfterLastUse: { short: number; long: number; methadone: number };
}

export interface MethadoneFirstDayProtocol {
  /** A first dose above this needs a documented reason; omit where the 2024 rule applies (§0.1). */
  firstDoseMaxMg?: number;
  /** Total in the 24 h after the first dose; above it needs a documented reason (at most 50, §6.1). */
  firstDayTotalMaxMg: number;
}

export interface UnitProtocol {
  drugs: Record<DrugId, DrugProtocol>;
  buprenorphineInduction: BuprenorphineInductionProtocol;
  methadoneFirstDay: MethadoneFirstDayProtocol;
  naltrexoneStart: NaltrexoneStartProtocol;
  /** Which CIWA-Ar cut-offs the unit scores with (docs/clinical.md §3.2); omitted: ASAM 2020. */
  ciwaArBands?: CiwaArBandSet;
  /**
   * A scheduled dose is on time from this many minutes before its time to this many after, and
   * overdue after (shared/src/orders/scheduled-doses.ts). Omitted: DEFAULT_DUE_WINDOW_MINUTES.
   */
  dueWindowMinutes?: number;
  /**
   * How often withdrawal is scored, by band and event (shared/src/assessments/reassessment-schedule.ts,
   * docs/clinical.md "§1.5 Reassessment frequency"). Omitted (protocol versions stored before it
   * existed): DEFAULT_REASSESSMENT_SCHEDULE. The PRN reassessment stays per drug (`reassessAfterMinutes`).
   */
  reassessment?: ReassessmentSchedule;
}

/** The bands a unit can choose as "score more often from here up" (not 'none': that would be every score). */
export const FREQUENT_FROM_BANDS = ['mild', 'moderate', 'moderately-severe', 'severe'] as const;
export type FrequentFromBand = (typeof FREQUENT_FROM_BANDS)[number];

export interface ReassessmentSchedule {
  /** After a score below `frequentFromBand`: the routine interval. */
  routineMinutes: number;
  /** A score in this band or a worse one is followed by the next one after `frequentMinutes`. */
  frequentFromBand: FrequentFromBand;
  frequentMinutes: number;
  /** After the first buprenorphine dose of the stay (either product), until a score follows it. */
  afterFirstBuprenorphineMinutes: number;
  /** While a danger alert is open: after the latest score or the alert, whichever is later. */
  dangerAlertMinutes: number;
}

/**
 * docs/clinical.md §1.5: q4h below moderate (§1.4), hourly from moderate up (CIWA-Ar protocols score
 * hourly above their threshold; for COWS this is unit policy), 1 h after the first buprenorphine dose
 * (COWS forms: 30 min to 2 h), hourly while a danger alert (precipitated withdrawal) is open (unit policy).
 */
export const DEFAULT_REASSESSMENT_SCHEDULE: ReassessmentSchedule = {
  routineMinutes: 240,
  frequentFromBand: 'moderate',
  frequentMinutes: 60,
  afterFirstBuprenorphineMinutes: 60,
  dangerAlertMinutes: 60,
};

/** The schedule in force: the protocol's own, or the defaults for a version stored before schedules existed. */
export function reassessmentScheduleOf(protocol: Pick<UnitProtocol, 'reassessment'>): ReassessmentSchedule {
  return protocol.reassessment ?? DEFAULT_REASSESSMENT_SCHEDULE;
}

/**
 * CMS (2011) and ISMP's Acute Care Guidelines for Timely Administration of Scheduled Medications:
 * non-time-critical scheduled doses within 1 h before or after the scheduled time
 * (docs/clinical.md §6.8 defers such timing to hospital policy; this is the common policy).
 */
export const DEFAULT_DUE_WINDOW_MINUTES = 60;

/** docs/clinical.md §6.8: reassess 30-60 min after an oral PRN dose; the later end is the default. */
export const DEFAULT_REASSESS_AFTER_MINUTES = 60;
const reassessAfterMinutes = DEFAULT_REASSESS_AFTER_MINUTES;

/** §6.3 and §7: hospital order set: hold if SBP < 90, DBP < 60 or HR < 60; UpToDate: check BP before every dose. */
const CLONIDINE_HOLD: VitalSignHold = {
  systolicBelowMmHg: 90,
  diastolicBelowMmHg: 60,
  heartRateBelowBpm: 60,
  vitalsWithinMinutes: 60,
};

/** §6.2: repeat doses "after 1-2 h"; no daily maximum since FDA's 2024-25 label change (§0.2). */
const BUPRENORPHINE: DrugProtocol = {
  minIntervalMinutes: 60,
  reassessAfterMinutes,
  // The largest 24 h total in §6.2 (UpToDate, 32 mg): maintenance doses of 16-24 mg are given at once.
  plausibleMaxDoseMg: 32,
};

/**
 * Defaults. Hard limits are twice the largest single dose in docs/clinical.md §6 unless noted; soft
 * limits are the source's figure, cited beside it.
 */
export const DEFAULT_UNIT_PROTOCOL: UnitProtocol = {
  drugs: {
    methadone: {
      // §6.1: a further dose 2 h after the oral dose if withdrawal persists (UpToDate; OTP practice).
      minIntervalMinutes: 120,
      reassessAfterMinutes,
      // Maintenance doses vary too widely for a decimal-slip limit; the first-day rule catches
      // early slips, this catches a tenfold slip of 20-30 mg.
      plausibleMaxDoseMg: 150,
      // §6.1: methadone for withdrawal is oral; IM methadone is about twice as potent as oral, so
      // it is refused unless the unit adds an IM range of its own (UpToDate's ED table: 10 mg IM).
      dosesByRoute: { PO: { maxMg: 150 } },
    },
    buprenorphine: BUPRENORPHINE,
    'buprenorphine-naloxone': BUPRENORPHINE,
    clonidine: {
      maxSingleDoseMg: 0.3, // §6.3: 0.1-0.3 mg per dose (UpToDate ED table)
      maxPer24hMg: 0.8, // §6.3: 0.8 mg/day (UpToDate)
      maxPer24hByWeight: { fromKg: 90, maxPer24hMg: 1.2 }, // §6.3: 1.2 mg/day for patients of 90 kg and more (UpToDate)
      minIntervalMinutes: 60, // §6.3: repeatable hourly with BP and HR checked (UpToDate)
      reassessAfterMinutes, // §6.8: BP about 1 h after a dose
      plausibleMaxDoseMg: 0.6,
      vitalSignHold: CLONIDINE_HOLD,
    },
    lofexidine: {
      maxSingleDoseMg: 0.72, // §6.4: 4 x 0.18 mg tablets
      maxPer24hMg: 2.88, // §6.4: 16 tablets a day
      minIntervalMinutes: 300, // §6.4: doses 5-6 h apart
      reassessAfterMinutes,
      plausibleMaxDoseMg: 1.44,
      // §6.4: the label says to check vital signs before dosing and to reduce, delay or skip a dose for
      // hypotension or bradycardia; it gives no numbers, so the clonidine order-set limits apply (§6.3, §7).
      vitalSignHold: CLONIDINE_HOLD,
    },
    loperamide: {
      maxSingleDoseMg: 4, // §6.5: 4 mg first, then 2 mg after each unformed stool
      maxPer24hMg: 16, // §6.5: prescription maximum; above it QT prolongation and cardiac arrest
      maxPer24hIsHardStop: true, // §6.5: "hard stop at the ordered maximum"
      warnFromPer24hMg: 12, // §6.5: flag as the 24 h total approaches 16 mg (three quarters of it)
      // No minimum interval: §6.5 doses follow each unformed stool, not the clock.
      reassessAfterMinutes,
      plausibleMaxDoseMg: 8,
    },
    naltrexone: {
      reassessAfterMinutes,
      // §6.6: the 380 mg monthly injection is the largest dose; 50 mg PO slipped tenfold is refused.
      plausibleMaxDoseMg: 380,
      // §6.6: oral 25 mg on day 1 then 50 mg daily; 380 mg is the extended-release IM injection only.
      dosesByRoute: { PO: { minMg: 25, maxMg: 50 }, IM: { minMg: 380, maxMg: 380 } },
    },
    ondansetron: {
      maxSingleDoseMg: 8, // §6.7: 4-8 mg
      maxPer24hMg: 16, // §6.7: VA sheet
      minIntervalMinutes: 240, // §6.7: q4-8h (UpToDate), the shortest interval found
      reassessAfterMinutes,
      plausibleMaxDoseMg: 16,
    },
    ibuprofen: {
      maxSingleDoseMg: 800, // §6.7: 800 mg q8h (CTN)
      maxPer24hMg: 2400, // §6.7: VA sheet (CTN allows 3200)
      minIntervalMinutes: 240, // §6.7: q4-6h (VA)
      reassessAfterMinutes,
      plausibleMaxDoseMg: 1600,
    },
    acetaminophen: {
      maxSingleDoseMg: 1000, // §6.7: 650-1000 mg
      maxPer24hMg: 4000, // §6.7: VA; never > 4000 mg from all sources (hospital plan)
      minIntervalMinutes: 240, // §6.7: q4-6h
      reassessAfterMinutes,
      plausibleMaxDoseMg: 2000,
    },
    hydroxyzine: {
      maxSingleDoseMg: 100, // §6.7: 25-100 mg (UpToDate)
      maxPer24hMg: 200, // §6.7: CTN (UpToDate allows 400)
      minIntervalMinutes: 360, // §6.7: q6h (CTN), q6-8h (UpToDate)
      reassessAfterMinutes,
      plausibleMaxDoseMg: 200,
    },
    dicyclomine: {
      maxSingleDoseMg: 20, // §6.7: 10-20 mg (UpToDate), 20 mg (order set)
      maxPer24hMg: 160, // §6.7: UpToDate
      minIntervalMinutes: 360, // §6.7: q6-8h (UpToDate), q6h (order set)
      reassessAfterMinutes,
      plausibleMaxDoseMg: 40,
    },
    methocarbamol: {
      maxSingleDoseMg: 1000, // §6.7: 500-1000 mg (CTN)
      maxPer24hMg: 2000, // §6.7: CTN protocol limit, lower than the label maximum
      minIntervalMinutes: 360, // §6.7: q6h
      reassessAfterMinutes,
      plausibleMaxDoseMg: 2000,
    },
    trazodone: {
      maxSingleDoseMg: 150, // §6.7: 50-150 mg at bedtime (CTN)
      maxPer24hMg: 150, // §6.7 gives no daily maximum; one bedtime dose of at most 150 mg (CTN)
      // No minimum interval: a single bedtime dose; the 24 h total catches a repeat.
      reassessAfterMinutes,
      plausibleMaxDoseMg: 300,
    },
  },
  buprenorphineInduction: {
    cowsThreshold: 8, // §6.2: UpToDate standard initiation; protocols use 8-13
    cowsWithinMinutes: 60, // the gate reads withdrawal now, not an hour ago
    // §6.2: >= 12 h after short-acting (common), >= 24 h after ER/long-acting, 36-72 h after methadone.
    waitHoursAfterLastUse: { short: 12, long: 24, methadone: 36 },
  },
  methadoneFirstDay: {
    // §6.1 pre-2024 42 CFR 8.12: first dose <= 30 mg, first-day total <= 40 mg. The 2024 rule
    // (not yet verified, §0.1) drops the 30 mg cap and allows 50 mg; the unit chooses.
    firstDoseMaxMg: 30,
    firstDayTotalMaxMg: 40,
  },
  naltrexoneStart: {
    // §6.6: 7-10 days after short-acting opioids (label, TIP 63); the lower end, with the
    // agonist-dose check below it. Up to about 2 weeks after methadone or buprenorphine.
    // Extended-release opioids: the upper end of 7-10 days (no source gives them their own figure).
    opioidFreeDaysAfter: { shortActing: 7, extendedRelease: 10, methadone: 14, buprenorphine: 14 },
  },
  reassessment: { ...DEFAULT_REASSESSMENT_SCHEDULE },
};
