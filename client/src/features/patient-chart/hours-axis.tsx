import { ReferenceLine, XAxis } from 'recharts';
import type { ChartEnd, HourDomain } from './chart-axis.js';
import { dayBoundaries, dayTicks } from './chart-axis.js';
import { LineLabel } from './chart-labels.js';
import { DayTick } from './day-tick.js';

export interface HoursAxisProps {
  domain: HourDomain;
  end: ChartEnd;
  /** Hours since last use at admission: nothing is charted before it. */
  admittedHours: number;
  lastUseAt: string;
  zone: string;
  /** Day labels under the panel (the score and vital-signs panels); the strip between them has none. */
  showDays: boolean;
  /** The "Now" label above the line: once, on the top panel. */
  labelEnd: boolean;
}

/**
 * The x axis every hours panel shares: hours since last use, day boundaries as faint lines, and the
 * now (or discharge) line. Rendered inside each chart so the three panels cannot drift apart.
 */
export function HoursAxis({ domain, end, admittedHours, lastUseAt, zone, showDays, labelEnd }: HoursAxisProps) {
  const ticks = dayTicks(domain);
  const showHours = ticks.length <= 12;
  return (
    <>
      <XAxis
        type="number"
        dataKey="h"
        domain={[domain.from, domain.to]}
        allowDataOverflow
        ticks={ticks.map((t) => t.mid)}
        interval={ticks.length > 16 ? 1 : 0}
        tickLine={false}
        hide={!showDays}
        height={showDays ? (showHours ? 34 : 22) : 0}
        tick={(tick) => <DayTick tick={tick} lastUseAt={lastUseAt} zone={zone} showHours={showHours} />}
      />
      {dayBoundaries(domain).map((h) => (
        <ReferenceLine
          key={h}
          x={h}
          stroke={h === 0 ? '#5a6773' : '#c3ccd5'}
          strokeDasharray={h === 0 ? undefined : '4 4'}
          className="day-line"
          // Hour 0 is only inside the plot when something was charted before the recorded last use.
          label={h === 0 && domain.from < 0 && labelEnd ? <LineLabel text="Last use" prefer="right" /> : undefined}
        />
      ))}
      {admittedHours > domain.from && admittedHours < end.hours && (
        <ReferenceLine
          x={admittedHours}
          stroke="#5a6773"
          strokeDasharray="1 3"
          strokeWidth={1.5}
          className="admitted-line"
          label={labelEnd ? <LineLabel text="Admitted" prefer="left" /> : undefined}
        />
      )}
      <ReferenceLine
        x={end.hours}
        stroke="#17212b"
        strokeWidth={1.5}
        className="end-line"
        label={labelEnd ? { value: end.label, position: 'top', fill: '#17212b', fontSize: 12, fontWeight: 700 } : undefined}
      />
    </>
  );
}
