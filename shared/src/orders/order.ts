import type { InstrumentId } from '../instruments/instrument.js';
import type { AdministrationStatus, DrugId, Route } from '../medications/catalogue.js';

/** What a physician orders for one admission (issue 9). Times are ISO-8601 with an offset. */

export const ORDER_KINDS = ['scheduled', 'prn', 'once'] as const;
export type OrderKind = (typeof ORDER_KINDS)[number];

export const ORDER_STATUSES = ['active', 'discontinued', 'completed'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** A PRN given only when the latest score of this instrument is at least minTotal ("COWS ≥ 8"). */
export interface ScoreTrigger {
  instrument: InstrumentId;
  minTotal: number;
}

/** The order's own hold parameters; each one omitted leaves the unit protocol's (stricter wins). */
export interface OrderHold {
  systolicBelowMmHg?: number;
  diastolicBelowMmHg?: number;
  heartRateBelowBpm?: number;
}

export interface MedicationOrder {
  id: number;
  drug: DrugId;
  /** The dose, or the low end of a PRN range (loperamide 2-4 mg). */
  doseMg: number;
  /** The high end of a range; omitted: a fixed dose. */
  doseMaxMg?: number | null;
  route: Route;
  kind: OrderKind;
  /** scheduled: every N hours from startAt... */
  everyHours?: number | null;
  /** ...or at these local times ("08:00") in the unit's time zone. */
  timesOfDay?: readonly string[] | null;
  indication?: string | null;
  trigger?: ScoreTrigger | null;
  minIntervalMinutes?: number | null;
  maxPer24hMg?: number | null;
  hold?: OrderHold | null;
  startAt: string;
  endAt?: string | null;
  /** When it was discontinued; the order stays visible. */
  discontinuedAt?: string | null;
}

/** A charted administration (not superseded, not entered in error), with the order it was given against. */
export interface ChartedDose {
  orderId: number | null;
  drug: DrugId;
  doseMg: number;
  givenAt: string;
  status: AdministrationStatus;
}

/** The highest dose the order allows at once. */
export function orderedMaxMg(order: Pick<MedicationOrder, 'doseMg' | 'doseMaxMg'>): number {
  return order.doseMaxMg ?? order.doseMg;
}

/** "0.1 mg", "2–4 mg" */
export function orderedDoseText(order: Pick<MedicationOrder, 'doseMg' | 'doseMaxMg'>): string {
  const n = (mg: number) => String(Number(mg.toFixed(3)));
  return order.doseMaxMg == null ? `${n(order.doseMg)} mg` : `${n(order.doseMg)}–${n(order.doseMaxMg)} mg`;
}

/**
 * The order's state at an instant: discontinued from its discontinuation; completed once a `once`
 * order has a dose given against it, or from its end; active otherwise (also before its start,
 * which the due list shows as not yet started).
 */
export function orderStatusAt(order: MedicationOrder, doses: readonly ChartedDose[], atMs: number): OrderStatus {
  if (order.discontinuedAt != null && Date.parse(order.discontinuedAt) <= atMs) return 'discontinued';
  if (order.endAt != null && Date.parse(order.endAt) <= atMs) return 'completed';
  if (order.kind === 'once' && doses.some((d) => d.orderId === order.id && d.status === 'given')) return 'completed';
  return 'active';
}
