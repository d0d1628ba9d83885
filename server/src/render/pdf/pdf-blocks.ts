import { BOLD, contentWidth, ensureSpace, FONT, MARGIN, type Pdf, pdfText } from './pdf-frame.js';

/** Small building blocks shared by the shift report and the downtime snapshot. */

export type Badge = 'unstable' | 'watcher' | 'stable';

/**
 * One patient's heading: a ruled band with bed, name and MRN, and the I-PASS severity on the right
 * in a way that survives black and white: UNSTABLE reversed out of a black box, WATCHER in an
 * outlined box, STABLE as plain text.
 */
export function patientHeading(doc: Pdf, title: string, subtitle: string, badge: Badge | null): void {
  ensureSpace(doc, 120);
  const width = contentWidth(doc);
  const top = doc.y + 4;
  doc
    .moveTo(MARGIN.left, top)
    .lineTo(MARGIN.left + width, top)
    .lineWidth(1.5)
    .strokeColor('black')
    .stroke();
  doc
    .font(BOLD)
    .fontSize(12)
    .fillColor('black')
    .text(pdfText(title), MARGIN.left, top + 5, { width: width - 90 });
  doc
    .font(FONT)
    .fontSize(8)
    .text(pdfText(subtitle), MARGIN.left, doc.y + 1, { width: width - 90 });
  const after = doc.y;
  if (badge) {
    const word = badge.toUpperCase();
    const bw = 70;
    const bx = MARGIN.left + width - bw;
    const by = top + 6;
    doc.font(BOLD).fontSize(10);
    if (badge === 'unstable') {
      doc.rect(bx, by, bw, 16).fill('black');
      doc
        .fillColor('white')
        .text(word, bx, by + 4, { width: bw, align: 'center', lineBreak: false })
        .fillColor('black');
    } else if (badge === 'watcher') {
      doc.lineWidth(1.2).rect(bx, by, bw, 16).stroke();
      doc.text(word, bx, by + 4, { width: bw, align: 'center', lineBreak: false });
    } else {
      doc.font(FONT).text(word, bx, by + 4, { width: bw, align: 'center', lineBreak: false });
    }
  }
  doc.x = MARGIN.left;
  doc.y = Math.max(after, top + 26) + 3;
}

/** "Label  text" as one paragraph: a bold run-in label, then plain text. */
export function labelled(doc: Pdf, label: string, text: string, width = contentWidth(doc)): void {
  doc.font(BOLD).fontSize(8.5);
  const height = doc.heightOfString(pdfText(`${label}  ${text}`), { width });
  ensureSpace(doc, height + 2);
  doc.text(pdfText(`${label}  `), MARGIN.left, doc.y, { width, continued: true });
  doc.font(FONT).text(pdfText(text || '—'), { width });
  doc.moveDown(0.2);
}

/** An I-PASS sub-heading ("A  Assessment: the shift's record"). */
export function subheading(doc: Pdf, text: string): void {
  ensureSpace(doc, 30);
  doc.moveDown(0.25);
  doc
    .font(BOLD)
    .fontSize(9)
    .fillColor('black')
    .text(pdfText(text), MARGIN.left, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.1);
  doc.font(FONT).fontSize(8.5);
}

/** A to-do list with empty boxes to tick on paper. */
export function checklist(doc: Pdf, items: readonly string[]): void {
  const width = contentWidth(doc) - 14;
  doc.font(FONT).fontSize(8.5);
  for (const item of items) {
    const height = doc.heightOfString(pdfText(item), { width });
    ensureSpace(doc, height + 2);
    const y = doc.y;
    doc
      .lineWidth(0.6)
      .rect(MARGIN.left, y + 1, 7, 7)
      .stroke();
    doc.text(pdfText(item), MARGIN.left + 12, y, { width });
    doc.moveDown(0.15);
  }
  doc.x = MARGIN.left;
}
