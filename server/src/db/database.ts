import type {
  AdministrationStatus,
  DrugId,
  InstrumentId,
  OpioidKind,
  OrderKind,
  Role,
  Route,
  Severity,
  SubstanceCode,
} from '@detox/shared';
import type { Generated, Insertable, Selectable } from 'kysely';

/**
 * Table types. Times are ISO-8601 UTC strings ("2026-11-22T08:00:00.000Z"): the same text on SQLite
 * and PostgreSQL, and they sort as text in time order.
 */

export interface UnitTable {
  id: Generated<number>;
  name: string;
  time_zone: string;
  /** JSON array of "HH:MM" local shift start times. */
  shift_starts: string;
  assessment_interval_minutes: number;
  prn_reassess_minutes: number;
  /** A discharged stay stays readable this long; after it only through emergency access. */
  discharged_visible_hours: Generated<number>;
  /** 'C' or 'F': the scale the unit enters and reads temperatures in (stored in °C regardless). */
  temperature_unit: Generated<'C' | 'F'>;
  created_at: string;
}

export interface BedTable {
  id: Generated<number>;
  unit_id: number;
  label: string;
  sort_order: number;
}

export interface AppUserTable {
  id: Generated<number>;
  username: string;
  name: string;
  role: Role;
  password_hash: string;
  active: number;
  created_at: string;
  deactivated_at: string | null;
  deactivated_by: number | null;
  deactivation_reason: string | null;
}

export interface SessionTable {
  /** SHA-256 of the cookie token: a copy of the database does not hand out live sessions. */
  id: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ended_at: string | null;
}

export interface LoginAttemptTable {
  id: Generated<number>;
  username: string;
  address: string;
  succeeded: number;
  /** 1 when the throttle refused the attempt before the password was checked (not a guess). */
  throttled: Generated<number>;
  attempted_at: string;
}

/** The units a user may see and chart on. */
export interface UserUnitTable {
  user_id: number;
  unit_id: number;
}

/** A "break-the-glass" grant: a reasoned, time-limited access to a unit the user is not assigned to. */
export interface EmergencyAccessTable {
  id: Generated<number>;
  user_id: number;
  unit_id: number;
  admission_id: number | null;
  reason: string;
  granted_at: string;
  expires_at: string;
}

/** An admin cleared a username's failed logins: counting starts again from here. */
export interface LoginClearanceTable {
  id: Generated<number>;
  username: string;
  cleared_by: number;
  cleared_at: string;
}

/** A protocol change that loosens a hard limit, waiting for a second physician. */
export interface ProtocolChangeTable {
  id: Generated<number>;
  unit_id: number;
  /** The version the change was made against: approving it after another change is refused. */
  base_version: number;
  protocol: string;
  reason: string;
  /** JSON array of the loosened limits, in words. */
  loosened: string;
  proposed_by: number;
  proposed_at: string;
  approved_by: number | null;
  approved_at: string | null;
  applied_version: number | null;
}

export interface PatientTable {
  id: Generated<number>;
  mrn: string;
  name: string;
  birth_date: string;
  created_at: string;
}

export interface AdmissionTable {
  id: Generated<number>;
  unit_id: number;
  bed: string;
  patient_id: number;
  substance: string;
  opioid_kind: OpioidKind;
  last_use_at: string;
  admitted_at: string;
  discharged_at: string | null;
  recorded_by: number;
  recorded_at: string;
  /** Weight at admission in kg (weight-based limits); null on rows from before it was asked. */
  weight_kg: number | null;
}

/** The coded substances of an admission (shared/src/substances), in the order charted. */
export interface AdmissionSubstanceTable {
  id: Generated<number>;
  admission_id: number;
  position: number;
  code: SubstanceCode;
  detail: string | null;
}

export interface AssessmentTable {
  id: Generated<number>;
  admission_id: number;
  instrument: InstrumentId;
  taken_at: string;
  /** JSON object of item key to score. */
  items: string;
  total: number;
  severity: Severity;
  heart_rate: number | null;
  systolic: number | null;
  diastolic: number | null;
  temperature_c: number | null;
  respiratory_rate: number | null;
  spo2: number | null;
  note: string | null;
  /** JSON object of item key to the reason an item was scored below its measurement (COWS pulse); null when none. */
  item_reasons: string | null;
  supersedes_id: number | null;
  recorded_by: number;
  recorded_at: string;
}

export interface MedicationAdministrationTable {
  id: Generated<number>;
  admission_id: number;
  drug: DrugId;
  dose_mg: number;
  route: Route;
  given_at: string;
  status: AdministrationStatus;
  /** 1 for an as-needed dose: it opens a reassessment an hour later (docs/clinical.md §6.8). */
  prn: number;
  indication: string | null;
  hold_reason: string | null;
  assessment_id: number | null;
  override_reason: string | null;
  /** Who gave the reason that let a dose outside the protocol be recorded. */
  override_by: number | null;
  /** JSON array of the warnings shown when it was recorded. */
  warnings: string;
  /** The unit protocol version the dose was checked against. */
  protocol_version: number | null;
  /** The order the dose was charted against; null only on doses charted before orders existed. */
  order_id: Generated<number | null>;
  /** 1 for a dose charted offline and recorded on arrival although its check then failed (issue 13). */
  given_offline: Generated<number>;
  supersedes_id: number | null;
  recorded_by: number;
  recorded_at: string;
}

/** A medication order (issue 9); append-only: countersignature and discontinuation are rows of their own. */
export interface MedicationOrderTable {
  id: Generated<number>;
  admission_id: number;
  drug: DrugId;
  dose_mg: number;
  dose_max_mg: number | null;
  route: Route;
  kind: OrderKind;
  every_hours: number | null;
  /** JSON array of "HH:MM" in the unit's time zone. */
  times_of_day: string | null;
  indication: string | null;
  trigger_instrument: InstrumentId | null;
  trigger_min_total: number | null;
  min_interval_minutes: number | null;
  max_per_24h_mg: number | null;
  /** JSON of the order's own hold parameters (shared OrderHold). */
  hold: string | null;
  start_at: string;
  end_at: string | null;
  note: string | null;
  ordered_by: number;
  entered_by: number;
  channel: 'written' | 'verbal' | 'telephone';
  read_back: number;
  order_set_id: number | null;
  protocol_version: number | null;
  recorded_at: string;
}

export interface OrderCountersignatureTable {
  id: Generated<number>;
  order_id: number;
  signed_by: number;
  signed_at: string;
}

export interface OrderDiscontinuationTable {
  id: Generated<number>;
  order_id: number;
  reason: string;
  discontinued_by: number;
  discontinued_at: string;
}

/** A unit's order set as written for one protocol version. */
export interface OrderSetTable {
  id: Generated<number>;
  unit_id: number;
  protocol_version: number;
  code: string;
  name: string;
  description: string;
  /** JSON array of shared OrderTemplate. */
  orders: string;
  recorded_by: number | null;
  recorded_at: string;
}

export interface UnitProtocolTable {
  id: Generated<number>;
  unit_id: number;
  version: number;
  /** JSON of the shared UnitProtocol. */
  protocol: string;
  reason: string;
  recorded_by: number | null;
  recorded_at: string;
}

export interface AlertTable {
  id: Generated<number>;
  admission_id: number;
  code: string;
  severity: 'warning' | 'danger';
  message: string;
  assessment_id: number | null;
  raised_at: string;
}

export interface AlertAcknowledgementTable {
  id: Generated<number>;
  alert_id: number;
  note: string | null;
  acknowledged_by: number;
  acknowledged_at: string;
}

export interface TaperPlanTable {
  id: Generated<number>;
  admission_id: number;
  drug: DrugId;
  /** JSON array of { day, totalMg }: day 1 is start_date. */
  days: string;
  /**
   * The plan's first date on the unit's calendar (YYYY-MM-DD). Null only on rows written without it
   * (raw fixtures): such a plan starts on the admission's date, as every plan did before (taper-plans.ts).
   */
  start_date: string | null;
  /** The plan in force that this one replaced, if any. */
  supersedes_id: number | null;
  /** Why the plan changed, when it replaced one. */
  change_reason: string | null;
  recorded_by: number;
  recorded_at: string;
}

/** One row per corrected record: it is what marks the old row superseded or entered in error. */
export interface RecordCorrectionTable {
  id: Generated<number>;
  record_type: 'assessment' | 'administration';
  record_id: number;
  action: 'replaced' | 'entered-in-error';
  replacement_id: number | null;
  reason: string;
  corrected_by: number;
  corrected_at: string;
}

/** The fields every audit row has, sealed into the chain or waiting for it. */
interface AuditRowColumns {
  occurred_at: string;
  user_id: number | null;
  user_role: string | null;
  action: string;
  entity: string;
  entity_id: number | null;
  outcome: 'success' | 'denied' | 'failure';
  address: string | null;
}

export interface AuditEventTable extends AuditRowColumns {
  id: Generated<number>;
  /** The hmac of the row before this one in id order ("" for the first sealed row); null on rows from before the chain. */
  prev_hmac: string | null;
  /** HMAC-SHA256 over prev_hmac and this row's fields (server/src/audit/audit-chain.ts); null on rows from before the chain. */
  hmac: string | null;
}

/**
 * A write's audit row waiting for its place in the chain on PostgreSQL (migration 2026-12-06-audit-pending):
 * committed with the write, moved into audit_event by the sealer (services/audit-sealer-postgres.ts).
 */
export interface AuditPendingTable extends AuditRowColumns {
  /** A random UUID. */
  id: string;
  /** The order rows were written in (a sequence). */
  seq: Generated<number>;
  /** HMAC over the id and the fields (server/src/audit/audit-chain.ts, pendingAuditTag). */
  tag: string;
}

/** A clinical write's client request id (issues 12, 13), committed with the write; append-only. */
export interface ClientRequestTable {
  request_id: string;
  user_id: number;
  /** The tRPC procedure, e.g. "assessments.record": one id names one write. */
  procedure: string;
  /** SHA-256 of the input without its request id: a repeat must carry the same content. */
  content_hash: string;
  /** JSON of the first answer, returned again to every repeat. */
  answer: string;
  recorded_at: string;
}

export interface Database {
  client_request: ClientRequestTable;
  unit: UnitTable;
  bed: BedTable;
  app_user: AppUserTable;
  session: SessionTable;
  login_attempt: LoginAttemptTable;
  user_unit: UserUnitTable;
  emergency_access: EmergencyAccessTable;
  login_clearance: LoginClearanceTable;
  protocol_change: ProtocolChangeTable;
  patient: PatientTable;
  admission: AdmissionTable;
  admission_substance: AdmissionSubstanceTable;
  assessment: AssessmentTable;
  medication_administration: MedicationAdministrationTable;
  medication_order: MedicationOrderTable;
  order_countersignature: OrderCountersignatureTable;
  order_discontinuation: OrderDiscontinuationTable;
  order_set: OrderSetTable;
  taper_plan: TaperPlanTable;
  unit_protocol: UnitProtocolTable;
  alert: AlertTable;
  alert_acknowledgement: AlertAcknowledgementTable;
  record_correction: RecordCorrectionTable;
  audit_event: AuditEventTable;
  audit_pending: AuditPendingTable;
}

export type UnitRow = Selectable<UnitTable>;
export type AdmissionRow = Selectable<AdmissionTable>;
export type AssessmentRow = Selectable<AssessmentTable>;
export type AdministrationRow = Selectable<MedicationAdministrationTable>;
export type NewAuditEvent = Insertable<AuditEventTable>;
export type MedicationOrderRow = Selectable<MedicationOrderTable>;
