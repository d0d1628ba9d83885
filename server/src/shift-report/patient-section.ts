import {
  assessmentsDue,
  compareBeds,
  courseLabel,
  dailyTotals,
  illnessSeverity,
  phaseOfCourse,
  withdrawalDay,
} from '@detox/shared';
import type { UnitView } from '../services/units.js';
import type { OrderDose, OrderRecord } from '../services/shift-report-orders.js';
import type {
  AdministrationRecord,
  AdmissionRecord,
  AlertRecord,
  AssessmentRecord,
  TaperPlanRecord,
  UnitRecords,
} from '../services/shift-report-records.js';
import { localDayOfStay } from '../services/local-day.js';
import { nextShiftActions } from './next-shift-actions.js';
import { shiftAlerts } from './shift-alerts.js';
import { givenDoses, heldOrRefused, shiftAdministrations } from './patient-administrations.js';
import { type OrdersWindow, patientOrders } from './patient-orders.js';
import { isActive, scoreRef, scoreSummary, shiftScores, shiftVitals } from './patient-scores.js';
import type { PatientOrders, PatientSection } from './shift-report-types.js';

/** The window a section is built for, every instant in stored form (UTC ISO, which sorts as text). */
export interface SectionWindow {
  from: string;
  to: string;
  /** The earlier of now and `to`. */
  asOf: string;
  nextShift: { start: string; end: string };
}

export interface AdmissionRecords {
  admission: AdmissionRecord;
  assessments: AssessmentRecord[];
  administrations: AdministrationRecord[];
  plans: TaperPlanRecord[];
  alerts: AlertRecord[];
  orders: OrderRecord[];
  orderDoses: OrderDose[];
}

/** Splits the unit's records by admission once, so each section is built from its own rows. */
export function recordsByAdmission(records: UnitRecords): AdmissionRecords[] {
  const byId = new Map<number, AdmissionRecords>(
    records.admissions.map((admission) => [
      admission.id,
      { admission, assessments: [], administrations: [], plans: [], alerts: [], orders: [], orderDoses: [] },
    ]),
  );
  for (const a of records.assessments) byId.get(a.admissionId)?.assessments.push(a);
  for (const m of records.administrations) byId.get(m.admissionId)?.administrations.push(m);
  for (const p of records.taperPlans) byId.get(p.admission_id)?.plans.push(p);
  for (const al of records.alerts) byId.get(al.admission_id)?.alerts.push(al);
  for (const o of records.orders.orders) byId.get(o.admissionId)?.orders.push(o);
  for (const d of records.orders.doses) byId.get(d.admissionId)?.orderDoses.push(d);
  return [...byId.values()].sort(
    (x, y) =>
      compareBeds(x.admission.bed, y.admission.bed) || x.admission.admitted_at.localeCompare(y.admission.admitted_at),
  );
}

/** A discharged patient's orders ended with the stay: none active, none due; PRN use and countersignatures still count. */
function shiftOrders(
  records: AdmissionRecords,
  protocol: UnitRecords['protocol'],
  w: OrdersWindow,
  zone: string,
  discharged: boolean,
): PatientOrders {
  const orders = patientOrders(records.orders, records.orderDoses, protocol, w, zone, records.admission.weight_kg);
  return discharged
    ? { ...orders, active: [], dueNext: [], prnUse: orders.prnUse.filter((u) => u.given + u.held + u.refused > 0) }
    : orders;
}

export function patientSection(
  records: AdmissionRecords,
  unit: UnitView,
  w: SectionWindow,
  protocol: UnitRecords['protocol'],
): PatientSection {
  const { admission: ad } = records;
  const zone = unit.timeZone;
  // A patient discharged during the shift is judged up to the discharge.
  const until = ad.discharged_at && ad.discharged_at < w.asOf ? ad.discharged_at : w.asOf;
  const activeScores = records.assessments.filter(isActive).map(scoreRef);
  const scores = shiftScores(records.assessments, w.from, w.to);
  const summary = scoreSummary(activeScores, w.from, w.to);
  const vitals = shiftVitals(records.assessments, w.from, w.to);
  const administrations = shiftAdministrations(
    records.administrations,
    activeScores,
    { from: w.from, to: w.to, zone },
    unit.prnReassessMinutes,
  );
  const given = givenDoses(records.administrations);
  const totals24h = dailyTotals(given, until, protocol, ad.weight_kg);
  const due = assessmentsDue({
    admittedAt: ad.admitted_at,
    scores: activeScores,
    prnDoses: given.filter((g) => g.prn),
    buprenorphineGivenAt: given
      .filter((g) => g.drug === 'buprenorphine' || g.drug === 'buprenorphine-naloxone')
      .map((g) => g.givenAt),
    dangerAlerts: records.alerts
      .filter((a) => a.severity === 'danger')
      .map((a) => ({ raisedAt: a.raised_at, acknowledgedAt: a.acknowledged_at })),
    protocol,
    from: w.from,
    until,
  });
  const discharged = ad.discharged_at !== null && ad.discharged_at <= w.asOf;
  const alerts = shiftAlerts(records.alerts, w.from, discharged);
  const openAlerts = alerts.open;
  const hours = (Date.parse(until) - Date.parse(ad.last_use_at)) / 3_600_000;
  const stillOverdue = !discharged && due.episodes.some((e) => e.assessedAt === null);
  const latestVitals = vitals.findings.filter((f) => f.assessmentId === vitals.latestAssessmentId);
  return {
    admissionId: ad.id,
    bed: ad.bed,
    patient: { id: ad.patient_id, name: ad.patient_name, mrn: ad.mrn, birthDate: ad.birth_date },
    admittedAt: ad.admitted_at,
    dischargedAt: ad.discharged_at,
    admittedDuringShift: ad.admitted_at >= w.from && ad.admitted_at < w.to,
    dischargedDuringShift: ad.discharged_at !== null && ad.discharged_at >= w.from && ad.discharged_at < w.to,
    illness: illnessSeverity({
      latest: summary.latest,
      rise: summary.rise,
      vitals: latestVitals,
      earlierVitals: vitals.findings.filter((f) => f.assessmentId !== vitals.latestAssessmentId),
      alerts: openAlerts,
      stillOverdue,
    }),
    summary: {
      substance: ad.substance,
      opioidKind: ad.opioid_kind,
      lastUseAt: ad.last_use_at,
      hoursSinceLastUse: Math.round(hours * 10) / 10,
      ...phaseOfCourse(hours, ad.course),
      courseLabel: courseLabel(ad.course),
      dayOfStay: localDayOfStay(ad.admitted_at, until, zone),
      withdrawalDay: withdrawalDay(hours),
    },
    scores,
    scoreSummary: summary,
    vitalsOutOfRange: vitals.findings,
    administrations,
    heldOrRefused: heldOrRefused(administrations),
    totals24h,
    actions: discharged
      ? []
      : nextShiftActions({
          zone,
          admittedAt: ad.admitted_at,
          instrument: summary.instrument,
          due,
          asOf: until,
          nextShift: w.nextShift,
          plans: records.plans.map((p) => ({ id: p.id, drug: p.drug, startDate: p.start_date, days: p.days })),
          given,
          totals: totals24h,
          alerts: openAlerts,
        }),
    nextAssessment: discharged
      ? null
      : {
          dueAt: due.next.at,
          because: due.next.because,
          why: due.next.why,
          overdue: Date.parse(due.next.at) < Date.parse(until),
        },
    overdue: discharged ? due.episodes.filter((e) => e.assessedAt !== null) : due.episodes,
    openAlerts,
    shiftAlerts: alerts.all,
    orders: shiftOrders(
      records,
      protocol,
      { from: w.from, to: w.to, asOf: until, dueFrom: w.nextShift.start, dueTo: w.nextShift.end },
      zone,
      discharged,
    ),
  };
}
