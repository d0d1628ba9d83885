import { type DrugId, formatDoseMg, getDrug } from '@detox/shared';
import { DateTime } from 'luxon';
import { useId } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceArea, YAxis } from 'recharts';
import type { TimelineData } from '../../lib/api-types.js';
import { TAPER_HEIGHT } from './chart-layout.js';
import { HoursAxis } from './hours-axis.js';
import { DRUG_STYLE } from './medication-style.js';
import type { PanelAxisProps } from './panel-props.js';

type TaperEntry = TimelineData['taper'][number];

/** A planned calendar day; `givenMg` is null for days still to come, so they do not read as "none given". */
export interface TaperDay {
  readonly date: string;
  readonly stayDayLabel: string;
  readonly fromHours: number;
  readonly toHours: number;
  readonly plannedMg: number;
  readonly givenMg: number | null;
  readonly when: 'past' | 'today' | 'future';
}

export interface TaperSeries {
  readonly drug: DrugId;
  readonly days: TaperDay[];
}

/** The plan in force for each drug, day by day on the calendar, against what was given each day. */
export function taperSeries(taper: TimelineData['taper'], zone: string, nowMs: number): TaperSeries[] {
  const today = DateTime.fromMillis(nowMs, { zone }).toISODate() ?? '';
  const byDrug = new Map<DrugId, TaperEntry[]>();
  for (const d of taper) byDrug.set(d.drug, [...(byDrug.get(d.drug) ?? []), d]);
  return [...byDrug].map(([drug, entries]) => ({
    drug,
    days: entries.map((d) => {
      const when = d.date < today ? 'past' : d.date === today ? 'today' : 'future';
      return {
        date: d.date,
        stayDayLabel: d.stayDayLabel,
        fromHours: d.fromHours,
        toHours: d.toHours,
        plannedMg: d.plannedMg,
        givenMg: when === 'future' ? null : d.givenMg,
        when,
      };
    }),
  }));
}

/** The planned total as a step line: each day's total from its midnight to the next. */
export function plannedSteps(days: readonly TaperDay[]): { h: number; mg: number | null }[] {
  const points: { h: number; mg: number | null }[] = [];
  for (const [i, d] of days.entries()) {
    const previous = days[i - 1];
    // A gap between planned days breaks the line rather than drawing a plan that was not made.
    if (previous && Math.abs(previous.toHours - d.fromHours) > 0.01) points.push({ h: previous.toHours, mg: null });
    points.push({ h: d.fromHours, mg: d.plannedMg });
    points.push({ h: d.toHours, mg: d.plannedMg });
  }
  return points;
}

function givenText(d: TaperDay): string {
  if (d.givenMg === null) return 'not yet';
  return `${formatDoseMg(d.givenMg)}${d.when === 'today' ? ' so far' : ''}`;
}

/** One calendar day of the plan: the planned total hatched, what was given solid in the middle of it. */
function DayShape(props: {
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  day: TaperDay;
  hatch: string;
  colour: string;
  yOf: (mg: number) => number;
}) {
  const { x = 0, width = 0, day, hatch, colour, yOf } = props;
  // Recharts places the planned block; the given block is scaled from it (or from the panel's own
  // scale on a day planned at 0 mg).
  const base = props.y !== undefined && props.height !== undefined ? props.y + props.height : yOf(0);
  const top = props.y ?? yOf(day.plannedMg);
  const pxPerMg = day.plannedMg > 0 ? (base - top) / day.plannedMg : yOf(0) - yOf(1);
  const givenTop = day.givenMg === null ? base : base - day.givenMg * pxPerMg;
  const inset = width * 0.28;
  const label =
    width >= 118
      ? `${formatDoseMg(day.plannedMg)} planned · ${day.givenMg === null ? 'not yet' : `${formatDoseMg(day.givenMg)} given`}`
      : width >= 46
        ? `${day.plannedMg} / ${day.givenMg ?? '–'}`
        : '';
  return (
    <g
      data-testid="taper-day"
      data-date={day.date}
      data-planned={day.plannedMg}
      data-given={day.givenMg ?? ''}
      data-when={day.when}
      className={`taper-day taper-${day.when}`}
    >
      <title>{`${day.stayDayLabel}: planned ${formatDoseMg(day.plannedMg)}, given ${givenText(day)}`}</title>
      <rect
        x={x}
        y={top}
        width={Math.max(0, width)}
        height={Math.max(0, base - top)}
        fill={`url(#${hatch})`}
        stroke={colour}
        strokeWidth={1.2}
      />
      {day.givenMg !== null && (
        <rect
          x={x + inset}
          y={givenTop}
          width={Math.max(0, width - 2 * inset)}
          height={Math.max(day.givenMg > 0 ? 0 : 2, base - givenTop)}
          fill={colour}
        />
      )}
      {label && (
        <text x={x + width / 2} y={top - 4} textAnchor="middle" className="taper-day-label">
          {label}
        </text>
      )}
    </g>
  );
}

export interface TaperCourseProps extends PanelAxisProps {
  series: TaperSeries;
}

/**
 * A drug's taper plan on the course's own time axis: each planned calendar day a hatched block from
 * its midnight to the next, as high as the planned total, with what was given that day solid inside
 * it; a table under it says the same by day of stay.
 */
export function TaperCourse({ series, domain, ticks, end, admittedHours, lastUseAt, zone, layout }: TaperCourseProps) {
  const hatch = `taper-hatch-${useId().replace(/:/g, '')}`;
  const { colour } = DRUG_STYLE[series.drug];
  const name = getDrug(series.drug).name;
  const yMax = Math.max(1, ...series.days.map((d) => Math.max(d.plannedMg, d.givenMg ?? 0))) * 1.25;
  const margin = { ...layout.margin, top: 18, bottom: 6 };
  const plotHeight = TAPER_HEIGHT - margin.top - margin.bottom;
  const yOf = (mg: number) => margin.top + plotHeight * (1 - mg / yMax);
  const visible = series.days.filter((d) => d.toHours > domain.from && d.fromHours < domain.to);
  const outside = series.days.length - visible.length;
  const summary = series.days
    .map((d) => `${d.stayDayLabel}: planned ${formatDoseMg(d.plannedMg)}, given ${givenText(d)}`)
    .join('; ');
  return (
    <div className="taper-plan" data-testid="taper-course" data-drug={series.drug}>
      <h4>{name}: planned and given each day, on the course's time axis</h4>
      <div role="img" aria-label={`${name} taper plan. ${summary}.`} className="chart-surface">
        <LineChart
          data={plannedSteps(series.days)}
          margin={margin}
          style={{ width: '100%', height: TAPER_HEIGHT }}
          responsive
          accessibilityLayer={false}
        >
          <defs>
            <pattern id={hatch} width={6} height={6} patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <rect width={6} height={6} fill="#ffffff" />
              <line x1={0} y1={0} x2={0} y2={6} stroke={colour} strokeWidth={1.5} />
            </pattern>
          </defs>
          <CartesianGrid vertical={false} stroke="#eef1f4" />
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
            domain={[0, yMax]}
            allowDataOverflow
            width={layout.axisWidth}
            tickLine={false}
            label={{
              value: 'mg a day',
              angle: -90,
              position: 'insideLeft',
              offset: layout.titleOffset,
              className: 'axis-title',
            }}
          />
          {visible.map((d) => (
            <ReferenceArea
              key={d.date}
              x1={Math.max(d.fromHours, domain.from)}
              x2={Math.min(d.toHours, domain.to)}
              y1={0}
              y2={d.plannedMg}
              ifOverflow="hidden"
              shape={(props: { x?: number; y?: number; width?: number; height?: number }) => (
                <DayShape {...props} day={d} hatch={hatch} colour={colour} yOf={yOf} />
              )}
            />
          ))}
          <Line
            type="linear"
            dataKey="mg"
            stroke={colour}
            strokeWidth={1.5}
            dot={false}
            activeDot={false}
            connectNulls={false}
            isAnimationActive={false}
          />
        </LineChart>
      </div>
      {outside > 0 && (
        <p className="muted small">
          {outside} planned day{outside === 1 ? '' : 's'} outside the time range shown: choose "Whole expected course"
          to draw the whole plan.
        </p>
      )}
      <table className="table taper-table small" aria-label={`${name} taper, planned and given by day of stay`}>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Planned</th>
            <th scope="col">Given</th>
          </tr>
        </thead>
        <tbody>
          {series.days.map((d) => (
            <tr
              key={d.date}
              className={d.when === 'today' ? 'today' : undefined}
              aria-current={d.when === 'today' ? 'date' : undefined}
            >
              <th scope="row">
                {d.stayDayLabel}
                {d.when === 'today' ? ' · today' : ''}
              </th>
              <td>{formatDoseMg(d.plannedMg)}</td>
              <td>{givenText(d)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="chart-legend" aria-label={`${name} taper key`}>
        <li>
          <svg width={18} height={14} aria-hidden="true">
            <rect x={1} y={1} width={16} height={12} fill={`url(#${hatch})`} stroke={colour} strokeWidth={1.5} />
          </svg>{' '}
          Planned total for the calendar day (hatched, midnight to midnight)
        </li>
        <li>
          <svg width={18} height={14} aria-hidden="true">
            <rect x={5} y={1} width={8} height={12} fill={colour} />
          </svg>{' '}
          Given that day (solid)
        </li>
      </ul>
    </div>
  );
}
