import PDFDocument from 'pdfkit';
import { BOLD, FONT, registerFonts, withScriptFallback } from './pdf-fonts.js';

/**
 * The page frame every printed report shares: US Letter, embedded Noto fonts that print every
 * script a patient's name may be written in (pdf-fonts.ts), black on white only so it photocopies and faxes, and on every page the unit, the
 * period covered, when and by whom it was printed, and "Page n of m" (pages are buffered, and the
 * frame is drawn on each once the page count is known).
 */
export type Pdf = PDFKit.PDFDocument;

export const MARGIN = { top: 62, bottom: 44, left: 40, right: 40 } as const;
export { BOLD, FONT };

export interface PdfFrame {
  title: string;
  unitName: string;
  /** What period the pages cover, in the unit's words ("Shift 2026-03-07 19:00–07:00 (America/New_York)"). */
  period: string;
  printedAt: string;
  printedBy: string;
}

export function newPdf(title: string): Pdf {
  const doc = new PDFDocument({
    size: 'LETTER',
    margins: { ...MARGIN },
    bufferPages: true,
    info: { Title: title, Creator: 'Detox Watch' },
  });
  registerFonts(doc);
  doc.font(FONT);
  return withScriptFallback(doc);
}

// Arrows and comparison signs are spelt out (they read the same on a fax); line and paragraph
// separators become spaces. Every other character is printed as written, in the embedded fonts.
const REPLACEMENTS: [RegExp, string][] = [
  [/≥/g, '>='],
  [/≤/g, '<='],
  [/→/g, '->'],
  [/↑/g, '^'],
  [/↓/g, 'v'],
  [/[\u2028\u2029]/g, ' '],
];

export function pdfText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of REPLACEMENTS) out = out.replace(pattern, replacement);
  return out;
}

export function contentWidth(doc: Pdf): number {
  return doc.page.width - MARGIN.left - MARGIN.right;
}

/** Starts a new page unless `height` points still fit above the bottom margin. */
export function ensureSpace(doc: Pdf, height: number): void {
  if (doc.y + height > doc.page.height - MARGIN.bottom) {
    doc.addPage();
    doc.x = MARGIN.left;
    doc.y = MARGIN.top;
  }
}

/** Draws the header and footer on every buffered page. Call once, after all content. */
export function drawFrame(doc: Pdf, frame: PdfFrame): void {
  const range = doc.bufferedPageRange();
  const width = contentWidth(doc);
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing into the margins must not trigger pdfkit's automatic page break.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font(BOLD).fontSize(10).fillColor('black');
    doc.text(pdfText(`${frame.unitName} · ${frame.title}`), MARGIN.left, 22, { width, lineBreak: false });
    doc.font(FONT).fontSize(8);
    doc.text(pdfText(frame.period), MARGIN.left, 35, { width, lineBreak: false });
    doc.text(pdfText(`Printed ${frame.printedAt} by ${frame.printedBy}`), MARGIN.left, 35, {
      width,
      align: 'right',
      lineBreak: false,
    });
    doc
      .moveTo(MARGIN.left, 48)
      .lineTo(MARGIN.left + width, 48)
      .lineWidth(0.75)
      .strokeColor('black')
      .stroke();
    const footerY = doc.page.height - 30;
    doc
      .moveTo(MARGIN.left, footerY - 6)
      .lineTo(MARGIN.left + width, footerY - 6)
      .lineWidth(0.5)
      .stroke();
    doc.text('Confidential patient information', MARGIN.left, footerY, { width, lineBreak: false });
    doc.text(`Page ${i - range.start + 1} of ${range.count}`, MARGIN.left, footerY, {
      width,
      align: 'right',
      lineBreak: false,
    });
    doc.page.margins.bottom = bottom;
  }
}

/** Ends the document and collects it into one buffer. */
export function pdfBuffer(doc: Pdf): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}
