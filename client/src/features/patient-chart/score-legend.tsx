import type { InstrumentId } from '@detox/shared';
import type { CourseWindow, RiskWindow } from './course-windows.js';
import { INSTRUMENT_STYLE, RISK_FILL, WINDOW_FILL } from './instrument-style.js';
import type { ScoreSeries } from './score-series.js';

/** The key under the score panel, so a black-and-white printout still says what each shading and line is. */
interface ScoreLegendProps {
  windows: readonly CourseWindow[];
  risks: readonly RiskWindow[];
  series: readonly ScoreSeries[];
  primary: InstrumentId;
}

export function ScoreLegend({ windows, risks, series, primary }: ScoreLegendProps) {
  return (
    <ul className="chart-legend" aria-label="Score chart key">
      {windows.map((w) => (
        <li key={w.key}>
          <svg width={18} height={14} aria-hidden="true">
            <rect x={0.5} y={0.5} width={17} height={13} fill={WINDOW_FILL[w.key]} stroke="#8a97a3" />
          </svg>{' '}
          {w.label} ({w.hours} since last use)
        </li>
      ))}
      {risks.map((r) => (
        <li key={r.key}>
          <svg width={18} height={14} aria-hidden="true">
            <rect x={0.5} y={0.5} width={17} height={5} fill={RISK_FILL[r.key]} stroke="#8a97a3" />
          </svg>{' '}
          {r.label} ({r.hours} since last use; strip along the top)
        </li>
      ))}
      <li>
        <svg width={28} height={10} aria-hidden="true">
          <line x1={0} x2={28} y1={5} y2={5} stroke="#6b7783" strokeDasharray="6 4" />
        </svg>{' '}
        {primary} severity band thresholds
      </li>
      {series.map((s) => (
        <li key={s.instrument}>
          <svg width={28} height={10} aria-hidden="true">
            <line
              x1={0}
              x2={28}
              y1={5}
              y2={5}
              stroke={INSTRUMENT_STYLE[s.instrument].colour}
              strokeWidth={2}
              strokeDasharray={INSTRUMENT_STYLE[s.instrument].dash}
            />
            {!s.downsampled && (
              <circle
                cx={14}
                cy={5}
                r={4}
                fill={INSTRUMENT_STYLE[s.instrument].colour}
                stroke="#fff"
                strokeWidth={1.5}
              />
            )}
          </svg>{' '}
          {s.instrument} total{s.downsampled ? '' : ', one dot per assessment'}
        </li>
      ))}
    </ul>
  );
}
