import { DateTime } from 'luxon';
import { type ReactNode, useContext } from 'react';
import { formatClock, formatSinceLastUse, stayDayText } from './chart-axis.js';
import { StayDayContext } from './stay-day-context.js';

interface TooltipCardProps {
  /** The instant the row was recorded (ISO with offset). */
  at: string;
  hours: number;
  zone: string;
  children: ReactNode;
}

/** Every tooltip on the chart: what it is, then the clock time in the unit's zone, the day of stay and hours since last use. */
export function TooltipCard({ at, hours, zone, children }: TooltipCardProps) {
  const time = DateTime.fromISO(at, { zone });
  const stay = useContext(StayDayContext);
  return (
    <div className="chart-tooltip">
      {children}
      <p className="chart-tooltip-time">
        {formatClock(time)} <span className="muted">{time.toFormat('ZZZZ')}</span>
      </p>
      <p className="chart-tooltip-time muted">
        {stay && time.isValid ? `${stayDayText(stay.admittedAt, at, zone)} · ` : ''}
        {formatSinceLastUse(hours)}
      </p>
    </div>
  );
}
