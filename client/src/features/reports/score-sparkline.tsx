interface Point {
  takenAt: string;
  total: number;
}

interface Props {
  points: Point[];
  from: string;
  to: string;
  /** Band lower bounds drawn as dashed guides (COWS 13 and 25). */
  guides: number[];
  label: string;
}

const W = 160;
const H = 44;

/** The shift's scores as a small line, with dashed band guides; the totals are in the text beside it too. */
export function ScoreSparkline({ points, from, to, guides, label }: Props) {
  const fromMs = Math.min(Date.parse(from), ...points.map((p) => Date.parse(p.takenAt)));
  const span = Math.max(1, Date.parse(to) - fromMs);
  const top = Math.max(24, ...points.map((p) => p.total)) * 1.1;
  const x = (iso: string) => 4 + ((Date.parse(iso) - fromMs) / span) * (W - 8);
  const y = (total: number) => H - 4 - (total / top) * (H - 8);
  return (
    <svg className="sparkline" viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={label}>
      <rect x={0.5} y={0.5} width={W - 1} height={H - 1} className="sparkline-frame" />
      {guides
        .filter((g) => g < top)
        .map((g) => (
          <line key={g} x1={0} x2={W} y1={y(g)} y2={y(g)} className="sparkline-guide" />
        ))}
      {points.length > 1 && (
        <polyline points={points.map((p) => `${x(p.takenAt)},${y(p.total)}`).join(' ')} className="sparkline-line" />
      )}
      {points.map((p) => (
        <circle key={p.takenAt} cx={x(p.takenAt)} cy={y(p.total)} r={2.2} className="sparkline-dot" />
      ))}
    </svg>
  );
}
