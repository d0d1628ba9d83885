import { FONT, type Pdf } from './pdf-frame.js';

export interface SparkPoint {
  atMs: number;
  total: number;
}

export interface SparkBox {
  x: number;
  y: number;
  width: number;
  height: number;
  fromMs: number;
  toMs: number;
  /** Top of the scale: at least this, so a flat low course does not look dramatic. */
  minTop: number;
  /** Band lower bounds drawn as dashed guides (COWS 13 moderate, 25 moderately severe). */
  guides: readonly number[];
}

/**
 * A score sparkline in vector lines: a frame, dashed band guides, the course as a solid black line
 * with a dot per score, and the first and last totals printed, so it reads without colour.
 */
export function drawSparkline(doc: Pdf, points: readonly SparkPoint[], box: SparkBox): void {
  const { x, y, width, height } = box;
  const cursor = { x: doc.x, y: doc.y };
  doc.save();
  doc.lineWidth(0.5).strokeColor('black').rect(x, y, width, height).stroke();
  const top = Math.max(box.minTop, ...points.map((p) => p.total)) * 1.1;
  const span = Math.max(1, box.toMs - box.fromMs);
  const px = (ms: number) => x + 4 + ((Math.min(Math.max(ms, box.fromMs), box.toMs) - box.fromMs) / span) * (width - 8);
  const py = (total: number) => y + height - 3 - (total / top) * (height - 6);
  doc.font(FONT).fontSize(5.5).fillColor('black');
  for (const guide of box.guides) {
    if (guide >= top) continue;
    doc
      .lineWidth(0.3)
      .dash(1.5, { space: 1.5 })
      .moveTo(x, py(guide))
      .lineTo(x + width, py(guide))
      .stroke()
      .undash();
    doc.text(String(guide), x + width + 1.5, py(guide) - 2.5, { lineBreak: false });
  }
  if (points.length === 0) {
    doc.fontSize(6).text('no scores', x + 4, y + height / 2 - 3, { lineBreak: false });
    doc.restore();
    doc.x = cursor.x;
    doc.y = cursor.y;
    return;
  }
  const [first, ...rest] = points;
  if (first) {
    doc.lineWidth(1.1).moveTo(px(first.atMs), py(first.total));
    for (const p of rest) doc.lineTo(px(p.atMs), py(p.total));
    if (rest.length > 0) doc.stroke();
  }
  for (const p of points) doc.circle(px(p.atMs), py(p.total), 1.4).fill('black');
  const last = points.at(-1);
  doc.fontSize(6);
  if (first)
    doc.text(String(first.total), px(first.atMs) - 3, Math.max(y + 1, py(first.total) - 8), { lineBreak: false });
  if (last && last !== first)
    doc.text(String(last.total), px(last.atMs) - 3, Math.max(y + 1, py(last.total) - 8), { lineBreak: false });
  doc.restore();
  doc.x = cursor.x;
  doc.y = cursor.y;
}
