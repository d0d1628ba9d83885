import { formatDoseMg, getDrug } from '@detox/shared';
import { DateTime } from 'luxon';
import { ReferenceDot } from 'recharts';
import type { TimelineData } from '../../lib/api-types.js';
import type { HourDomain } from './chart-axis.js';
import { DRUG_STYLE } from './medication-style.js';

export type ChartOrder = TimelineData['orders'][number];

/** An order's start or end on its drug's lane. */
export interface OrderEvent {
  readonly order: ChartOrder;
  readonly kind: 'started' | 'discontinued' | 'completed';
  readonly h: number;
  readonly at: string;
}

/** Each order's start, and its end when it was discontinued or ran to its end time, inside the axis. */
export function orderEvents(orders: readonly ChartOrder[], domain: HourDomain, endHours: number): OrderEvent[] {
  const events: OrderEvent[] = [];
  for (const order of orders) {
    events.push({ order, kind: 'started', h: order.startHours, at: order.startAt });
    if (order.discontinuedAt !== null && order.endHours !== null)
      events.push({ order, kind: 'discontinued', h: order.endHours, at: order.discontinuedAt });
    // An end time still to come is not an event yet.
    else if (order.endAt !== null && order.endHours !== null && order.endHours <= endHours)
      events.push({ order, kind: 'completed', h: order.endHours, at: order.endAt });
  }
  return events.filter((e) => e.h >= domain.from && e.h <= domain.to);
}

export function orderEventText(e: OrderEvent, zone: string): string {
  const at = DateTime.fromISO(e.at, { zone }).toFormat('ccc d LLL, HH:mm');
  const what = `${getDrug(e.order.drug).name} ${formatDoseMg(e.order.doseMg)} ${e.order.route} ${e.order.kind === 'prn' ? 'PRN' : e.order.kind}`;
  if (e.kind === 'started') return `Order started ${at}: ${what}`;
  if (e.kind === 'discontinued')
    return `Order discontinued ${at}: ${what}${e.order.discontinueReason ? ` (${e.order.discontinueReason})` : ''}`;
  return `Order ended ${at}: ${what}`;
}

/**
 * A start is a flag pointing right ("from here"); an end a bar with a cross ("no more"), in the
 * drug's colour, on the drug's lane.
 */
function OrderShape({ cx, cy, event, zone }: { cx?: number; cy?: number; event: OrderEvent; zone: string }) {
  if (cx === undefined || cy === undefined) return null;
  const colour = DRUG_STYLE[event.order.drug].colour;
  return (
    <g
      data-testid="order-marker"
      data-event={event.kind}
      data-drug={event.order.drug}
      className={`order-marker order-${event.kind}`}
    >
      <title>{orderEventText(event, zone)}</title>
      {event.kind === 'started' ? (
        <path
          d={`M${cx},${cy - 11}L${cx},${cy + 11}M${cx},${cy - 11}L${cx + 7},${cy - 7.5}L${cx},${cy - 4}`}
          fill={colour}
          stroke={colour}
          strokeWidth={1.6}
        />
      ) : (
        <path
          d={`M${cx},${cy - 11}L${cx},${cy + 11}M${cx - 4},${cy - 11}L${cx + 4},${cy - 3}M${cx + 4},${cy - 11}L${cx - 4},${cy - 3}`}
          fill="none"
          stroke={colour}
          strokeWidth={1.8}
        />
      )}
    </g>
  );
}

/** The markers, placed on each drug's lane (lane index by drug). */
export function orderMarkers(
  events: readonly OrderEvent[],
  laneOf: (drug: ChartOrder['drug']) => number,
  zone: string,
) {
  return events.map((e) => (
    <ReferenceDot
      key={`${e.order.id}-${e.kind}`}
      x={e.h}
      y={laneOf(e.order.drug)}
      r={0}
      ifOverflow="discard"
      shape={(props: { cx?: number; cy?: number }) => <OrderShape cx={props.cx} cy={props.cy} event={e} zone={zone} />}
    />
  ));
}
