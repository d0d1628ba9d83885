import {
  type AdministrationStatus,
  type DrugId,
  type ExpectedCourse,
  type InstrumentId,
  type OpioidKind,
  type Route,
  type Severity,
  type UnitProtocol,
  type WithdrawalPhase,
  expectedCourse,
  givenOnDate,
  plannedDates,
  stayDayLabel,
  stayDayOfDate,
  type WithdrawalCourse,
  courseForSubstances,
  getInstrument,
  instrumentWithBands,
  itemReasonsText,
  phaseOfCourse,
  substancesText,
} from '@detox/shared';
import type { Kysely } from 'kysely';
import { compiledOnce } from '../db/compiled-once.js';
import type { Database } from '../db/database.js';
import type { Actor } from './actor.js';
import { type AdmissionOnUnit, admissionOnUnit } from './admission-on-unit.js';
import { substancesOf } from './admission-substances.js';
import { alertRows } from './alerts.js';
import { auditRead } from './audit.js';
import { notFound } from './errors.js';
import { textWithFields, withJsonText } from './json-text.js';
import { protocolOfVersion } from './protocol.js';
import { KEPT_FRESH_MS, type KeptByAdmission } from './kept-by-admission.js';
import { orderFacts } from './order-records.js';
import { localDayBounds, unitDate } from './local-day.js';
import { currentTaperPlans } from './taper-plans.js';
import { notCorrected } from './not-corrected.js';
import { administrationFromRow } from './administration-record.js';
import { assessmentFromRow, vitalsOf } from './assessment-record.js';

export interface Timeline {
  admissionId: number;
  patientName: string;
  bed: string;
  timeZone: string;
  lastUseAt: string;
  admittedAt: string;
  dischargedAt: string | null;
  opioidKind: OpioidKind;
  /** The course drawn (from the coded substances); null when none applies (sedatives, other substances). */
  course: WithdrawalCourse | null;
  /** What the patient used, in words. */
  substances: string;
  hoursNow: number;
  phaseNow: WithdrawalPhase | null;
  phaseLabel: string;
  expected: ExpectedCourse | null;
  bands: { instrument: InstrumentId; severity: Severity; label: string; min: number; max: number }[];
  /** itemReasons: why an item was scored below its measurement (COWS pulse), in words; "" when none. */
  assessments: {
    id: number;
    hoursSinceLastUse: number;
    takenAt: string;
    instrument: InstrumentId;
    total: number;
    severity: Severity;
    itemReasons: string;
  }[];
  medications: {
    id: number;
    hoursSinceLastUse: number;
    givenAt: string;
    drug: DrugId;
    doseMg: number;
    route: Route;
    status: AdministrationStatus;
    prn: boolean;
  }[];
  vitals: {
    hoursSinceLastUse: number;
    takenAt: string;
    heartRate: number | null;
    systolic: number | null;
    diastolic: number | null;
    temperatureC: number | null;
    respiratoryRate: number | null;
    spo2: number | null;
  }[];
  /**
   * What the taper plans plan for each calendar date, against what was given of the drug that date.
   * day = stayDay: the day of stay (1 = the date of admission); planDay is the plan's own day
   * (1 = its start date); fromHours/toHours bound the date on the chart's hours axis.
   */
  taper: {
    day: number;
    date: string;
    drug: DrugId;
    plannedMg: number;
    givenMg: number;
    stayDay: number;
    stayDayLabel: string;
    planId: number;
    planDay: number;
    fromHours: number;
    toHours: number;
  }[];
  /** Every plan written, oldest first: a changed plan names the one it supersedes and why. */
  taperPlans: {
    id: number;
    drug: DrugId;
    startDate: string;
    startLabel: string;
    days: { day: number; totalMg: number }[];
    recordedAt: string;
    supersedesId: number | null;
    changeReason: string | null;
  }[];
  /** Medication orders, for the chart's order markers: when each started and ended (discontinued or completed). */
  orders: {
    id: number;
    drug: DrugId;
    doseMg: number;
    route: Route;
    kind: 'scheduled' | 'prn' | 'once';
    startAt: string;
    startHours: number;
    discontinuedAt: string | null;
    discontinueReason: string | null;
    endAt: string | null;
    endHours: number | null;
  }[];
  /** Every alert raised in the stay, acknowledged or not, as markers on the chart's time axis. */
  alerts: {
    id: number;
    hoursSinceLastUse: number;
    raisedAt: string;
    code: string;
    severity: 'warning' | 'danger';
    message: string;
    acknowledgedAt: string | null;
    /** Who acknowledged it and their note, so the marker says it as the handoff does. */
    acknowledgedBy: string | null;
    acknowledgementNote: string | null;
  }[];
}

const HOUR = 3_600_000;

/** A computed timeline with its JSON text, without the fields that move with the time of the read (json-text.ts). */
interface KeptTimeline {
  timeline: Timeline;
  /** Its JSON without the fields that move with the time (json-text.ts), as UTF-8. */
  text: Buffer;
}

export type Timelines = KeptByAdmission<KeptTimeline>;

/**
 * Everything charted on one admission, placed on hours since last use. Corrected rows are left out.
 * With `cache` (the app's, kept-by-admission.ts) a stay whose record has not changed is served as
 * last computed, with its "now" (hours since last use, phase) brought to this instant.
 */
export async function getTimeline(
  db: Kysely<Database>,
  actor: Actor,
  admissionId: number,
  now = new Date(),
  cache?: Timelines,
  admissionRead?: AdmissionOnUnit,
): Promise<Timeline> {
  const kept = await keptTimeline(db, admissionId, now, cache, false, admissionRead);
  await auditRead(db, actor, 'timeline', admissionId);
  return atInstant(kept, now);
}

/**
 * The stay's timeline as kept, or computed (and kept) now; one getting old is renewed in the
 * background. `admissionRead`: the stay as this call's scope check read it (admission-on-unit.ts).
 */
async function keptTimeline(
  db: Kysely<Database>,
  admissionId: number,
  now: Date,
  cache: Timelines | undefined,
  renewing = false,
  admissionRead?: AdmissionOnUnit,
): Promise<KeptTimeline> {
  const ticket = cache?.ticket() ?? 0;
  const admission = admissionRead ?? (await admissionOf(db, admissionId));
  const protocol = await protocolOfVersion(db, admission.unit_id, admission.protocol_version);
  const basis = `${protocol.version} ${admission.time_zone}`;
  const nowMs = now.getTime();
  const found = renewing ? undefined : cache?.get(admissionId, basis, nowMs);
  if (found) {
    if (cache?.dueForRenewal(admissionId, nowMs)) {
      cache.renew(`timeline ${admissionId}`, now, async (at, background) => {
        if (cache.dueForRenewal(admissionId, at.getTime()))
          await keptTimeline(background ?? db, admissionId, at, cache, true);
      });
    }
    return found;
  }
  // Computed to be kept, from a stay read after the ticket: a change made to it since the scope check
  // read it then is not kept (kept-by-admission.ts, put).
  if (admissionRead && cache) return keptTimeline(db, admissionId, now, cache, renewing);
  const timeline = await buildTimeline(db, admission, protocol.protocol.ciwaArBands, now);
  const { hoursNow, phaseNow, phaseLabel, ...lasting } = timeline;
  const computed = { timeline, text: Buffer.from(JSON.stringify(lasting)) };
  cache?.put(ticket, admissionId, basis, computed, { computedAt: nowMs, validUntil: nowMs + KEPT_FRESH_MS });
  return computed;
}

/** The timeline with its "now" brought to `now`, and its JSON text made from the kept one. */
function atInstant({ timeline, text }: KeptTimeline, now: Date): Timeline {
  const moving = nowOnCourse(timeline.lastUseAt, timeline.course, now);
  return withJsonText({ ...timeline, ...moving }, textWithFields(text, moving));
}

/** Hours since last use at `now` and the phase of the course then. */
function nowOnCourse(
  lastUseAt: string,
  course: WithdrawalCourse | null,
  now: Date,
): Pick<Timeline, 'hoursNow' | 'phaseNow' | 'phaseLabel'> {
  const hoursNow = (now.getTime() - Date.parse(lastUseAt)) / HOUR;
  const phase = phaseOfCourse(hoursNow, course);
  return { hoursNow: Math.round(hoursNow * 100) / 100, phaseNow: phase.phase, phaseLabel: phase.phaseLabel };
}

async function admissionOf(db: Kysely<Database>, admissionId: number) {
  const [admission] = await admissionOnUnit(db, { admissionId });
  if (!admission) throw notFound('Admission', admissionId);
  return admission;
}

/**
 * Every column of a table, named rather than `*`: a text with `*` is never kept prepared
 * (db/prepared-statements.ts), and PostgreSQL parsed and planned these two on every timeline computed
 * (issue 16: 0.2 ms each on the hospital bench). A column added to a table and not here fails to
 * compile, as for ADMISSION_COLUMNS: assessmentFromRow and administrationFromRow take whole rows.
 */
const ASSESSMENT_COLUMNS = [
  'id',
  'admission_id',
  'instrument',
  'taken_at',
  'items',
  'total',
  'severity',
  'heart_rate',
  'systolic',
  'diastolic',
  'temperature_c',
  'respiratory_rate',
  'spo2',
  'note',
  'item_reasons',
  'supersedes_id',
  'recorded_by',
  'recorded_at',
] as const;
const ADMINISTRATION_COLUMNS = [
  'id',
  'admission_id',
  'drug',
  'dose_mg',
  'route',
  'given_at',
  'status',
  'prn',
  'indication',
  'hold_reason',
  'assessment_id',
  'override_reason',
  'override_by',
  'warnings',
  'protocol_version',
  'order_id',
  'given_offline',
  'supersedes_id',
  'recorded_by',
  'recorded_at',
] as const;

// A timeline's record, read each time it is computed (compiledOnce: built once, not per computation).
const activeAssessmentsOf = compiledOnce((db: Kysely<Database>, slot) =>
  db
    .selectFrom('assessment as a')
    .select(ASSESSMENT_COLUMNS)
    .where('a.admission_id', '=', slot('admissionId'))
    .where(notCorrected('assessment', 'a.id'))
    .orderBy('a.taken_at')
    .orderBy('a.id'),
);
const activeAdministrationsOf = compiledOnce((db: Kysely<Database>, slot) =>
  db
    .selectFrom('medication_administration as m')
    .select(ADMINISTRATION_COLUMNS)
    .where('m.admission_id', '=', slot('admissionId'))
    .where(notCorrected('administration', 'm.id'))
    .orderBy('m.given_at')
    .orderBy('m.id'),
);
const alertsOf = compiledOnce((db: Kysely<Database>, slot) =>
  alertRows(db).where('alert.admission_id', '=', slot('admissionId')).orderBy('alert.raised_at').orderBy('alert.id'),
);

async function buildTimeline(
  db: Kysely<Database>,
  admission: Awaited<ReturnType<typeof admissionOf>>,
  ciwaArBands: UnitProtocol['ciwaArBands'],
  now: Date,
): Promise<Timeline> {
  const admissionId = admission.id;
  const lastUse = Date.parse(admission.last_use_at);
  const hoursAt = (ms: number) => Math.round(((ms - lastUse) / HOUR) * 100) / 100;
  const hoursOf = (iso: string) => hoursAt(Date.parse(iso));

  // The record's parts are read at once: none needs another's answer, and on PostgreSQL each is a
  // round trip of its own (six in a row made a timeline computed on a busy server take six turns).
  const [assessmentRows, administrationRows, storedPlans, orderRows, substances, alerts] = await Promise.all([
    activeAssessmentsOf(db, { admissionId }),
    activeAdministrationsOf(db, { admissionId }),
    currentTaperPlans(db, admissionId),
    orderFacts(db, { admissionId }),
    substancesOf(db, [admission]),
    alertsOf(db, { admissionId }),
  ]);
  const assessments = assessmentRows.map(assessmentFromRow);
  const administrations = administrationRows.map(administrationFromRow);

  const zone = admission.time_zone;
  const admissionDate = unitDate(admission.admitted_at, zone);
  // Each plan's days fall on calendar dates from the plan's own start (taper-schedule.ts); the plan
  // in force on a date is the newest starting on or before it. Given doses count on the unit's date
  // they were given. The day is named one way: the day of stay, with its date.
  const taper: Timeline['taper'] = [];
  // Only given doses of a planned drug count on a date (givenOnDate): only they need the unit's calendar.
  const dosesByDate = administrations
    .filter((m) => m.status === 'given' && storedPlans.has(m.drug))
    .map((m) => ({ drug: m.drug, doseMg: m.doseMg, status: m.status, localDate: unitDate(m.givenAt, zone) }));
  for (const [drug, versions] of storedPlans) {
    for (const { date, planned } of plannedDates(versions)) {
      const [dayStart, dayEnd] = localDayBounds(date, zone);
      const stayDay = stayDayOfDate(admissionDate, date);
      taper.push({
        day: stayDay,
        date,
        drug,
        plannedMg: planned.totalMg,
        givenMg: givenOnDate(dosesByDate, drug, date),
        stayDay,
        stayDayLabel: stayDayLabel(admissionDate, date),
        planId: planned.planId,
        planDay: planned.planDay,
        fromHours: hoursAt(dayStart),
        toHours: hoursAt(dayEnd),
      });
    }
  }
  const taperPlans: Timeline['taperPlans'] = [...storedPlans.values()].flat().map((p) => ({
    id: p.id,
    drug: p.drug,
    startDate: p.startDate,
    startLabel: stayDayLabel(admissionDate, p.startDate),
    days: p.days,
    recordedAt: p.recordedAt,
    supersedesId: p.supersedesId,
    changeReason: p.changeReason,
  }));
  const orders = orderRows.map(({ order, discontinuation }) => {
    const endedAt = discontinuation?.at ?? order.endAt ?? null;
    return {
      id: order.id,
      drug: order.drug,
      doseMg: order.doseMg,
      route: order.route,
      kind: order.kind,
      startAt: order.startAt,
      startHours: hoursOf(order.startAt),
      discontinuedAt: discontinuation?.at ?? null,
      discontinueReason: discontinuation?.reason ?? null,
      endAt: endedAt,
      endHours: endedAt === null ? null : hoursOf(endedAt),
    };
  });

  const instrumentsUsed = [...new Set(assessments.map((a) => a.instrument))];
  const used = substances.get(admission.id) ?? [];
  const course = courseForSubstances(used);
  return {
    admissionId: admission.id,
    patientName: admission.name,
    bed: admission.bed,
    timeZone: zone,
    lastUseAt: admission.last_use_at,
    admittedAt: admission.admitted_at,
    dischargedAt: admission.discharged_at,
    opioidKind: admission.opioid_kind,
    ...nowOnCourse(admission.last_use_at, course, now),
    course,
    substances: substancesText(used),
    expected: course === null ? null : expectedCourse(course),
    bands: (instrumentsUsed.length
      ? instrumentsUsed
      : [course === 'alcohol' ? ('CIWA-Ar' as const) : ('COWS' as const)]
    ).flatMap((id) =>
      // The chart shades CIWA-Ar with the unit's band set (docs/clinical.md §3.2).
      instrumentWithBands(getInstrument(id), ciwaArBands).bands.map((b) => ({
        instrument: id,
        severity: b.severity,
        label: b.label,
        min: b.min,
        max: b.max,
      })),
    ),
    assessments: assessments.map((a) => ({
      id: a.id,
      hoursSinceLastUse: hoursOf(a.takenAt),
      takenAt: a.takenAt,
      instrument: a.instrument,
      total: a.total,
      severity: a.severity,
      itemReasons: itemReasonsText(a.instrument, a.itemReasons),
    })),
    medications: administrations.map((m) => ({
      id: m.id,
      hoursSinceLastUse: hoursOf(m.givenAt),
      givenAt: m.givenAt,
      drug: m.drug,
      doseMg: m.doseMg,
      route: m.route,
      status: m.status,
      prn: m.prn,
    })),
    vitals: assessments.flatMap((a) => {
      const vitals = vitalsOf(a);
      return vitals ? [{ hoursSinceLastUse: hoursOf(a.takenAt), takenAt: a.takenAt, ...vitals }] : [];
    }),
    taper: taper.sort((x, y) => x.drug.localeCompare(y.drug) || x.day - y.day),
    alerts: alerts.map((a) => ({
      id: a.id,
      hoursSinceLastUse: hoursOf(a.raised_at),
      raisedAt: a.raised_at,
      code: a.code,
      severity: a.severity,
      message: a.message,
      acknowledgedAt: a.acknowledged_at,
      acknowledgedBy: a.ack_by,
      acknowledgementNote: a.note,
    })),
    taperPlans,
    orders,
  };
}
