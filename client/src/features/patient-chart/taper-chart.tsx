import { type DrugId, getDrug } from '@detox/shared';
import { DateTime } from 'luxon';
import { useId } from 'react';
import { Bar, BarChart, CartesianGrid, LabelList, Tooltip, type TooltipContentProps, XAxis, type XAxisTickContentProps, YAxis } from 'recharts';
import type { TimelineData } from '../../lib/api-types.js';
import { hoursOf } from './chart-axis.js';
import { TAPER_HEIGHT } from './chart-layout.js';
import { formatDose } from './medication-strip.js';
import { DRUG_STYLE } from './medication-style.js';

type TaperDay = TimelineData['taper'][number];

/** A planned day; `givenMg` is null for days still to come, so they do not read as "none given". */
export interface TaperRow {
  readonly day: number;
  readonly date: string;
  readonly plannedMg: number;
  readonly givenMg: number | null;
  readonly when: 'past' | 'today' | 'future';
}

export interface TaperPlan {
  readonly drug: DrugId;
  readonly rows: TaperRow[];
}

export function taperPlans(taper: TimelineData['taper'], zone: string, nowMs: number): TaperPlan[] {
  const today = DateTime.fromMillis(nowMs, { zone }).toISODate() ?? '';
  const byDrug = new Map<DrugId, TaperDay[]>();
  for (const d of taper) byDrug.set(d.drug, [...(byDrug.get(d.drug) ?? []), d]);
  return [...byDrug].map(([drug, days]) => ({
    drug,
    rows: days.map((d) => {
      const when = d.date < today ? 'past' : d.date === today ? 'today' : 'future';
      return { day: d.day, date: d.date, plannedMg: d.plannedMg, givenMg: when === 'future' ? null : d.givenMg, when };
    }),
  }));
}

/** Four or five round steps (1, 2, 2.5 or 5 times a power of ten) from 0 to just above the largest dose. */
export function mgTicks(rows: readonly TaperRow[]): number[] {
  const max = rows.reduce((m, r) => Math.max(m, r.plannedMg, r.givenMg ?? 0), 0);
  if (max <= 0) return [0, 1];
  const raw = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((candidate) => candidate >= raw) ?? 10 * magnitude;
  const count = Math.ceil(max / step - 1e-9);
  return Array.from({ length: count + 1 }, (_, i) => Number((i * step).toPrecision(6)));
}

function DateTick({ tick, rows, zone }: { tick: XAxisTickContentProps; rows: readonly TaperRow[]; zone: string }) {
  const row = rows.find((r) => r.day === Number(tick.payload.value));
  if (!row) return null;
  const x = Number(tick.x);
  const y = Number(tick.y);
  return (
    <g className="day-tick">
      <text x={x} y={y + 12} textAnchor="middle" className="day-tick-label">
        {DateTime.fromISO(row.date, { zone }).toFormat('ccc d LLL')}
      </text>
      <text x={x} y={y + 26} textAnchor="middle" className="day-tick-hours">
        {row.when === 'today' ? 'today' : `stay day ${row.day}`}
      </text>
    </g>
  );
}

function TaperTooltip({ payload, lastUseAt, zone }: { payload: TooltipContentProps['payload']; lastUseAt: string; zone: string }) {
  const row: TaperRow | undefined = payload[0]?.payload;
  if (!row) return null;
  const start = DateTime.fromISO(row.date, { zone });
  const from = hoursOf(lastUseAt, start.toISO() ?? '');
  const to = hoursOf(lastUseAt, start.plus({ days: 1 }).toISO() ?? '');
  return (
    <div className="chart-tooltip">
      <p className="chart-tooltip-title">
        {start.toFormat('cccc d LLL')} <span className="muted">(stay day {row.day})</span>
      </p>
      <p>
        Planned {formatDose(row.plannedMg)} · given {row.givenMg === null ? '— (not yet)' : formatDose(row.givenMg)}
        {row.when === 'today' ? ' so far' : ''}
      </p>
      <p className="chart-tooltip-time muted">
        00:00–24:00 {start.toFormat('ZZZZ')} · {from.toFixed(1)}–{to.toFixed(1)} h since last use
      </p>
    </div>
  );
}

export function TaperChart({ plan, lastUseAt, zone }: { plan: TaperPlan; lastUseAt: string; zone: string }) {
  const hatch = `taper-hatch-${useId().replace(/:/g, '')}`;
  const { colour } = DRUG_STYLE[plan.drug];
  const name = getDrug(plan.drug).name;
  const ticks = mgTicks(plan.rows);
  const summary = plan.rows
    .map((r) => `${r.date}: planned ${formatDose(r.plannedMg)}, given ${r.givenMg === null ? 'not yet' : formatDose(r.givenMg)}`)
    .join('; ');
  return (
    <div className="taper-plan">
      <h4>{name}: planned and given, mg per calendar day</h4>
      <div role="img" aria-label={`${name} taper plan. ${summary}.`} className="chart-surface">
        <BarChart data={plan.rows} margin={{ top: 18, right: 16, bottom: 4, left: 4 }} style={{ width: '100%', height: TAPER_HEIGHT }} responsive accessibilityLayer={false} barGap={2}>
          <defs>
            <pattern id={hatch} width={6} height={6} patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <rect width={6} height={6} fill="#ffffff" />
              <line x1={0} y1={0} x2={0} y2={6} stroke={colour} strokeWidth={2} />
            </pattern>
          </defs>
          <CartesianGrid vertical={false} stroke="#eef1f4" />
          <XAxis dataKey="day" type="category" tickLine={false} interval={0} height={34} tick={(tick) => <DateTick tick={tick} rows={plan.rows} zone={zone} />} />
          <YAxis width={56} tickLine={false} domain={[0, ticks.at(-1) ?? 1]} ticks={ticks} label={{ value: 'mg', angle: -90, position: 'insideLeft', offset: 14, className: 'axis-title' }} />
          <Bar dataKey="plannedMg" name="Planned" fill={`url(#${hatch})`} stroke={colour} strokeWidth={1.5} minPointSize={2} maxBarSize={44} isAnimationActive={false}>
            <LabelList dataKey="plannedMg" position="top" className="bar-label" />
          </Bar>
          <Bar dataKey="givenMg" name="Given" fill={colour} stroke={colour} minPointSize={2} maxBarSize={44} isAnimationActive={false}>
            <LabelList dataKey="givenMg" position="top" className="bar-label" />
          </Bar>
          <Tooltip isAnimationActive={false} cursor={{ fill: 'rgba(23, 33, 43, 0.06)' }} content={(props) => <TaperTooltip payload={props.payload} lastUseAt={lastUseAt} zone={zone} />} />
        </BarChart>
      </div>
      <ul className="chart-legend" aria-label={`${name} taper key`}>
        <li>
          <svg width={18} height={14} aria-hidden="true">
            <rect x={1} y={1} width={16} height={12} fill={`url(#${hatch})`} stroke={colour} strokeWidth={1.5} />
          </svg>{' '}
          Planned (hatched)
        </li>
        <li>
          <svg width={18} height={14} aria-hidden="true">
            <rect x={1} y={1} width={16} height={12} fill={colour} />
          </svg>{' '}
          Given (solid)
        </li>
      </ul>
    </div>
  );
}
