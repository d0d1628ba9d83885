import type { TemperatureScale } from '@detox/shared';
import { CartesianGrid, Line, LineChart, Tooltip, type TooltipContentProps, YAxis } from 'recharts';
import { MAX_DOTTED_POINTS, VITALS_HEIGHT } from './chart-layout.js';
import { TooltipCard } from './chart-tooltip.js';
import { HoursAxis } from './hours-axis.js';
import { type SingleVital, type VitalPoint, VITAL_CHOICES, vitalDomain, vitalUnit } from './vital-series.js';
import type { PanelAxisProps } from './panel-props.js';

const INK = '#4a2a86';

interface Props extends PanelAxisProps {
  sign: SingleVital;
  points: readonly VitalPoint[];
  scale: TemperatureScale;
}

function PointTooltip({
  payload,
  zone,
  label,
  unit,
}: {
  payload: TooltipContentProps['payload'];
  zone: string;
  label: string;
  unit: string;
}) {
  const point: VitalPoint | undefined = payload[0]?.payload;
  if (!point) return null;
  return (
    <TooltipCard at={point.takenAt} hours={point.h} zone={zone}>
      <p className="chart-tooltip-title">
        {label} {point.value} {unit}
      </p>
    </TooltipCard>
  );
}

/** Temperature, respiratory rate or SpO2 on its own scale, on the shared clock axis. */
export function VitalSeriesChart({
  sign,
  points,
  scale,
  domain,
  ticks,
  end,
  admittedHours,
  lastUseAt,
  zone,
  layout,
}: Props) {
  const label = VITAL_CHOICES.find((c) => c.value === sign)?.label ?? sign;
  const unit = vitalUnit(sign, scale);
  if (!points.length) return <p className="muted chart-empty">No {label.toLowerCase()} recorded yet.</p>;
  return (
    <div
      role="img"
      aria-label={`${label} chart, ${points.length} readings; latest ${points.at(-1)?.value} ${unit}.`}
      className="chart-surface"
      data-testid={`vital-chart-${sign}`}
    >
      <LineChart
        data={points as VitalPoint[]}
        margin={{ ...layout.margin, top: 10 }}
        style={{ width: '100%', height: VITALS_HEIGHT }}
        responsive
        accessibilityLayer={false}
      >
        <CartesianGrid vertical={false} stroke="#eef1f4" />
        <HoursAxis
          domain={domain}
          ticks={ticks}
          end={end}
          admittedHours={admittedHours}
          lastUseAt={lastUseAt}
          zone={zone}
          showDays
          labelEnd={false}
        />
        <YAxis
          type="number"
          domain={vitalDomain(points, sign, scale)}
          allowDataOverflow
          width={layout.axisWidth}
          tickLine={false}
          label={{
            value: unit,
            angle: -90,
            position: 'insideLeft',
            offset: layout.titleOffset,
            className: 'axis-title',
          }}
        />
        <Line
          type="linear"
          dataKey="value"
          name={label}
          stroke={INK}
          strokeWidth={1.8}
          dot={points.length > MAX_DOTTED_POINTS ? false : { r: 3, fill: INK, stroke: INK }}
          activeDot={{ r: 5 }}
          isAnimationActive={false}
        />
        <Tooltip
          isAnimationActive={false}
          cursor={{ stroke: '#5a6773', strokeDasharray: '2 2' }}
          content={(props) => <PointTooltip payload={props.payload} zone={zone} label={label} unit={unit} />}
        />
      </LineChart>
    </div>
  );
}
