import { AlertList, AlertMarker, type ChartAlert, alertLineStyle } from './alert-markers.js';
import type { InstrumentId } from '@detox/shared';
import {
  CartesianGrid,
  type DotItemDotProps,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceLine,
  Tooltip,
  type TooltipContentProps,
  YAxis,
} from 'recharts';
import { SCORE_HEIGHT } from './chart-layout.js';
import { BandLabel, InsideBandLabel, WindowLabel } from './chart-labels.js';
import { TooltipCard } from './chart-tooltip.js';
import type { CourseWindow, RiskWindow } from './course-windows.js';
import { HoursAxis } from './hours-axis.js';
import { ScoreLegend } from './score-legend.js';
import { INSTRUMENT_STYLE, RISK_FILL, WINDOW_FILL } from './instrument-style.js';
import type { Band, ScoreData, ScoreRow } from './score-series.js';
import type { PanelAxisProps } from './panel-props.js';

export interface ScoreChartProps extends PanelAxisProps {
  /** Alerts raised in the stay, drawn as markers where they were raised. */
  alerts: readonly ChartAlert[];
  data: ScoreData;
  bands: readonly Band[];
  windows: readonly CourseWindow[];
  /** Alcohol's seizure and delirium windows: a strip along the top of the plot. */
  risks: readonly RiskWindow[];
  description: string;
}

/** One circle per assessment, with a stable test id; rows of another instrument draw nothing. */
function scoreDot(instrument: InstrumentId) {
  const { colour } = INSTRUMENT_STYLE[instrument];
  return function ScoreDot({ cx, cy, payload }: DotItemDotProps) {
    const row: ScoreRow | undefined = payload;
    if (cx === undefined || cy === undefined || row?.instrument !== instrument) return null;
    return (
      <circle
        data-testid="score-point"
        data-instrument={instrument}
        data-total={row.total}
        data-severity={row.severity}
        className="score-point"
        cx={cx}
        cy={cy}
        r={4}
        fill={colour}
        stroke="#fff"
        strokeWidth={1.5}
      />
    );
  };
}

function ScoreTooltip({
  payload,
  bands,
  zone,
}: {
  payload: TooltipContentProps['payload'];
  bands: readonly Band[];
  zone: string;
}) {
  const row: ScoreRow | undefined = payload[0]?.payload;
  if (!row) return null;
  const band = bands.find((b) => b.instrument === row.instrument && b.severity === row.severity);
  return (
    <TooltipCard at={row.takenAt} hours={row.h} zone={zone}>
      <p className="chart-tooltip-title">
        {row.instrument} {row.total} <span className="muted">· {band?.label ?? row.severity}</span>
      </p>
      {row.itemReasons && <p className="small">{row.itemReasons}</p>}
    </TooltipCard>
  );
}

/** Score thresholds on the y axis, so each number there is a band boundary. */
function scoreTicks(bands: readonly Band[], yMax: number): number[] {
  const ticks = [0, ...bands.map((b) => b.min).filter((m) => m > 0 && m < yMax), yMax];
  return [...new Set(ticks)].sort((x, y) => x - y);
}

export function ScoreChart({
  alerts,
  data,
  bands,
  windows,
  risks,
  domain,
  ticks,
  end,
  admittedHours,
  lastUseAt,
  zone,
  layout,
  description,
}: ScoreChartProps) {
  const single = data.series.length <= 1;
  const bandLines = data.bandLines.filter((b) => b.min > 0 && b.min <= data.yMax);
  // The marker lines HoursAxis names on this panel, which the narrow layout's band labels keep clear of.
  const labelledLines = [0, admittedHours].filter((h) => h > domain.from && h < end.hours);
  return (
    <>
      <div role="img" aria-label={description} className="chart-surface">
        <LineChart
          data={data.rows}
          margin={layout.margin}
          style={{ width: '100%', height: SCORE_HEIGHT }}
          responsive
          accessibilityLayer={false}
        >
          {windows.map((w) => (
            <ReferenceArea
              key={w.key}
              x1={w.from}
              x2={w.to}
              fill={WINDOW_FILL[w.key]}
              fillOpacity={1}
              ifOverflow="hidden"
              className={`course-window course-window-${w.key}`}
              label={<WindowLabel text={w.label} halo={WINDOW_FILL[w.key]} />}
            />
          ))}
          {risks.map((r) => (
            <ReferenceArea
              key={r.key}
              x1={r.from}
              x2={r.to}
              y1={data.yMax * 0.96}
              y2={data.yMax}
              fill={RISK_FILL[r.key]}
              fillOpacity={1}
              ifOverflow="hidden"
              className={`risk-window risk-window-${r.key}`}
            />
          ))}
          <CartesianGrid vertical={false} stroke="#eef1f4" />
          <HoursAxis
            domain={domain}
            end={end}
            admittedHours={admittedHours}
            lastUseAt={lastUseAt}
            zone={zone}
            ticks={ticks}
            showDays
            labelEnd
          />
          <YAxis
            type="number"
            domain={[0, data.yMax]}
            allowDataOverflow
            ticks={single ? scoreTicks(data.bandLines, data.yMax) : undefined}
            width={layout.axisWidth}
            tickLine={false}
            label={{
              value: single ? `${data.primary} total` : 'Total score',
              angle: -90,
              position: 'insideLeft',
              offset: layout.titleOffset,
              className: 'axis-title',
            }}
          />
          {bandLines.map((b) => (
            <ReferenceLine
              key={`${b.instrument}-${b.severity}`}
              y={b.min}
              stroke="#6b7783"
              strokeDasharray="6 4"
              className="band-line"
              label={
                layout.narrow ? (
                  <InsideBandLabel
                    name={b.label}
                    threshold={single ? `≥ ${b.min}` : `${b.instrument} ≥ ${b.min}`}
                    clearOf={labelledLines}
                  />
                ) : (
                  <BandLabel
                    name={b.label}
                    threshold={single ? `${b.min} and above` : `${b.instrument} ${b.min} and above`}
                  />
                )
              }
            />
          ))}
          {alerts
            .filter((a) => a.hoursSinceLastUse >= domain.from && a.hoursSinceLastUse <= domain.to)
            .map((a) => (
              <ReferenceLine
                key={a.id}
                x={a.hoursSinceLastUse}
                {...alertLineStyle(a)}
                className="alert-line"
                label={<AlertMarker alert={a} zone={zone} />}
              />
            ))}
          {data.series.map((s) => (
            <Line
              key={s.instrument}
              type="linear"
              name={s.instrument}
              dataKey={(row: ScoreRow) => (row.instrument === s.instrument ? row.total : null)}
              connectNulls
              stroke={INSTRUMENT_STYLE[s.instrument].colour}
              strokeDasharray={INSTRUMENT_STYLE[s.instrument].dash}
              strokeWidth={2}
              dot={s.downsampled ? false : scoreDot(s.instrument)}
              activeDot={s.downsampled ? false : { r: 6, stroke: '#fff', strokeWidth: 2 }}
              isAnimationActive={false}
            />
          ))}
          <Tooltip
            isAnimationActive={false}
            cursor={{ stroke: '#5a6773', strokeDasharray: '2 2' }}
            content={(props) => <ScoreTooltip payload={props.payload} bands={bands} zone={zone} />}
          />
        </LineChart>
      </div>
      <ScoreLegend windows={windows} risks={risks} series={data.series} primary={data.primary} />
      <AlertList alerts={alerts} zone={zone} />
    </>
  );
}
