import type { InstrumentId } from '../instruments/instrument.js';
import type { UsedSubstance } from '../substances/catalogue.js';
import type { AdministrationStatus, DrugId, Route } from './catalogue.js';
import type { UnitProtocol } from './protocol.js';
import type { AdministrationWarning } from './warning.js';

/** Everything the safety rules need to judge one proposed dose. Times are ISO-8601 with an offset. */

export interface ProposedAdministration {
  drug: DrugId;
  doseMg: number;
  route: Route;
  givenAt: string;
  status: AdministrationStatus;
}

export interface PriorAdministration {
  drug: DrugId;
  doseMg: number;
  givenAt: string;
  status: AdministrationStatus;
}

export interface AdmissionHistory {
  /** The coded substances charted at admission (one or more); the rules use the most restrictive. */
  substances: readonly UsedSubstance[];
  lastUseAt: string;
  /** Weight at admission, for weight-based limits (clonidine from 90 kg); unknown: the usual limit. */
  weightKg?: number | null;
}

export interface LatestAssessment {
  instrument: InstrumentId;
  total: number;
  takenAt: string;
}

export interface LatestVitals {
  takenAt: string;
  heartRate?: number | null;
  systolic?: number | null;
  diastolic?: number | null;
}

export interface TaperPlanDay {
  /** Day of stay: day 1 is the calendar day of admission in the unit's time zone. */
  day: number;
  /** The dose's calendar date on the unit's clock (YYYY-MM-DD), named in the warning with the stay day. */
  date?: string;
  plannedMg: number;
  /** Already given of this drug on that day, not counting the proposed dose. */
  givenMg: number;
}

export interface AdministrationContext {
  proposed: ProposedAdministration;
  admission: AdmissionHistory;
  /**
   * The admission's active (not superseded, not entered-in-error) administration rows, all of
   * them: first-dose rules look back to admission, not only 24 h. Only status "given" counts.
   * The row being corrected, if any, must be left out.
   */
  recentAdministrations: readonly PriorAdministration[];
  /** The latest COWS before the dose (the induction gate reads only COWS). */
  latestAssessment?: LatestAssessment;
  /** The latest vital signs at or before the dose; readings after the dose time are ignored. */
  latestVitals?: LatestVitals;
  protocol: UnitProtocol;
  /** The physician's taper plan for this drug on the dose's day of stay, when one exists. */
  taperPlanDay?: TaperPlanDay;
  /** The unit's IANA time zone for times in messages; default: the offset of proposed.givenAt. */
  timeZone?: string;
  /** Whose limits `protocol` holds, for the wording of warnings (limit-owner.ts); default the unit's. */
  limitsFrom?: 'unit' | 'order';
}

export type AdministrationRule = (ctx: AdministrationContext) => AdministrationWarning[];
