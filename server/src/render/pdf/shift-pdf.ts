import { SEVERITIES, getInstrument } from '@detox/shared';
import { orderLineText, prnUseText } from '../../shift-report/patient-orders.js';
import { doseText, minutesText, unitClock, unitHourMinute } from '../../shift-report/report-format.js';
import type { PatientSection, ShiftReport } from '../../shift-report/shift-report-types.js';
import { checklist, labelled, patientHeading, subheading } from './pdf-blocks.js';
import {
  BOLD,
  contentWidth,
  drawFrame,
  ensureSpace,
  FONT,
  MARGIN,
  type Pdf,
  newPdf,
  pdfBuffer,
  pdfText,
} from './pdf-frame.js';
import { drawTable } from './pdf-table.js';
import { drawSparkline } from './sparkline.js';

const BAND_WORDS: Record<string, string> = {
  none: 'below mild',
  mild: 'mild',
  moderate: 'moderate',
  'moderately-severe': 'mod. severe',
  severe: 'severe',
  'no-score': 'no score',
};

function totalsBlock(doc: Pdf, report: ShiftReport): void {
  const t = report.totals;
  doc.font(BOLD).fontSize(11).text('Unit totals', MARGIN.left, doc.y);
  doc.moveDown(0.2);
  const bands = [...SEVERITIES, 'no-score' as const].map((s) => `${BAND_WORDS[s]} ${t.byBand[s]}`).join(' · ');
  labelled(
    doc,
    'Census',
    `${t.census} patients in a bed during the shift (${t.censusAtStart} at the start, ${t.censusAtEnd} at ${report.window.inProgress ? 'print time' : 'the end'}) · ${t.admissions} admitted · ${t.discharges} discharged`,
  );
  labelled(doc, 'By latest score', bands);
  labelled(
    doc,
    'Illness severity',
    `unstable ${t.byIllnessSeverity.unstable} · watcher ${t.byIllnessSeverity.watcher} · stable ${t.byIllnessSeverity.stable}`,
  );
  labelled(
    doc,
    'Shift activity',
    `${t.assessments} scores · ${t.dosesGiven} doses given (${t.prnDosesGiven} PRN) · ${t.heldOrRefused} held or refused · ${t.overdueAssessments} assessments late this shift (taken late or still overdue) · ${t.openAlerts} open alerts · ${t.acknowledgedAlerts} acknowledged this shift`,
  );
  if (report.window.inProgress)
    labelled(
      doc,
      'Note',
      `The shift is in progress: the report covers it up to ${unitClock(report.window.dataUntil, report.unit.timeZone)}.`,
    );
}

function patientBlock(doc: Pdf, report: ShiftReport, p: PatientSection): void {
  const zone = report.unit.timeZone;
  const at = (iso: string) => unitHourMinute(iso, zone);
  const s = p.summary;
  const stay = [
    p.admittedDuringShift ? `admitted ${unitClock(p.admittedAt, zone)}` : null,
    p.dischargedDuringShift && p.dischargedAt ? `DISCHARGED ${unitClock(p.dischargedAt, zone)}` : null,
  ]
    .filter(Boolean)
    .join(' · ');
  patientHeading(
    doc,
    `Bed ${p.bed}  ${p.patient.name}`,
    `MRN ${p.patient.mrn} · born ${p.patient.birthDate}${stay ? ` · ${stay}` : ''}`,
    p.illness.severity,
  );

  // The score course sits at the right of the first lines, beside the illness severity and summary.
  const width = contentWidth(doc);
  const sparkTop = doc.y;
  const instrument = p.scoreSummary.instrument;
  const points = [
    ...(p.scoreSummary.baseline ? [p.scoreSummary.baseline] : []),
    ...p.scores.filter((x) => x.status === 'active' && x.instrument === instrument),
  ].map((x) => ({ atMs: Date.parse(x.takenAt), total: x.total }));
  const bands = instrument ? getInstrument(instrument).bands : [];
  drawSparkline(doc, points, {
    x: MARGIN.left + width - 130,
    y: sparkTop + 2,
    width: 120,
    height: 34,
    fromMs: Math.min(Date.parse(report.window.shiftStart), ...points.map((x) => x.atMs)),
    toMs: Date.parse(report.window.dataUntil),
    minTop: 24,
    guides: bands.filter((b) => b.severity === 'moderate' || b.severity === 'moderately-severe').map((b) => b.min),
  });
  const textWidth = width - 145;
  labelled(
    doc,
    'I  Illness severity',
    `${p.illness.severity}${p.illness.reasons.length ? `: ${p.illness.reasons.join('; ')}` : ''}`,
    textWidth,
  );
  labelled(
    doc,
    'P  Patient summary',
    `${s.substance} (${s.courseLabel}); last use ${unitClock(s.lastUseAt, zone)}, ${s.hoursSinceLastUse} h ago; ${s.phaseLabel.toLowerCase()}; day ${s.dayOfStay} of stay, withdrawal day ${s.withdrawalDay}`,
    textWidth,
  );
  doc.y = Math.max(doc.y, sparkTop + 40);

  subheading(doc, 'P  Course this shift: scores, vital signs, medications');
  const ss = p.scoreSummary;
  const scoreText = p.scores.length
    ? p.scores
        .map(
          (x) =>
            `${at(x.takenAt)} ${x.instrument} ${x.total} ${x.severityLabel.toLowerCase()}${x.status === 'entered-in-error' ? ' [ENTERED IN ERROR, not counted]' : ''}${x.note ? ` ("${x.note}")` : ''}${x.itemReasons ? ` [${x.itemReasons}]` : ''}`,
        )
        .join('; ')
    : 'none this shift';
  labelled(doc, 'Scores', scoreText);
  if (ss.latest) {
    labelled(
      doc,
      `${ss.instrument} course`,
      `min ${ss.min ?? '—'} · max ${ss.max ?? '—'} · trend ${ss.trend ?? '—'}${ss.baseline ? ` (from ${ss.baseline.total} before the shift)` : ''} · latest ${ss.latest.total} ${ss.latest.severityLabel.toLowerCase()} at ${unitClock(ss.latest.takenAt, zone)}`,
    );
  }
  labelled(
    doc,
    'Vital signs out of range',
    p.vitalsOutOfRange.length ? p.vitalsOutOfRange.map((v) => `${at(v.takenAt)} ${v.message}`).join('; ') : 'none',
  );

  if (p.administrations.length) {
    drawTable(
      doc,
      [
        { header: 'Time', width: 0.07 },
        { header: 'Medication', width: 0.2 },
        { header: 'Route', width: 0.06 },
        { header: 'Status', width: 0.12 },
        { header: 'Reason / PRN effect', width: 0.4 },
        { header: 'By', width: 0.15 },
      ],
      p.administrations.map((a) => {
        const effect = a.prnEffect ? `PRN effect: ${a.prnEffect.text}` : null;
        const status =
          a.recordStatus === 'entered-in-error'
            ? 'ENTERED IN ERROR'
            : a.status === 'given'
              ? `given${a.prn ? ' PRN' : ''}`
              : a.status.toUpperCase();
        return {
          cells: [
            at(a.givenAt),
            `${a.drugName} ${doseText(a.doseMg)}`,
            a.route,
            status,
            [a.reason, a.overrideReason && `override: ${a.overrideReason}`, effect, a.correctionReason]
              .filter(Boolean)
              .join('; '),
            a.recordedBy,
          ],
          bold: a.status !== 'given' || a.recordStatus !== 'active',
        };
      }),
      width,
    );
    doc.moveDown(0.3);
  } else {
    labelled(doc, 'Medications', 'none charted this shift');
  }
  labelled(
    doc,
    '24 h totals',
    p.totals24h.length
      ? p.totals24h
          .map(
            (t) =>
              `${t.drugName} ${doseText(t.givenMg)}${t.maxMg ? ` of ${doseText(t.maxMg)} max (${t.percentOfMax} %${t.level === 'over' ? ', OVER' : t.level === 'near' ? ', NEAR LIMIT' : ''})` : ''}`,
          )
          .join(' · ')
      : 'no doses given in the last 24 h',
  );
  ordersBlock(doc, report, p);
  const todo = p.actions.filter((a) => a.kind === 'assessment' || a.kind === 'reassessment' || a.kind === 'taper');
  if (todo.length) {
    subheading(doc, 'A  Action list for the next shift');
    checklist(
      doc,
      todo.map((a) => a.text),
    );
  }
  subheading(doc, 'S  Situation awareness');
  const watch = p.actions.filter((a) => a.kind === 'limit').map((a) => a.text);
  if (watch.length) labelled(doc, 'Near or over a 24 h maximum', watch.join('; '));
  if (p.overdue.length) {
    labelled(
      doc,
      'Overdue',
      p.overdue
        .map(
          (o) =>
            `due ${unitClock(o.dueAt, zone)} (${o.why}): ${o.assessedAt ? `taken ${at(o.assessedAt)}, ${minutesText(o.minutesLate)} late` : `STILL OVERDUE, ${minutesText(o.minutesLate)}`}`,
        )
        .join('; '),
    );
  }
  alertsBlock(doc, p, zone);
  doc.moveDown(0.6);
}

/**
 * Alerts in situation awareness: the open ones flagged OPEN, then those acknowledged this shift with
 * who, when and the note, so "open alerts: none" never hides an alert acted on during the shift.
 */
function alertsBlock(doc: Pdf, p: PatientSection, zone: string): void {
  const open = p.shiftAlerts.filter((a) => a.status === 'open');
  const acknowledged = p.shiftAlerts.filter((a) => a.acknowledged !== null);
  labelled(
    doc,
    'Open alerts',
    open.length
      ? open
          .map((a) => `OPEN ${a.severity.toUpperCase()}: ${a.message} (since ${unitClock(a.raisedAt, zone)})`)
          .join('; ')
      : 'none',
  );
  if (acknowledged.length) {
    labelled(
      doc,
      'Alerts acknowledged this shift',
      acknowledged
        .map(
          (a) =>
            `${a.severity.toUpperCase()} ${a.code}: ${a.message} (raised ${unitClock(a.raisedAt, zone)}); acknowledged ${unitClock(a.acknowledged?.at ?? '', zone)} by ${a.acknowledged?.by}${a.acknowledged?.note ? `: "${a.acknowledged.note}"` : ', no note'}`,
        )
        .join('; '),
    );
  }
}

/** The patient's orders: active ones with their terms, doses due next shift, PRN use this shift. */
function ordersBlock(doc: Pdf, report: ShiftReport, p: PatientSection): void {
  const zone = report.unit.timeZone;
  const o = p.orders;
  subheading(doc, 'P  Orders');
  if (o.active.length) {
    drawTable(
      doc,
      [
        { header: 'Order', width: 0.24 },
        { header: 'When / PRN criteria', width: 0.26 },
        { header: 'Limits', width: 0.28 },
        { header: 'Ordered by', width: 0.22 },
      ],
      o.active.map((x) => ({
        cells: [
          x.title,
          [x.schedule, x.prnCriteria].filter(Boolean).join('; '),
          x.limits.join('; '),
          x.channel === 'written'
            ? x.orderedBy
            : `${x.orderedBy} (${x.channel}, entered by ${x.enteredBy})${x.awaitingCountersign ? ' AWAITING COUNTERSIGNATURE' : ''}`,
        ],
        bold: x.awaitingCountersign,
      })),
      contentWidth(doc),
    );
    doc.moveDown(0.3);
  } else {
    labelled(doc, 'Active orders', 'none');
  }
  labelled(
    doc,
    'Due next shift',
    o.dueNext.length ? o.dueNext.map((d) => `${unitClock(d.dueAt, zone)} ${d.title}`).join('; ') : 'no scheduled dose',
  );
  labelled(
    doc,
    'PRN use this shift',
    o.prnUse.length ? o.prnUse.map(prnUseText).join(' · ') : 'no PRN dose charted this shift or given in the last 24 h',
  );
}

function countersignBlock(doc: Pdf, report: ShiftReport): void {
  const waiting = report.ordersAwaitingCountersign;
  ensureSpace(doc, 40);
  doc.font(BOLD).fontSize(11).text('Orders waiting for a countersignature', MARGIN.left, doc.y);
  doc.moveDown(0.2);
  if (waiting.length === 0) labelled(doc, 'Unit', 'none: every verbal and telephone order is countersigned');
  for (const o of waiting)
    labelled(
      doc,
      `Bed ${o.bed} ${o.patientName}`,
      `${orderLineText(o)}, entered ${unitClock(o.recordedAt, report.unit.timeZone)}`,
    );
  doc.moveDown(0.5);
}

/** The shift report as a printable PDF (pdfkit, server-side). */
export async function shiftReportPdf(report: ShiftReport): Promise<Buffer> {
  const doc = newPdf(`Shift report ${report.unit.name} ${report.window.label}`);
  totalsBlock(doc, report);
  doc.moveDown(0.5);
  if (report.patients.length === 0) labelled(doc, 'Patients', 'no patient was in a bed during this shift');
  for (const p of report.patients) patientBlock(doc, report, p);
  countersignBlock(doc, report);
  ensureSpace(doc, 80);
  doc.font(BOLD).fontSize(8).text('How derived fields are worked out', MARGIN.left, doc.y);
  doc.font(FONT).fontSize(7);
  for (const rule of Object.values(report.rules)) doc.text(pdfText(rule), { width: contentWidth(doc) }).moveDown(0.2);
  drawFrame(doc, {
    title: 'Shift handover report',
    unitName: report.unit.name,
    period: `Shift ${report.window.label} (${report.unit.timeZone})${report.window.inProgress ? ', in progress' : ''}`,
    printedAt: unitClock(report.generatedAt, report.unit.timeZone),
    printedBy: `${report.generatedBy.name} (${report.generatedBy.role})`,
  });
  return pdfBuffer(doc);
}
