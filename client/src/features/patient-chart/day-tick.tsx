import type { XAxisTickContentProps } from 'recharts';
import { clockAt, formatClock } from './chart-axis.js';

interface DayTickProps {
  tick: XAxisTickContentProps;
  lastUseAt: string;
  zone: string;
  /** Whether to print the hour range under the day: off on crowded axes. */
  showHours: boolean;
}

/**
 * "Day 3" over the middle of the day, with "48–72 h" beneath it; hovering shows the clock times the
 * day spans in the unit's zone (a native SVG title, so it also works without the chart tooltip).
 */
export function DayTick({ tick, lastUseAt, zone, showHours }: DayTickProps) {
  const mid = Number(tick.payload.value);
  const x = Number(tick.x);
  const y = Number(tick.y);
  if (!Number.isFinite(mid) || !Number.isFinite(x) || !Number.isFinite(y)) return null;
  const start = mid - 12;
  const day = Math.floor(start / 24) + 1;
  const from = formatClock(clockAt(lastUseAt, start, zone));
  const to = formatClock(clockAt(lastUseAt, start + 24, zone));
  return (
    <g className="day-tick" data-day={day}>
      <title>{`Day ${day}: ${start}–${start + 24} h since last use, ${from} to ${to} (${zone})`}</title>
      <text x={x} y={y + 12} textAnchor="middle" className="day-tick-label">
        {`Day ${day}`}
      </text>
      {showHours && (
        <text x={x} y={y + 26} textAnchor="middle" className="day-tick-hours">
          {`${start}–${start + 24} h`}
        </text>
      )}
    </g>
  );
}
