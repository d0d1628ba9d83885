import type {
  AdministrationStatus,
  DailyTotal,
  DrugId,
  DueReason,
  IllnessSeverity,
  InstrumentId,
  OpioidKind,
  OrderKind,
  OrderStatus,
  OverdueEpisode,
  PrnEffect,
  Role,
  Route,
  ScoreRef,
  Severity,
  VitalFinding,
  WithdrawalPhase,
} from '@detox/shared';
import type { Trend } from '@detox/shared';
import type { RecordStatus } from '../services/corrections.js';

// The clinical rules' own shapes (shared/): the report carries them as they are.
export type {
  DailyTotal,
  IllnessSeverity,
  OverdueEpisode,
  PrnEffect,
  PrnEffectWord,
  PrnOtherDose,
  ScoreRef,
} from '@detox/shared';

/** The shape of `reports.shift`: plain JSON, times ISO-8601 (UTC as stored, shift bounds with the unit's offset). */

export interface ReportWindow {
  shiftStart: string;
  shiftEnd: string;
  /** "2026-03-07 19:00–07:00", local to the unit. */
  label: string;
  /** The shift has not ended: the report covers it up to `dataUntil`. */
  inProgress: boolean;
  /** The earlier of now and the shift's end: "overdue" and "open" are judged at this instant. */
  dataUntil: string;
  previousShiftStart: string;
  /** Null while the next shift has not started (a report of the future is refused). */
  nextShiftStart: string | null;
}

export interface ReportUnit {
  id: number;
  name: string;
  timeZone: string;
  shiftStarts: string[];
  assessmentIntervalMinutes: number;
  prnReassessMinutes: number;
}

export interface ReportScore extends ScoreRef {
  note: string | null;
  /** Why an item was scored below its measurement (COWS pulse), in words; "" when none. */
  itemReasons: string;
  recordedBy: string;
  /** Active, or entered in error (listed, never counted); superseded rows are left out for their replacement. */
  status: RecordStatus;
  correctionReason: string | null;
  /** Set on a replacement: the id of the record it corrected. */
  replacesId: number | null;
}

export interface ScoreSummary {
  /** The instrument of the latest score; min, max and trend are on that instrument. */
  instrument: InstrumentId | null;
  count: number;
  min: number | null;
  max: number | null;
  /** The latest active score at the end of the window, taken in the shift or before it. */
  latest: ScoreRef | null;
  /** The last score before the shift, the baseline for the trend. */
  baseline: ScoreRef | null;
  trend: Trend | null;
  /** Latest total minus the lowest total from the baseline on: how far the patient has climbed. */
  rise: number | null;
}

export interface ReportVitalFinding extends VitalFinding {
  assessmentId: number;
  takenAt: string;
}

export interface ReportAdministration {
  id: number;
  givenAt: string;
  drug: DrugId;
  drugName: string;
  doseMg: number;
  route: Route;
  status: AdministrationStatus;
  prn: boolean;
  /** The indication for a dose given, the hold reason for one held or refused. */
  reason: string | null;
  overrideReason: string | null;
  recordedBy: string;
  recordStatus: RecordStatus;
  correctionReason: string | null;
  replacesId: number | null;
  /** PRN doses given: the score before and after. */
  prnEffect: PrnEffect | null;
}

export interface ReportAlert {
  id: number;
  code: string;
  severity: 'warning' | 'danger';
  message: string;
  raisedAt: string;
}

/**
 * An alert the handoff must mention (I-PASS situation awareness): open at the end of the window, or
 * acknowledged during it, with who acknowledged it, when and the note (issue 15: an acknowledged
 * alert used to vanish from the handoff).
 */
export interface ReportShiftAlert extends ReportAlert {
  status: 'open' | 'acknowledged';
  raisedDuringShift: boolean;
  /** Set when acknowledged by the end of the window; an acknowledgement after it is not yet known to that shift. */
  acknowledged: { by: string; at: string; note: string | null } | null;
}

/** An order as the reports print it (issue 9): its words, and the limits in force (the stricter of order and unit). */
export interface ReportOrder {
  id: number;
  drug: DrugId;
  drugName: string;
  /** "Clonidine 0.1 mg PO PRN" */
  title: string;
  /** "0.1 mg", "2–4 mg" */
  dose: string;
  route: Route;
  kind: OrderKind;
  status: OrderStatus;
  /** "every 4 h", "at 08:00, 20:00", "once"; null for a PRN. */
  schedule: string | null;
  /** PRN: "when COWS ≥ 8; for restlessness". */
  prnCriteria: string | null;
  /** The limits in force, as phrases: "at most every 4 h", "max 0.8 mg in 24 h", "hold if SBP < 90, HR < 60". */
  limits: string[];
  maxPer24hMg: number | null;
  startAt: string;
  endAt: string | null;
  channel: 'written' | 'verbal' | 'telephone';
  orderedBy: string;
  /** The nurse who entered a verbal or telephone order; null for a written one. */
  enteredBy: string | null;
  recordedAt: string;
  /** A verbal or telephone order the physician had not countersigned by the end of the window. */
  awaitingCountersign: boolean;
  countersigned: { by: string; at: string } | null;
}

export interface DueDoseItem {
  orderId: number;
  title: string;
  dueAt: string;
}

/** The PRN doses charted against one order during the shift, and its rolling 24 h total at the end of it. */
export interface PrnUse {
  orderId: number;
  title: string;
  given: number;
  held: number;
  refused: number;
  givenMgInShift: number;
  /** Given against this order in the 24 h up to the end of the window. */
  givenMg24h: number;
  maxPer24hMg: number | null;
  percentOfMax: number | null;
}

export interface PatientOrders {
  /** Orders active at the end of the window, in the order they were written. */
  active: ReportOrder[];
  /** Scheduled and once doses falling in the following window (the next shift), earliest first. */
  dueNext: DueDoseItem[];
  /** PRN orders with a dose charted this shift (given, held or refused) or given in the 24 h up to its end. */
  prnUse: PrnUse[];
  /** Any order of the stay still waiting for its countersignature, active or not. */
  awaitingCountersign: ReportOrder[];
}

export interface CountersignItem extends ReportOrder {
  admissionId: number;
  bed: string;
  patientName: string;
}

export interface ActionItem {
  kind: 'assessment' | 'reassessment' | 'taper' | 'limit' | 'alert';
  dueAt: string | null;
  text: string;
}

export interface PatientSummary {
  substance: string;
  opioidKind: OpioidKind;
  lastUseAt: string;
  hoursSinceLastUse: number;
  /** Null when the substances used have no expected course. */
  phase: WithdrawalPhase | null;
  phaseLabel: string;
  /** "short-acting opioid course", "alcohol withdrawal course" (from the coded substances). */
  courseLabel: string;
  dayOfStay: number;
  withdrawalDay: number;
}

/**
 * One bed's section, in I-PASS order (docs/clinical.md §9.2): Illness severity; Patient summary with the
 * course of the shift (scores, vital signs, doses, 24 h totals); Action list for the next shift;
 * Situation awareness (overdue assessments, open alerts and those acknowledged this shift; drugs near their maximum are among the
 * actions, kind "limit").
 */
export interface PatientSection {
  admissionId: number;
  bed: string;
  patient: { id: number; name: string; mrn: string; birthDate: string };
  admittedAt: string;
  dischargedAt: string | null;
  admittedDuringShift: boolean;
  dischargedDuringShift: boolean;
  illness: { severity: IllnessSeverity; reasons: string[] };
  summary: PatientSummary;
  scores: ReportScore[];
  scoreSummary: ScoreSummary;
  vitalsOutOfRange: ReportVitalFinding[];
  administrations: ReportAdministration[];
  heldOrRefused: {
    id: number;
    givenAt: string;
    drugName: string;
    doseMg: number;
    status: 'held' | 'refused';
    reason: string | null;
  }[];
  totals24h: DailyTotal[];
  actions: ActionItem[];
  /** When the next score is due at the end of the window, and why (shared reassessment-schedule.ts); null once discharged. */
  nextAssessment: { dueAt: string; because: DueReason; why: string; overdue: boolean } | null;
  overdue: OverdueEpisode[];
  openAlerts: ReportAlert[];
  /** Open alerts, then those acknowledged during the shift, by the time raised (situation awareness). */
  shiftAlerts: ReportShiftAlert[];
  orders: PatientOrders;
}

export type BandCount = Record<Severity | 'no-score', number>;

export interface UnitTotals {
  /** Patients in a bed at any time during the shift: one section each. */
  census: number;
  censusAtStart: number;
  censusAtEnd: number;
  admissions: number;
  discharges: number;
  /** By the band of each patient's latest active score. */
  byBand: BandCount;
  byIllnessSeverity: Record<IllnessSeverity, number>;
  assessments: number;
  dosesGiven: number;
  prnDosesGiven: number;
  heldOrRefused: number;
  overdueAssessments: number;
  openAlerts: number;
  /** Alerts acknowledged during the shift (still listed, with who, when and the note). */
  acknowledgedAlerts: number;
}

export interface ShiftReport {
  unit: ReportUnit;
  window: ReportWindow;
  generatedAt: string;
  generatedBy: { id: number; name: string; role: Role };
  totals: UnitTotals;
  patients: PatientSection[];
  /** The unit's verbal and telephone orders not countersigned by the end of the window, by bed. */
  ordersAwaitingCountersign: CountersignItem[];
  /** The rules behind derived fields, in words, printed with the report. */
  rules: { illnessSeverity: string; vitalSigns: string; trend: string; prnEffect: string };
}
