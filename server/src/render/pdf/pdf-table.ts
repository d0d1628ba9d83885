import { BOLD, ensureSpace, FONT, MARGIN, type Pdf, pdfText } from './pdf-frame.js';

export interface Column {
  header: string;
  /** Share of the content width. */
  width: number;
  align?: 'left' | 'right';
}

const PAD = 2;

/**
 * A ruled table in 8-point type. Rows never split across pages; after a page break the header is
 * repeated, so a page read on its own still says what each column is. Bold rows are for what must
 * stand out in black and white (held, refused, entered in error).
 */
export function drawTable(
  doc: Pdf,
  columns: readonly Column[],
  rows: readonly { cells: string[]; bold?: boolean }[],
  totalWidth: number,
): void {
  const widths = columns.map((c) => c.width * totalWidth);
  const heightOf = (cells: readonly string[], font: string) => {
    doc.font(font).fontSize(8);
    return (
      Math.max(
        ...cells.map((text, i) => doc.heightOfString(pdfText(text || ' '), { width: (widths[i] ?? 0) - 2 * PAD })),
      ) +
      2 * PAD
    );
  };
  const drawRow = (cells: readonly string[], font: string, ruled: boolean) => {
    const height = heightOf(cells, font);
    const top = doc.y;
    let x = MARGIN.left;
    doc.font(font).fontSize(8).fillColor('black');
    cells.forEach((text, i) => {
      const width = widths[i] ?? 0;
      doc.text(pdfText(text), x + PAD, top + PAD, { width: width - 2 * PAD, align: columns[i]?.align ?? 'left' });
      x += width;
    });
    doc.y = top + height;
    if (ruled)
      doc
        .moveTo(MARGIN.left, doc.y)
        .lineTo(MARGIN.left + totalWidth, doc.y)
        .lineWidth(0.3)
        .strokeColor('black')
        .stroke();
    return height;
  };
  const header = columns.map((c) => c.header);
  const headerHeight = heightOf(header, BOLD);
  ensureSpace(doc, headerHeight + heightOf(rows[0]?.cells ?? header, FONT));
  drawRow(header, BOLD, true);
  for (const row of rows) {
    const font = row.bold ? BOLD : FONT;
    const height = heightOf(row.cells, font);
    if (doc.y + height > doc.page.height - MARGIN.bottom) {
      ensureSpace(doc, headerHeight + height);
      drawRow(header, BOLD, true);
    }
    drawRow(row.cells, font, true);
  }
  doc.font(FONT);
  doc.x = MARGIN.left;
}
