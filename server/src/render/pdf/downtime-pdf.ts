import type { DowntimePatient, DowntimeSnapshot } from '../../services/downtime-snapshot.js';
import { doseText, unitClock, unitHourMinute } from '../../shift-report/report-format.js';
import { checklist, labelled, patientHeading, subheading } from './pdf-blocks.js';
import { BOLD, contentWidth, drawFrame, FONT, MARGIN, type Pdf, newPdf, pdfBuffer } from './pdf-frame.js';
import { drawTable } from './pdf-table.js';

const BLANK_ROWS = 8;

function censusPage(doc: Pdf, snapshot: DowntimeSnapshot): void {
  const zone = snapshot.unit.timeZone;
  doc.font(BOLD).fontSize(11).text('Occupied beds', MARGIN.left, doc.y);
  doc
    .font(FONT)
    .fontSize(8.5)
    .text(
      `Records charted up to ${unitClock(snapshot.asOf, zone)}. From now on chart on these sheets and enter them in Detox Watch when it is back; each later entry keeps the time it happened.`,
      { width: contentWidth(doc) },
    );
  doc.moveDown(0.4);
  drawTable(
    doc,
    [
      { header: 'Bed', width: 0.06 },
      { header: 'Patient', width: 0.24 },
      { header: 'Severity', width: 0.1 },
      { header: 'Latest score', width: 0.22 },
      { header: 'Next assessment due', width: 0.2 },
      { header: 'Open alerts', width: 0.18 },
    ],
    snapshot.patients.map(({ section: p }) => {
      const latest = p.scoreSummary.latest;
      const next = p.actions.find((a) => a.kind === 'assessment');
      return {
        cells: [
          p.bed,
          `${p.patient.name} (${p.patient.mrn})`,
          p.illness.severity,
          latest
            ? `${latest.instrument} ${latest.total} ${latest.severityLabel.toLowerCase()} at ${unitClock(latest.takenAt, zone)}`
            : 'no score yet',
          next?.dueAt
            ? `${unitClock(next.dueAt, zone)}${Date.parse(next.dueAt) < Date.parse(snapshot.asOf) ? ' OVERDUE' : ''}`
            : '—',
          p.openAlerts.map((a) => a.message).join('; ') || 'none',
        ],
        bold: p.illness.severity === 'unstable',
      };
    }),
    contentWidth(doc),
  );
  if (snapshot.patients.length === 0) doc.text('No bed is occupied.');
}

/** Columns left empty to initial doses by hand, one per dose given while the system is down. */
const INITIAL_COLUMNS = 6;

/**
 * The paper MAR: one row per active order with what is due when (the next 24 h) or the PRN
 * criteria, the limits in force, and empty boxes to write the time and initials of each dose.
 */
function paperMar(doc: Pdf, snapshot: DowntimeSnapshot, d: DowntimePatient): void {
  const zone = snapshot.unit.timeZone;
  const orders = d.orders.active;
  subheading(doc, 'Medication orders (paper MAR): write the time and your initials for each dose');
  if (orders.length === 0) {
    labelled(doc, 'Orders', 'no active order: no dose may be given without one (a verbal order from the physician)');
    return;
  }
  const blank = 0.3 / INITIAL_COLUMNS;
  drawTable(
    doc,
    [
      { header: 'Order', width: 0.2 },
      { header: 'Due (next 24 h) / PRN criteria', width: 0.25 },
      { header: 'Limits', width: 0.25 },
      ...Array.from({ length: INITIAL_COLUMNS }, () => ({ header: 'Time / init.', width: blank })),
    ],
    orders.map((o) => {
      const due = d.orders.dueNext.filter((x) => x.orderId === o.id).map((x) => unitHourMinute(x.dueAt, zone));
      const when =
        o.kind === 'prn'
          ? `PRN ${o.prnCriteria ?? ''}`
          : `${o.schedule ?? ''}${due.length ? `: ${due.join(', ')}` : ': none in the next 24 h'}`;
      const who = o.awaitingCountersign ? ` (${o.channel} order from ${o.orderedBy}, awaiting countersignature)` : '';
      return {
        cells: [
          `${o.title}${who}`,
          when,
          o.limits.join('; ') || '—',
          ...Array.from({ length: INITIAL_COLUMNS }, () => ' \n \n '),
        ],
        bold: false,
      };
    }),
    contentWidth(doc),
  );
}

function patientPage(doc: Pdf, snapshot: DowntimeSnapshot, d: DowntimePatient): void {
  const zone = snapshot.unit.timeZone;
  const p = d.section;
  const width = contentWidth(doc);
  doc.addPage();
  patientHeading(
    doc,
    `Bed ${p.bed}  ${p.patient.name}`,
    `MRN ${p.patient.mrn} · born ${p.patient.birthDate} · admitted ${unitClock(p.admittedAt, zone)}`,
    p.illness.severity,
  );
  const s = p.summary;
  labelled(
    doc,
    'Summary',
    `${s.substance} (${s.courseLabel}); last use ${unitClock(s.lastUseAt, zone)}, ${s.hoursSinceLastUse} h ago; ${s.phaseLabel.toLowerCase()}; day ${s.dayOfStay} of stay`,
  );
  labelled(
    doc,
    'Illness severity',
    `${p.illness.severity}${p.illness.reasons.length ? `: ${p.illness.reasons.join('; ')}` : ''}`,
  );
  const scores = p.scores.filter((x) => x.status === 'active').slice(-4);
  labelled(
    doc,
    'Latest scores',
    scores.length
      ? scores
          .map((x) => `${unitClock(x.takenAt, zone)} ${x.instrument} ${x.total} ${x.severityLabel.toLowerCase()}`)
          .join('; ')
      : 'none in the last 24 h',
  );
  const v = d.latestVitals;
  labelled(
    doc,
    'Latest vital signs',
    v
      ? `${unitClock(v.takenAt, zone)}: HR ${v.heartRate ?? '—'}, BP ${v.systolic ?? '—'}/${v.diastolic ?? '—'}, temp ${v.temperatureC ?? '—'} °C, RR ${v.respiratoryRate ?? '—'}, SpO2 ${v.spo2 ?? '—'} %`
      : 'none recorded',
  );
  labelled(
    doc,
    'Open alerts',
    p.openAlerts.length
      ? p.openAlerts
          .map((a) => `${a.severity.toUpperCase()}: ${a.message} (since ${unitClock(a.raisedAt, zone)})`)
          .join('; ')
      : 'none',
  );
  subheading(doc, 'Due next');
  checklist(doc, [...p.actions.map((a) => a.text), ...d.nextDoses.map((n) => n.text)]);
  paperMar(doc, snapshot, d);
  subheading(doc, 'Medication administration record, last 24 h');
  const rows = p.administrations.map((a) => ({
    cells: [
      unitClock(a.givenAt, zone),
      `${a.drugName} ${doseText(a.doseMg)}`,
      a.route,
      a.recordStatus === 'entered-in-error'
        ? 'ENTERED IN ERROR'
        : a.status === 'given'
          ? `given${a.prn ? ' PRN' : ''}`
          : a.status.toUpperCase(),
      [a.reason, a.correctionReason].filter(Boolean).join('; '),
      a.recordedBy,
    ],
    bold: a.status !== 'given' || a.recordStatus !== 'active',
  }));
  // Empty rows to chart on by hand while the system is down.
  for (let i = 0; i < BLANK_ROWS; i++) rows.push({ cells: ['', '', '', '', '', ''], bold: false });
  drawTable(
    doc,
    [
      { header: 'Time', width: 0.13 },
      { header: 'Medication and dose', width: 0.24 },
      { header: 'Route', width: 0.07 },
      { header: 'Given / held', width: 0.13 },
      { header: 'Reason', width: 0.28 },
      { header: 'By (initials)', width: 0.15 },
    ],
    rows.map((r) => (r.cells.every((c) => c === '') ? { ...r, cells: r.cells.map(() => ' \n ') } : r)),
    width,
  );
}

/** The downtime snapshot as a PDF: a census page, then one sheet per occupied bed. */
export async function downtimePdf(snapshot: DowntimeSnapshot): Promise<Buffer> {
  const doc = newPdf(`Downtime snapshot ${snapshot.unit.name}`);
  censusPage(doc, snapshot);
  for (const p of snapshot.patients) patientPage(doc, snapshot, p);
  drawFrame(doc, {
    title: 'Downtime snapshot',
    unitName: snapshot.unit.name,
    period: `Last 24 h to ${unitClock(snapshot.asOf, snapshot.unit.timeZone)} (${snapshot.unit.timeZone})`,
    printedAt: unitClock(snapshot.asOf, snapshot.unit.timeZone),
    printedBy: `${snapshot.generatedBy.name} (${snapshot.generatedBy.role})`,
  });
  return pdfBuffer(doc);
}
