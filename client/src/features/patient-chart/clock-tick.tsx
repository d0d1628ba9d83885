import type { XAxisTickContentProps } from 'recharts';
import type { ClockTick } from './chart-axis.js';

/**
 * "08:00" at a whole hour of the unit's clock, with the date ("Wed 02 Dec") under the first tick and
 * each midnight: the time of every point can be read off the axis, without hovering (a tablet has no
 * hover).
 */
export function ClockTickLabel({ tick, ticks }: { tick: XAxisTickContentProps; ticks: readonly ClockTick[] }) {
  const h = Number(tick.payload.value);
  const x = Number(tick.x);
  const y = Number(tick.y);
  const clock = ticks.find((t) => Math.abs(t.h - h) < 1e-6);
  if (!clock || !Number.isFinite(x) || !Number.isFinite(y)) return null;
  return (
    <g className="clock-tick" data-testid="clock-tick" data-time={clock.time}>
      <text x={x} y={y + 12} textAnchor="middle" className="clock-tick-time">
        {clock.time}
      </text>
      {clock.date && (
        <text x={x} y={y + 26} textAnchor="middle" className="clock-tick-date">
          {clock.date}
        </text>
      )}
    </g>
  );
}
