import type { DrugId } from './catalogue.js';

/**
 * A unit's medication protocol: the limits the safety rules check a dose against. Every number is
 * a default that the unit's medical director and pharmacy must sign off (clinical.md, preamble and
 * §11); unitProtocolSchema (protocol-schema.ts) validates a unit's own values.
 */

/** Hold the drug when a recent reading is below these limits (clinical.md §6.3, §7). */
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
  /** When a reassessment is due after a dose (clinical.md §6.8). */
  reassessAfterMinutes: number;
  /**
   * Hard limit: a single dose above it is refused outright and cannot be overridden. It sits above
   * every dose any source gives, and below ten times the usual dose, so a misplaced decimal point
   * (clonidine 1 mg for 0.1 mg) is refused. A unit that truly needs more changes its protocol.
   */
  plausibleMaxDoseMg: number;
  vitalSignHold?: VitalSignHold;
}

export interface BuprenorphineInductionProtocol {
  /** The latest COWS must be at least this before the first dose (clinical.md §6.2: 8 to 13). */
  cowsThreshold: number;
  /** ...and taken within this many minutes before the dose. */
  cowsWithinMinutes: number;
  /** Hours since last use before the first dose, by what the patient used (clinical.md §6.2). */
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
}

/** clinical.md §6.8: reassess 30-60 min after an oral PRN dose; the later end is the default. */
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
 * Defaults. Hard limits are twice the largest single dose in clinical.md §6 unless noted; soft
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
    },
    buprenorphine: BUPRENORPHINE,
    'buprenorphine-naloxone': BUPRENORPHINE,
    clonidine: {
      maxSingleDoseMg: 0.3, // §6.3: 0.1-0.3 mg per dose (UpToDate ED table)
      maxPer24hMg: 1.2, // §6.3: 0.8 mg/day, 1.2 mg if >= 90 kg (UpToDate); 1.2 mg on day 1 (CMAJ)
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
    },
    loperamide: {
      maxSingleDoseMg: 4, // §6.5: 4 mg first, then 2 mg after each unformed stool
      maxPer24hMg: 16, // §6.5: prescription maximum; above it QT prolongation and cardiac arrest
      // No minimum interval: §6.5 doses follow each unformed stool, not the clock.
      reassessAfterMinutes,
      plausibleMaxDoseMg: 8,
    },
    naltrexone: {
      reassessAfterMinutes,
      // §6.6: the 380 mg monthly injection is the largest dose; 50 mg PO slipped tenfold is refused.
      plausibleMaxDoseMg: 380,
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
};
