import { ReferenceLine, XAxis } from 'recharts';
import type { ChartEnd, ClockTick, HourDomain } from './chart-axis.js';
import { LineLabel } from './chart-labels.js';
import { ClockTickLabel } from './clock-tick.js';

export interface HoursAxisProps {
  domain: HourDomain;
  end: ChartEnd;
  /** Hours since last use at admission: nothing is charted before it. */
  admittedHours: number;
  lastUseAt: string;
  zone: string;
  /** Clock ticks at whole hours of the unit's zone, shared by every panel. */
  ticks: readonly ClockTick[];
  /** Tick labels under the panel (the score and vital-signs panels); the strip between them has none. */
  showDays: boolean;
  /** The "Now" label above the line: once, on the top panel. */
  labelEnd: boolean;
}

/**
 * The x axis every hours panel shares: positions are hours since last use, labels are the unit's
 * clock; local midnights as faint lines, the last use, the admission and the now (or discharge)
 * line. Rendered inside each chart so the panels cannot drift apart.
 */
export function HoursAxis({ domain, end, admittedHours, ticks, showDays, labelEnd }: HoursAxisProps) {
  return (
    <>
      <XAxis
        type="number"
        dataKey="h"
        domain={[domain.from, domain.to]}
        allowDataOverflow
        ticks={ticks.map((t) => t.h)}
        interval={0}
        tickLine
        hide={!showDays}
        height={showDays ? 34 : 0}
        tick={(tick) => <ClockTickLabel tick={tick} ticks={ticks} />}
      />
      {ticks
        .filter((t) => t.date !== null && t.time === '00:00')
        .map((t) => (
          <ReferenceLine key={t.h} x={t.h} stroke="#c3ccd5" strokeDasharray="4 4" className="midnight-line" />
        ))}
      {domain.from < 0 && (
        // Hour 0 is only inside the plot when something was charted before the recorded last use.
        <ReferenceLine
          x={0}
          stroke="#5a6773"
          className="last-use-line"
          label={labelEnd ? <LineLabel text="Last use" prefer="right" /> : undefined}
        />
      )}
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
        label={
          labelEnd ? { value: end.label, position: 'top', fill: '#17212b', fontSize: 12, fontWeight: 700 } : undefined
        }
      />
    </>
  );
}
