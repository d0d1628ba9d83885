import { VITAL_SIGN_LABELS } from '@detox/shared';
import { stringify } from 'csv-stringify/sync';
import { OVERDUE_BECAUSE_LABEL } from './overdue-label.js';
import { orderLineText, prnUseText } from '../shift-report/patient-orders.js';
import { minutesText, unitIso } from '../shift-report/report-format.js';
import type { PatientSection, ReportOrder, ShiftReport } from '../shift-report/shift-report-types.js';

/**
 * The shift report as CSV, one row per event (a score, an out-of-range vital sign, a dose, an
 * the next assessment due and why, an overdue assessment, an open alert or one acknowledged during the shift; and from the orders: an active order, a dose due in the next
 * shift, PRN use against an order, an order awaiting countersignature), with a header row. Every cell is text from the chart, so
 * cells starting with = + - @, a tab or a carriage return are prefixed with a single quote
 * (csv-stringify's escape_formulas; OWASP "CSV injection"): a note typed as "=HYPERLINK(...)"
 * opens as text in a spreadsheet, not as a formula.
 */
export const CSV_COLUMNS = [
  'unit',
  'shift_start',
  'shift_end',
  'bed',
  'patient',
  'mrn',
  'illness_severity',
  'event',
  'time',
  'item',
  'value',
  'unit_of_measure',
  'band_or_status',
  'route',
  'prn',
  'detail',
  'record_status',
  'recorded_by',
] as const;

type Row = Record<(typeof CSV_COLUMNS)[number], string>;

function patientRows(report: ShiftReport, p: PatientSection): Row[] {
  const zone = report.unit.timeZone;
  const base = {
    unit: report.unit.name,
    shift_start: report.window.shiftStart,
    shift_end: report.window.shiftEnd,
    bed: p.bed,
    patient: p.patient.name,
    mrn: p.patient.mrn,
    illness_severity: p.illness.severity,
  };
  const empty = { route: '', prn: '', detail: '', record_status: '', recorded_by: '' };
  const rows: Row[] = [];
  for (const s of p.scores) {
    rows.push({
      ...base,
      ...empty,
      event: 'score',
      time: unitIso(s.takenAt, zone),
      item: s.instrument,
      value: String(s.total),
      unit_of_measure: 'points',
      band_or_status: s.severityLabel,
      detail: [
        s.note,
        s.itemReasons,
        s.correctionReason && `entered in error: ${s.correctionReason}`,
        s.replacesId && `corrects record ${s.replacesId}`,
      ]
        .filter(Boolean)
        .join('; '),
      record_status: s.status,
      recorded_by: s.recordedBy,
    });
  }
  for (const v of p.vitalsOutOfRange) {
    const label = VITAL_SIGN_LABELS[v.sign];
    rows.push({
      ...base,
      ...empty,
      event: 'vital-sign',
      time: unitIso(v.takenAt, zone),
      item: label.name,
      value: String(v.value),
      unit_of_measure: label.unit,
      band_or_status: v.level,
      detail: `out of range: ${v.limit}`,
    });
  }
  for (const a of p.administrations) {
    const effect = a.prnEffect
      ? `PRN effect: ${a.prnEffect.effect}${a.prnEffect.before ? `, before ${a.prnEffect.before.total}` : ''}${a.prnEffect.after ? `, after ${a.prnEffect.after.total}` : ''}${a.prnEffect.effect === 'not attributed' ? ` (${a.prnEffect.text})` : ''}`
      : null;
    rows.push({
      ...base,
      event: 'administration',
      time: unitIso(a.givenAt, zone),
      item: a.drugName,
      value: String(a.doseMg),
      unit_of_measure: 'mg',
      band_or_status: a.status,
      route: a.route,
      prn: a.prn ? 'yes' : 'no',
      detail: [
        a.reason,
        a.overrideReason && `override: ${a.overrideReason}`,
        effect,
        a.correctionReason && `entered in error: ${a.correctionReason}`,
        a.replacesId && `corrects record ${a.replacesId}`,
      ]
        .filter(Boolean)
        .join('; '),
      record_status: a.recordStatus,
      recorded_by: a.recordedBy,
    });
  }
  // The next score and why (issue 15, item 2): "every hour while COWS is moderate or worse (26, moderately severe)".
  if (p.nextAssessment) {
    rows.push({
      ...base,
      ...empty,
      event: 'next-assessment',
      time: unitIso(p.nextAssessment.dueAt, zone),
      item: `Next ${p.scoreSummary.instrument ?? 'assessment'}`,
      value: '',
      unit_of_measure: '',
      band_or_status: p.nextAssessment.overdue ? 'overdue' : 'due',
      detail: p.nextAssessment.why,
    });
  }
  for (const o of p.overdue) {
    rows.push({
      ...base,
      ...empty,
      // "event" keeps the code for machines; the item and detail say it in words for the reader.
      event: 'overdue-assessment',
      time: unitIso(o.dueAt, zone),
      item: 'Overdue assessment',
      value: String(o.minutesLate),
      unit_of_measure: 'minutes late',
      band_or_status: o.assessedAt ? 'assessed late' : 'still overdue',
      detail: `${OVERDUE_BECAUSE_LABEL[o.because]} due (${o.why}); ${o.assessedAt ? `taken ${unitIso(o.assessedAt, zone)}` : 'not taken'} (${minutesText(o.minutesLate)} late)`,
    });
  }
  // Open alerts, and those acknowledged this shift with who, when and the note (issue 15).
  for (const al of p.shiftAlerts) {
    const row = {
      ...base,
      ...empty,
      time: unitIso(al.raisedAt, zone),
      item: al.code,
      value: '',
      unit_of_measure: '',
      band_or_status: al.severity,
    };
    if (!al.acknowledged) {
      rows.push({ ...row, event: 'open-alert', detail: al.message, record_status: 'open' });
      continue;
    }
    const ack = al.acknowledged;
    rows.push({
      ...row,
      event: 'acknowledged-alert',
      detail: `${al.message}; acknowledged ${unitIso(ack.at, zone)} by ${ack.by}${ack.note ? `; note: ${ack.note}` : '; no note'}`,
      record_status: 'acknowledged',
      recorded_by: ack.by,
    });
  }
  rows.push(...orderRows(report, p, base));
  return rows;
}

/** "0.1", "2–4": the ordered dose without its unit (the unit has its own column). */
const doseValue = (o: ReportOrder) => o.dose.replace(/ mg$/, '');

function orderRows(
  report: ShiftReport,
  p: PatientSection,
  base: Pick<Row, 'unit' | 'shift_start' | 'shift_end' | 'bed' | 'patient' | 'mrn' | 'illness_severity'>,
): Row[] {
  const zone = report.unit.timeZone;
  const rows: Row[] = [];
  const orderRow = (o: ReportOrder, event: string, time: string, status: string, recordedBy: string): Row => ({
    ...base,
    event,
    time: unitIso(time, zone),
    item: o.drugName,
    value: doseValue(o),
    unit_of_measure: 'mg',
    band_or_status: status,
    route: o.route,
    prn: o.kind === 'prn' ? 'yes' : 'no',
    detail: orderLineText(o),
    record_status: o.status,
    recorded_by: recordedBy,
  });
  for (const o of p.orders.active)
    rows.push(
      orderRow(
        o,
        'order',
        o.startAt,
        o.awaitingCountersign ? `${o.kind}, awaiting countersignature` : o.kind,
        o.orderedBy,
      ),
    );
  for (const d of p.orders.dueNext) {
    const o = p.orders.active.find((x) => x.id === d.orderId);
    if (o)
      rows.push({
        ...orderRow(o, 'dose-due-next-shift', d.dueAt, 'due', ''),
        detail: `${o.title} due ${unitIso(d.dueAt, zone)}`,
      });
  }
  for (const u of p.orders.prnUse) {
    const o = p.orders.active.find((x) => x.id === u.orderId);
    rows.push({
      ...base,
      event: 'prn-use',
      time: unitIso(report.window.dataUntil, zone),
      item: o?.drugName ?? u.title,
      value: String(u.givenMgInShift),
      unit_of_measure: 'mg',
      band_or_status: `${u.given} given, ${u.held} held, ${u.refused} refused`,
      route: o?.route ?? '',
      prn: 'yes',
      detail: prnUseText(u),
      record_status: o?.status ?? 'not active',
      recorded_by: '',
    });
  }
  for (const o of p.orders.awaitingCountersign)
    rows.push(
      orderRow(o, 'order-awaiting-countersignature', o.recordedAt, 'awaiting countersignature', o.enteredBy ?? ''),
    );
  return rows;
}

export function shiftReportCsv(report: ShiftReport): string {
  const rows = report.patients.flatMap((p) => patientRows(report, p));
  return stringify(rows, { header: true, columns: [...CSV_COLUMNS], escape_formulas: true, bom: true });
}
