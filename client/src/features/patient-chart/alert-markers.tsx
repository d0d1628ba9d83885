import { DateTime } from 'luxon';
import type { TimelineData } from '../../lib/api-types.js';

export type ChartAlert = TimelineData['alerts'][number];

const COLOUR = { danger: '#b3261e', warning: '#8a5a00' } as const;

/** "Precipitated withdrawal … — acknowledged by Dr. Ben Carter 10:42: buprenorphine held", in words. */
export function alertText(alert: ChartAlert, zone: string): string {
  const raised = DateTime.fromISO(alert.raisedAt, { zone }).toFormat('ccc d LLL, HH:mm');
  if (!alert.acknowledgedAt) return `${raised} — ${alert.message} — open, not acknowledged`;
  const at = DateTime.fromISO(alert.acknowledgedAt, { zone }).toFormat('ccc d LLL, HH:mm');
  const who = alert.acknowledgedBy ? ` by ${alert.acknowledgedBy}` : '';
  return `${raised} — ${alert.message} — acknowledged${who} ${at}${alert.acknowledgementNote ? `: ${alert.acknowledgementNote}` : ''}`;
}

/** The triangle: filled while the alert is open, an outline once acknowledged (it stays on the chart). */
function Triangle({ x, y, alert }: { x: number; y: number; alert: ChartAlert }) {
  const colour = COLOUR[alert.severity];
  const open = alert.acknowledgedAt === null;
  return (
    <path
      d={`M${x - 6},${y}L${x + 6},${y}L${x},${y + 10}Z`}
      fill={open ? colour : '#ffffff'}
      stroke={open ? '#ffffff' : colour}
      strokeWidth={open ? 1 : 2}
    />
  );
}

/** A raised alert at the top of the plot, over a thin line at the moment it was raised; its words on hover. */
export function AlertMarker({
  viewBox,
  alert,
  zone,
}: {
  viewBox?: { x?: number; y?: number };
  alert: ChartAlert;
  zone: string;
}) {
  const x = viewBox?.x ?? 0;
  const y = (viewBox?.y ?? 0) + 2;
  return (
    <g
      data-testid="alert-marker"
      data-code={alert.code}
      data-severity={alert.severity}
      data-acknowledged={alert.acknowledgedAt ? 'true' : 'false'}
      className={`alert-marker${alert.acknowledgedAt ? ' acknowledged' : ''}`}
    >
      <title>{alertText(alert, zone)}</title>
      <Triangle x={x} y={y} alert={alert} />
    </g>
  );
}

export function alertLineStyle(alert: ChartAlert): { stroke: string; strokeDasharray: string } {
  return { stroke: COLOUR[alert.severity], strokeDasharray: alert.acknowledgedAt ? '1 4' : '3 3' };
}

/** Under the chart: every alert of the stay in words (a tablet has no hover), open ones marked as such. */
export function AlertList({ alerts, zone }: { alerts: readonly ChartAlert[]; zone: string }) {
  if (alerts.length === 0) return null;
  return (
    <ul className="chart-legend chart-alerts" aria-label="Alerts on the chart">
      {alerts.map((a) => (
        <li key={a.id} data-testid="alert-legend-item" data-acknowledged={a.acknowledgedAt ? 'true' : 'false'}>
          <svg width={14} height={13} aria-hidden="true">
            <Triangle x={7} y={1.5} alert={a} />
          </svg>{' '}
          {alertText(a, zone)}
        </li>
      ))}
      <li className="muted">Filled triangle: open alert; outlined: acknowledged.</li>
    </ul>
  );
}
