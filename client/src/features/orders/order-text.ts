import { type DrugId, type OrderKind, getDrug, orderedDoseText } from '@detox/shared';

/** How orders read on screen: the words a nurse or physician would write on a paper MAR. */

interface OrderWords {
  drug: DrugId;
  doseMg: number;
  doseMaxMg: number | null;
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

/** The order's terms after its title, each a short phrase: schedule, trigger, limits, holds, indication. */
export function orderTerms(order: OrderWords): string[] {
  const terms: string[] = [];
  if (order.everyHours) terms.push(`every ${minutesText(Math.round(order.everyHours * 60))}`);
  if (order.timesOfDay?.length) terms.push(`at ${order.timesOfDay.join(', ')}`);
  if (order.trigger) terms.push(`when ${order.trigger.instrument} ≥ ${order.trigger.minTotal}`);
  if (order.indication) terms.push(`for ${order.indication}`);
  if (order.minIntervalMinutes) terms.push(`at most every ${minutesText(order.minIntervalMinutes)}`);
  if (order.maxPer24hMg) terms.push(`max ${mg(order.maxPer24hMg)} in 24 h`);
  const hold = holdText(order.hold);
  if (hold) terms.push(hold);
  return terms;
}

/** The doses a nurse may choose within an ordered range, in whole steps of the low dose ("2, 4 mg" for 2–4 mg). */
export function dosesWithinOrder(order: Pick<OrderWords, 'doseMg' | 'doseMaxMg'>): number[] {
  if (order.doseMaxMg == null) return [order.doseMg];
  const doses: number[] = [];
  for (let n = 1; n <= 8; n++) {
    const dose = Number((order.doseMg * n).toFixed(3));
    if (dose > order.doseMaxMg + 1e-9) break;
    doses.push(dose);
  }
  if (doses[doses.length - 1] !== order.doseMaxMg) doses.push(order.doseMaxMg);
  return doses;
}
