import { DefaultZIndexes, ZIndexLayer, usePlotArea, useXAxisScale } from 'recharts';

/** The box Recharts hands a custom label: the reference area, or a reference line as a zero-height box. */
interface LabelBox {
  viewBox?: { x?: number; y?: number; width?: number; height?: number };
}

/**
 * A shaded window's name, centred at the top of the window; on two lines when the window is narrow,
 * and left out when there is no room for even that (the summary and the legend still say it).
 * Drawn in the labels' layer: as a custom label it would otherwise stay in the window's own layer,
 * under the dashed day lines, which then cut through the words.
 */
export function WindowLabel({ viewBox, text, halo }: LabelBox & { text: string; halo: string }) {
  const x = viewBox?.x ?? 0;
  const y = viewBox?.y ?? 0;
  const width = viewBox?.width ?? 0;
  const words = text.split(' ');
  const oneLine = width >= text.length * 6.6 + 8;
  if (!oneLine && width < Math.max(...words.map((w) => w.length)) * 6.6 + 6) return null;
  const lines = oneLine ? [text] : words;
  return (
    <ZIndexLayer zIndex={DefaultZIndexes.label}>
      <text
        x={x + width / 2}
        y={y + 14}
        textAnchor="middle"
        className="window-label"
        stroke={halo}
        strokeWidth={4}
        paintOrder="stroke"
      >
        {lines.map((line, i) => (
          <tspan key={line} x={x + width / 2} dy={i === 0 ? 0 : 13}>
            {line}
          </tspan>
        ))}
      </text>
    </ZIndexLayer>
  );
}

/** A severity band's name and threshold in the right margin, level with its dashed line. */
export function BandLabel({ viewBox, name, threshold }: LabelBox & { name: string; threshold: string }) {
  const x = (viewBox?.x ?? 0) + (viewBox?.width ?? 0) + 6;
  const y = viewBox?.y ?? 0;
  return (
    <text x={x} y={y} className="band-label">
      <tspan x={x} dy={-2}>
        {name}
      </tspan>
      <tspan x={x} dy={12} className="band-label-threshold">
        {threshold}
      </tspan>
    </text>
  );
}

/**
 * The narrow layout's band label: name and threshold on one line just above the dashed line, inside
 * the plot on a white halo so the line and any point behind it do not cut the words. It starts just
 * right of the labelled marker lines ("Admitted", "Last use") so it never runs into their names, and
 * stays off the right end, where the latest scores are.
 */
export function InsideBandLabel({
  viewBox,
  name,
  threshold,
  clearOf,
}: LabelBox & { name: string; threshold: string; clearOf: readonly number[] }) {
  const x = useXAxisScale();
  const left = viewBox?.x ?? 0;
  const right = left + (viewBox?.width ?? 0);
  const estimatedWidth = (name.length + threshold.length + 1) * 6.2;
  const afterLines = Math.max(left + 4, ...clearOf.map((h) => (x?.(h) ?? left) + 18));
  const start = afterLines + estimatedWidth <= right - 4 ? afterLines : left + 4;
  const y = (viewBox?.y ?? 0) - 4;
  return (
    <ZIndexLayer zIndex={DefaultZIndexes.label}>
      <text
        x={start}
        y={y}
        className="band-label band-label-inside"
        stroke="#ffffff"
        strokeWidth={3}
        strokeOpacity={0.85}
        paintOrder="stroke"
      >
        {name} <tspan className="band-label-threshold">{threshold}</tspan>
      </text>
    </ZIndexLayer>
  );
}

/**
 * A name written down a vertical marker line near its top ("Admitted", "Last use"), on the preferred
 * side of the line when the plot leaves room there, else on the other side.
 */
export function LineLabel({ viewBox, text, prefer }: LabelBox & { text: string; prefer: 'left' | 'right' }) {
  const plot = usePlotArea();
  const line = viewBox?.x ?? 0;
  const roomLeft = plot !== undefined && line - plot.x > 16;
  const left = prefer === 'left' ? roomLeft : plot !== undefined && plot.x + plot.width - line < 16;
  // Rotated a quarter turn, the glyphs stand to the right of the baseline, hence the 13 px.
  const x = left ? line - 13 : line + 4;
  const y = (viewBox?.y ?? 0) + 24;
  return (
    <text
      x={x}
      y={y}
      transform={`rotate(90 ${x} ${y})`}
      className="line-label"
      stroke="#ffffff"
      strokeWidth={3}
      paintOrder="stroke"
    >
      {text}
    </text>
  );
}
