import { type DrugId, getDrug } from '../medications/catalogue.js';
import { type OrderKind, orderedDoseText } from './order.js';

/**
 * How an order reads in words, the way a physician writes it on a paper MAR: used on screen, in the
 * shift report (screen, CSV, PDF) and on the downtime snapshot, so every place says the same.
 */

export interface OrderWords {
  drug: DrugId;
  doseMg: number;
  doseMaxMg?: number | null;
  route: string;
  kind: OrderKind;
  everyHours?: number | null;
  timesOfDay?: readonly string[] | null;
  indication?: string | null;
  trigger?: { instrument: string; minTotal: number } | null;
  minIntervalMinutes?: number | null;
  maxPer24hMg?: number | null;
  hold?: { systolicBelowMmHg?: number; diastolicBelowMmHg?: number; heartRateBelowBpm?: number } | null;
}

const KIND_WORD: Record<OrderKind, string> = { scheduled: 'scheduled', prn: 'PRN', once: 'once' };

/** "Clonidine 0.1 mg PO PRN", "Loperamide 2–4 mg PO PRN" */
export function orderTitle(order: Pick<OrderWords, 'drug' | 'doseMg' | 'doseMaxMg' | 'route' | 'kind'>): string {
  return `${getDrug(order.drug).name} ${orderedDoseText(order)} ${order.route} ${KIND_WORD[order.kind]}`;
}

/** "4 h", "90 min", "1 h 30 min" */
export function minutesText(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

function mg(value: number): string {
  return `${Number(value.toFixed(3))} mg`;
}

/** "hold if SBP < 90, DBP < 60, HR < 60" */
export function holdText(hold: OrderWords['hold']): string | null {
  if (!hold) return null;
  const parts = [
    hold.systolicBelowMmHg !== undefined ? `SBP < ${hold.systolicBelowMmHg}` : null,
    hold.diastolicBelowMmHg !== undefined ? `DBP < ${hold.diastolicBelowMmHg}` : null,
    hold.heartRateBelowBpm !== undefined ? `HR < ${hold.heartRateBelowBpm}` : null,
  ].filter((p): p is string => p !== null);
  return parts.length ? `hold if ${parts.join(', ')}` : null;
}

/** "every 4 h", "at 08:00, 20:00", "once"; null for a PRN. */
export function scheduleText(order: Pick<OrderWords, 'kind' | 'everyHours' | 'timesOfDay'>): string | null {
  if (order.everyHours) return `every ${minutesText(Math.round(order.everyHours * 60))}`;
  if (order.timesOfDay?.length) return `at ${order.timesOfDay.join(', ')}`;
  return order.kind === 'once' ? 'once' : null;
}

/** What a PRN is given for: "when COWS ≥ 8; for restlessness"; null when not a PRN or none given. */
export function prnCriteriaText(order: Pick<OrderWords, 'kind' | 'trigger' | 'indication'>): string | null {
  const parts = [
    order.trigger ? `when ${order.trigger.instrument} ≥ ${order.trigger.minTotal}` : null,
    order.indication ? `for ${order.indication}` : null,
  ].filter(Boolean);
  return parts.length ? parts.join('; ') : null;
}

/** The order's terms after its title, each a short phrase: schedule, trigger, limits, holds, indication. */
export function orderTerms(order: OrderWords): string[] {
  const terms: string[] = [];
  const schedule = order.kind === 'once' ? null : scheduleText(order);
  if (schedule) terms.push(schedule);
  if (order.trigger) terms.push(`when ${order.trigger.instrument} ≥ ${order.trigger.minTotal}`);
  if (order.indication) terms.push(`for ${order.indication}`);
  if (order.minIntervalMinutes) terms.push(`at most every ${minutesText(order.minIntervalMinutes)}`);
  if (order.maxPer24hMg) terms.push(`max ${mg(order.maxPer24hMg)} in 24 h`);
  const hold = holdText(order.hold);
  if (hold) terms.push(hold);
  return terms;
}
