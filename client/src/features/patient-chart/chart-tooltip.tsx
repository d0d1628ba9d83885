import type { ReactNode } from 'react';
import { formatClock, formatSinceLastUse } from './chart-axis.js';
import { DateTime } from 'luxon';

interface TooltipCardProps {
  /** The instant the row was recorded (ISO with offset). */
  at: string;
  hours: number;
  zone: string;
  children: ReactNode;
}

/** Every tooltip on the chart: what it is, then the clock time in the unit's zone and hours since last use. */
export function TooltipCard({ at, hours, zone, children }: TooltipCardProps) {
  const time = DateTime.fromISO(at, { zone });
  return (
    <div className="chart-tooltip">
      {children}
      <p className="chart-tooltip-time">
        {formatClock(time)} <span className="muted">{time.toFormat('ZZZZ')}</span>
      </p>
      <p className="chart-tooltip-time muted">{formatSinceLastUse(hours)}</p>
    </div>
  );
}
