import { type DrugId, getDrug } from '@detox/shared';
import {
  Scatter,
  ScatterChart,
  type ScatterShapeProps,
  Tooltip,
  type TooltipContentProps,
  YAxis,
  type YAxisTickContentProps,
} from 'recharts';
import type { TimelineData } from '../../lib/api-types.js';
import type { HourDomain } from './chart-axis.js';
import { laneLabelLines } from './chart-layout.js';
import { TooltipCard } from './chart-tooltip.js';
import { HoursAxis } from './hours-axis.js';
import { GlyphIcon, MedicationGlyph } from './medication-glyph.js';
import { type OrderEvent, orderEventText, orderMarkers } from './order-markers.js';
import { DRUG_STYLE, type DrugStyle } from './medication-style.js';
import type { PanelAxisProps } from './panel-props.js';

type Administration = TimelineData['medications'][number];
export type MedicationPoint = Administration & { h: number; lane: number; showDose: boolean };

export interface MedicationLane {
  readonly drug: DrugId;
  readonly points: MedicationPoint[];
}

const STATUS_WORD = { given: 'Given', held: 'Held', refused: 'Refused' } as const;
const INK: DrugStyle = { colour: '#17212b', shape: 'circle' };

export function formatDose(mg: number): string {
  return `${Number(mg.toPrecision(4))} mg`;
}

/**
 * One lane per drug present, in catalogue order (agonists first). Doses are printed beside the
 * markers of a lane only where its markers are far enough apart for the text not to collide.
 */
export function medicationLanes(
  medications: TimelineData['medications'],
  drugOrder: readonly DrugId[],
  domain: HourDomain,
  orders: readonly Pick<TimelineData['orders'][number], 'drug'>[] = [],
): MedicationLane[] {
  // A drug ordered but not yet given gets its lane too, for its order's start marker.
  const present = drugOrder.filter(
    (drug) => medications.some((m) => m.drug === drug) || orders.some((o) => o.drug === drug),
  );
  const room = (domain.to - domain.from) * 0.055;
  return present.map((drug, lane) => {
    const given = medications.filter((m) => m.drug === drug);
    let tightest = Number.POSITIVE_INFINITY;
    for (let i = 1; i < given.length; i++) {
      const [previous, current] = [given[i - 1], given[i]];
      if (previous && current) tightest = Math.min(tightest, current.hoursSinceLastUse - previous.hoursSinceLastUse);
    }
    const showDose = tightest >= room;
    return { drug, points: given.map((m) => ({ ...m, h: m.hoursSinceLastUse, lane, showDose })) };
  });
}

function LaneTick({ tick, lanes }: { tick: YAxisTickContentProps; lanes: readonly MedicationLane[] }) {
  const lane = lanes[Number(tick.payload.value)];
  if (!lane) return null;
  const x = Number(tick.x);
  const y = Number(tick.y);
  const lines = laneLabelLines(lane.drug);
  return (
    <g className="lane-label">
      <text x={x - 18} y={y} textAnchor="end" dominantBaseline="central">
        {lines.map((line, i) => (
          <tspan key={line} x={x - 18} dy={i === 0 ? (lines.length - 1) * -6 : 12}>
            {line}
          </tspan>
        ))}
      </text>
      <MedicationGlyph look={DRUG_STYLE[lane.drug]} status="given" x={x - 6} y={y} r={5.5} />
    </g>
  );
}

/**
 * The narrow layout's lane name: the glyph and the whole name on one line at the top of the lane,
 * starting at the plot's left edge, above the markers (which sit in the lower part of the lane).
 */
function LaneNameAbove({
  tick,
  lanes,
  plotLeft,
  laneHeight,
}: {
  tick: YAxisTickContentProps;
  lanes: readonly MedicationLane[];
  plotLeft: number;
  laneHeight: number;
}) {
  const lane = lanes[Number(tick.payload.value)];
  if (!lane) return null;
  const y = Number(tick.y) - laneHeight / 2 + 9;
  return (
    <g className="lane-label lane-label-above">
      <MedicationGlyph look={DRUG_STYLE[lane.drug]} status="given" x={plotLeft + 7} y={y} r={5} />
      <text x={plotLeft + 16} y={y} dominantBaseline="central" stroke="#ffffff" strokeWidth={3} paintOrder="stroke">
        {getDrug(lane.drug).name}
      </text>
    </g>
  );
}

function MarkerShape({ cx, cy, payload }: ScatterShapeProps) {
  const point: MedicationPoint | undefined = payload;
  if (cx === undefined || cy === undefined || !point) return null;
  return (
    <g data-testid="medication-marker" data-drug={point.drug} data-status={point.status} className="medication-marker">
      <MedicationGlyph look={DRUG_STYLE[point.drug]} status={point.status} x={cx} y={cy} />
      {point.showDose && (
        <text x={cx + 10} y={cy} dominantBaseline="central" className="dose-label">
          {formatDose(point.doseMg)}
        </text>
      )}
    </g>
  );
}

function MedicationTooltip({ payload, zone }: { payload: TooltipContentProps['payload']; zone: string }) {
  const point: MedicationPoint | undefined = payload[0]?.payload;
  if (!point) return null;
  return (
    <TooltipCard at={point.givenAt} hours={point.h} zone={zone}>
      <p className="chart-tooltip-title">
        {getDrug(point.drug).name} {formatDose(point.doseMg)} {point.route}
        {point.prn ? ' (PRN)' : ''}
      </p>
      <p className={`chart-tooltip-status status-${point.status}`}>{STATUS_WORD[point.status]}</p>
    </TooltipCard>
  );
}

export interface MedicationStripProps extends PanelAxisProps {
  lanes: readonly MedicationLane[];
  /** Orders' starts and ends, drawn on their drug's lane. */
  orderEvents: readonly OrderEvent[];
  description: string;
}

export function MedicationStrip({
  lanes,
  orderEvents,
  domain,
  ticks,
  end,
  admittedHours,
  lastUseAt,
  zone,
  layout,
  description,
}: MedicationStripProps) {
  if (!lanes.length) return <p className="muted chart-empty">No medications recorded.</p>;
  const margin = { ...layout.margin, top: 6, bottom: 6 };
  const plotLeft = margin.left + layout.axisWidth;
  // Narrow: the name above each lane's markers, so the markers sit low in the lane.
  const domainTop = layout.narrow ? -0.75 : -0.5;
  return (
    <>
      <div role="img" aria-label={description} className="chart-surface">
        <ScatterChart
          margin={margin}
          style={{
            width: '100%',
            height: (lanes.length + (layout.narrow ? 0.25 : 0)) * layout.laneHeight + margin.top + margin.bottom,
          }}
          responsive
          accessibilityLayer={false}
        >
          <HoursAxis
            domain={domain}
            end={end}
            admittedHours={admittedHours}
            lastUseAt={lastUseAt}
            zone={zone}
            ticks={ticks}
            showDays={false}
            labelEnd={false}
          />
          <YAxis
            type="number"
            dataKey="lane"
            domain={[domainTop, lanes.length - 0.5]}
            ticks={lanes.map((_, i) => i)}
            reversed
            width={layout.axisWidth}
            tickLine={false}
            interval={0}
            tick={(tick) =>
              layout.narrow ? (
                <LaneNameAbove tick={tick} lanes={lanes} plotLeft={plotLeft} laneHeight={layout.laneHeight} />
              ) : (
                <LaneTick tick={tick} lanes={lanes} />
              )
            }
          />
          {lanes.map((lane) => (
            <Scatter
              key={lane.drug}
              name={getDrug(lane.drug).name}
              data={lane.points}
              shape={MarkerShape}
              isAnimationActive={false}
            />
          ))}
          {orderMarkers(orderEvents, (drug) => lanes.findIndex((l) => l.drug === drug), zone)}
          <Tooltip
            isAnimationActive={false}
            cursor={false}
            content={(props) => <MedicationTooltip payload={props.payload} zone={zone} />}
          />
        </ScatterChart>
      </div>
      <ul className="chart-legend" aria-label="Medication marker key">
        <li>
          <GlyphIcon look={INK} status="given" /> Given (filled)
        </li>
        <li>
          <GlyphIcon look={INK} status="held" /> Held (dashed outline)
        </li>
        <li>
          <GlyphIcon look={INK} status="refused" /> Refused (crossed out)
        </li>
        <li>
          <svg width={14} height={16} aria-hidden="true">
            <path d="M3,1L3,15M3,1L10,4.5L3,8" fill="#17212b" stroke="#17212b" strokeWidth={1.6} />
          </svg>{' '}
          Order started
        </li>
        <li>
          <svg width={14} height={16} aria-hidden="true">
            <path d="M7,1L7,15M3,1L11,9M11,1L3,9" fill="none" stroke="#17212b" strokeWidth={1.8} />
          </svg>{' '}
          Order discontinued or ended
        </li>
        <li className="muted">
          Each lane's shape and colour are shown beside the drug name; the dose is printed where there is room.
        </li>
      </ul>
      {orderEvents.length > 0 && (
        <details className="order-events small">
          <summary>Orders on the chart ({orderEvents.length})</summary>
          <ul>
            {orderEvents.map((e) => (
              <li key={`${e.order.id}-${e.kind}`}>{orderEventText(e, zone)}</li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}
