import {
  CartesianGrid,
  Line,
  LineChart,
  Tooltip,
  type TooltipContentProps,
  YAxis,
  useXAxisScale,
  useYAxisScale,
} from 'recharts';
import type { TemperatureScale } from '@detox/shared';
import { useState } from 'react';
import type { TimelineData } from '../../lib/api-types.js';
import { MAX_DOTTED_POINTS, VITALS_HEIGHT } from './chart-layout.js';
import { TooltipCard } from './chart-tooltip.js';
import { HoursAxis } from './hours-axis.js';
import { VitalSeriesChart } from './vital-series-chart.js';
import { type VitalChoice, VITAL_CHOICES, vitalPoints } from './vital-series.js';
import type { PanelAxisProps } from './panel-props.js';

export type VitalsRow = TimelineData['vitals'][number] & { h: number };

const HEART_RATE = '#b3261e';
const BLOOD_PRESSURE = '#0b4f8f';

/** The y range: at least 40–160, widened in steps of 20 to take in any reading. */
export function vitalsDomain(rows: readonly VitalsRow[]): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const r of rows) {
    for (const v of [r.heartRate, r.systolic, r.diastolic]) {
      if (v === null) continue;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  }
  const lo = Number.isFinite(min) ? Math.min(40, Math.floor((min - 5) / 20) * 20) : 40;
  const hi = Number.isFinite(max) ? Math.max(160, Math.ceil((max + 5) / 20) * 20) : 160;
  return [Math.max(0, lo), hi];
}

/**
 * Blood pressure as on a paper observation chart: a bar from diastolic up to systolic, with a "v" at
 * the systolic and a "^" at the diastolic end. Drawn with the chart's own scales.
 */
function BloodPressureBars({ rows }: { rows: readonly VitalsRow[] }) {
  const x = useXAxisScale();
  const y = useYAxisScale();
  if (!x || !y) return null;
  const w = 4.5;
  return (
    <g className="bp-bars">
      {rows.map((r) => {
        const cx = x(r.h);
        const top = r.systolic === null ? undefined : y(r.systolic);
        const bottom = r.diastolic === null ? undefined : y(r.diastolic);
        if (cx === undefined || (top === undefined && bottom === undefined)) return null;
        return (
          <g
            key={`${r.takenAt}-${r.h}`}
            stroke={BLOOD_PRESSURE}
            strokeWidth={1.6}
            fill="none"
            strokeLinecap="round"
            data-testid="bp-reading"
          >
            {top !== undefined && bottom !== undefined && <line x1={cx} x2={cx} y1={top} y2={bottom} strokeWidth={1} />}
            {top !== undefined && <path d={`M${cx - w},${top - w}L${cx},${top}L${cx + w},${top - w}`} />}
            {bottom !== undefined && <path d={`M${cx - w},${bottom + w}L${cx},${bottom}L${cx + w},${bottom + w}`} />}
          </g>
        );
      })}
    </g>
  );
}

function VitalsTooltip({ payload, zone }: { payload: TooltipContentProps['payload']; zone: string }) {
  const row: VitalsRow | undefined = payload[0]?.payload;
  if (!row) return null;
  const others = [
    row.temperatureC === null ? null : `T ${row.temperatureC.toFixed(1)} °C`,
    row.respiratoryRate === null ? null : `RR ${row.respiratoryRate}/min`,
    row.spo2 === null ? null : `SpO₂ ${row.spo2}%`,
  ].filter((s) => s !== null);
  return (
    <TooltipCard at={row.takenAt} hours={row.h} zone={zone}>
      <p className="chart-tooltip-title">
        HR {row.heartRate ?? '—'} bpm · BP {row.systolic ?? '—'}/{row.diastolic ?? '—'} mmHg
      </p>
      {others.length > 0 && <p className="chart-tooltip-time">{others.join(' · ')}</p>}
    </TooltipCard>
  );
}

export interface VitalsChartProps extends PanelAxisProps {
  rows: readonly VitalsRow[];
  /** The unit's temperature scale (stored readings are °C). */
  temperatureScale: TemperatureScale;
  description: string;
}

/** Heart rate and blood pressure together by default; temperature, respiratory rate or SpO2 on request. */
export function VitalsChart(props: VitalsChartProps) {
  const [shown, setShown] = useState<VitalChoice>('heart');
  const { rows, temperatureScale, ...axis } = props;
  if (!rows.length) return <p className="muted chart-empty">No vital signs recorded yet.</p>;
  return (
    <>
      <div className="segmented small-segments" role="radiogroup" aria-label="Vital sign shown">
        {VITAL_CHOICES.map((c) => (
          <label key={c.value} className={`segment${shown === c.value ? ' selected' : ''}`}>
            <input
              type="radio"
              name="vital-shown"
              value={c.value}
              checked={shown === c.value}
              onChange={() => setShown(c.value)}
            />
            {c.label}
          </label>
        ))}
      </div>
      {shown === 'heart' ? (
        <HeartAndPressure {...props} />
      ) : (
        <VitalSeriesChart
          sign={shown}
          points={vitalPoints(rows, shown, temperatureScale)}
          scale={temperatureScale}
          {...axis}
        />
      )}
    </>
  );
}

function HeartAndPressure({
  rows,
  domain,
  ticks,
  end,
  admittedHours,
  lastUseAt,
  zone,
  layout,
  description,
}: VitalsChartProps) {
  // Past about five days of 4-hourly readings the paper-chart bars merge into a solid band; plain
  // systolic and diastolic lines then read better.
  const dense = rows.length > MAX_DOTTED_POINTS / 4;
  return (
    <>
      <div role="img" aria-label={description} className="chart-surface">
        <LineChart
          data={rows}
          margin={{ ...layout.margin, top: 10 }}
          style={{ width: '100%', height: VITALS_HEIGHT }}
          responsive
          accessibilityLayer={false}
        >
          <CartesianGrid vertical={false} stroke="#eef1f4" />
          <HoursAxis
            domain={domain}
            end={end}
            admittedHours={admittedHours}
            lastUseAt={lastUseAt}
            zone={zone}
            ticks={ticks}
            showDays
            labelEnd={false}
          />
          <YAxis
            type="number"
            domain={vitalsDomain(rows)}
            allowDataOverflow
            width={layout.axisWidth}
            tickLine={false}
            label={{
              value: 'bpm · mmHg',
              angle: -90,
              position: 'insideLeft',
              offset: layout.titleOffset,
              className: 'axis-title',
            }}
          />
          {!dense && <BloodPressureBars rows={rows} />}
          {dense &&
            (['systolic', 'diastolic'] as const).map((key) => (
              <Line
                key={key}
                type="linear"
                dataKey={key}
                name={key === 'systolic' ? 'Systolic' : 'Diastolic'}
                connectNulls
                stroke={BLOOD_PRESSURE}
                strokeWidth={1.2}
                strokeDasharray={key === 'systolic' ? undefined : '4 2'}
                dot={false}
                activeDot={false}
                isAnimationActive={false}
              />
            ))}
          <Line
            type="linear"
            dataKey="heartRate"
            name="Heart rate"
            connectNulls
            stroke={HEART_RATE}
            strokeWidth={1.8}
            dot={rows.length > MAX_DOTTED_POINTS ? false : { r: dense ? 2 : 3, fill: HEART_RATE, stroke: HEART_RATE }}
            activeDot={{ r: 5 }}
            isAnimationActive={false}
          />
          <Tooltip
            isAnimationActive={false}
            cursor={{ stroke: '#5a6773', strokeDasharray: '2 2' }}
            content={(props) => <VitalsTooltip payload={props.payload} zone={zone} />}
          />
        </LineChart>
      </div>
      <ul className="chart-legend" aria-label="Vital signs key">
        <li>
          <svg width={28} height={12} aria-hidden="true">
            <line x1={1} x2={27} y1={6} y2={6} stroke={HEART_RATE} strokeWidth={2} />
            <circle cx={14} cy={6} r={3} fill={HEART_RATE} />
          </svg>{' '}
          Heart rate (bpm)
        </li>
        {dense ? (
          <li>
            <svg width={28} height={14} aria-hidden="true" stroke={BLOOD_PRESSURE} strokeWidth={1.2}>
              <line x1={1} x2={27} y1={3} y2={3} />
              <line x1={1} x2={27} y1={11} y2={11} strokeDasharray="4 2" />
            </svg>{' '}
            Blood pressure (mmHg): systolic solid, diastolic dashed
          </li>
        ) : (
          <li>
            <svg width={16} height={22} aria-hidden="true" stroke={BLOOD_PRESSURE} strokeWidth={1.6} fill="none">
              <path d="M3.5,2L8,6.5L12.5,2" />
              <line x1={8} x2={8} y1={6.5} y2={15.5} strokeWidth={1} />
              <path d="M3.5,20L8,15.5L12.5,20" />
            </svg>{' '}
            Blood pressure (mmHg): systolic ∨ over diastolic ∧
          </li>
        )}
      </ul>
    </>
  );
}
