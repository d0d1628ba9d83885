import {
  type DrugProtocol,
  type UnitProtocol,
  effectiveLimits,
  getDrug,
  orderStatusAt,
  orderTerms,
  orderTitle,
  orderedDoseText,
  prnCriteriaText,
  scheduleText,
  scheduledTimesMs,
} from '@detox/shared';
import type { OrderDose, OrderRecord } from '../services/shift-report-orders.js';
import type { DueDoseItem, PatientOrders, PrnUse, ReportOrder } from './shift-report-types.js';

/**
 * One patient's orders for the shift report and the downtime snapshot (issue 9): the orders active
 * at the end of the window, the scheduled doses falling in the following window, PRN use against
 * each order, and orders waiting for a countersignature. The rules (order status, schedule times,
 * the stricter of order and unit limits) are the shared ones the due list and the dose check use.
 */

export interface OrdersWindow {
  from: string;
  to: string;
  /** The instant the orders are judged at: the earlier of now and `to`. */
  asOf: string;
  /** Where the doses due are listed: the next shift, or the next 24 h on a downtime sheet. */
  dueFrom: string;
  dueTo: string;
}

const DAY_MS = 24 * 3_600_000;

function mg(value: number): number {
  return Number(value.toFixed(3));
}

/** The limits in force as phrases; a hold threshold of 0 (none on that reading) is left out. */
function limitPhrases(
  record: OrderRecord,
  unit: DrugProtocol | undefined,
  weightKg: number | null,
): { phrases: string[]; maxPer24hMg: number | null } {
  const { order } = record;
  // The unit's 24 h maximum for this patient's weight (clonidine 1.2 mg from 90 kg), as the dose check counts it.
  const limits = unit
    ? effectiveLimits(order, unit, weightKg)
    : {
        maxPer24hMg: order.maxPer24hMg ?? undefined,
        minIntervalMinutes: order.minIntervalMinutes ?? undefined,
        vitalSignHold: undefined,
      };
  const h = limits.vitalSignHold;
  const hold = h
    ? {
        ...(h.systolicBelowMmHg > 0 ? { systolicBelowMmHg: h.systolicBelowMmHg } : {}),
        ...(h.diastolicBelowMmHg > 0 ? { diastolicBelowMmHg: h.diastolicBelowMmHg } : {}),
        ...(h.heartRateBelowBpm > 0 ? { heartRateBelowBpm: h.heartRateBelowBpm } : {}),
      }
    : null;
  const phrases = orderTerms({
    drug: order.drug,
    doseMg: order.doseMg,
    route: order.route,
    kind: order.kind,
    minIntervalMinutes: limits.minIntervalMinutes ?? null,
    maxPer24hMg: limits.maxPer24hMg ?? null,
    hold,
  });
  return { phrases, maxPer24hMg: limits.maxPer24hMg ?? null };
}

export function reportOrder(
  record: OrderRecord,
  status: ReportOrder['status'],
  protocol: UnitProtocol,
  weightKg: number | null = null,
): ReportOrder {
  const { order } = record;
  const limits = limitPhrases(record, protocol.drugs[order.drug], weightKg);
  return {
    id: order.id,
    drug: order.drug,
    drugName: getDrug(order.drug).name,
    title: orderTitle(order),
    dose: orderedDoseText(order),
    route: order.route,
    kind: order.kind,
    status,
    schedule: scheduleText(order),
    prnCriteria: order.kind === 'prn' ? prnCriteriaText(order) : null,
    limits: limits.phrases,
    maxPer24hMg: limits.maxPer24hMg,
    startAt: order.startAt,
    endAt: order.endAt ?? null,
    channel: record.channel,
    orderedBy: record.orderedBy,
    enteredBy: record.channel === 'written' ? null : record.enteredBy,
    recordedAt: record.recordedAt,
    awaitingCountersign: record.channel !== 'written' && record.countersigned === null,
    countersigned: record.countersigned,
  };
}

export function patientOrders(
  records: readonly OrderRecord[],
  doses: readonly OrderDose[],
  protocol: UnitProtocol,
  w: OrdersWindow,
  zone: string,
  /** Admission weight in kg (weight-based 24 h maximums); null when not recorded. */
  weightKg: number | null = null,
): PatientOrders {
  const asOfMs = Date.parse(w.asOf);
  const known = doses.filter((d) => Date.parse(d.givenAt) <= asOfMs);
  const all = records.map((r) => reportOrder(r, orderStatusAt(r.order, known, asOfMs), protocol, weightKg));
  const active = all.filter((o) => o.status === 'active');

  const dueFromMs = Date.parse(w.dueFrom);
  const dueToMs = Date.parse(w.dueTo);
  const dueNext: DueDoseItem[] = [];
  for (const r of records) {
    const shown = active.find((o) => o.id === r.order.id);
    if (!shown || r.order.kind === 'prn') continue;
    // The window is half-open: a dose at the next shift's first minute belongs to the next shift.
    for (const t of scheduledTimesMs(r.order, dueFromMs, dueToMs - 1, zone))
      dueNext.push({ orderId: r.order.id, title: shown.title, dueAt: new Date(t).toISOString() });
  }
  dueNext.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.orderId - b.orderId);

  const prnUse: PrnUse[] = [];
  for (const o of all) {
    if (o.kind !== 'prn') continue;
    const mine = known.filter((d) => d.orderId === o.id);
    const inShift = mine.filter((d) => d.givenAt >= w.from && d.givenAt < w.to);
    const given = inShift.filter((d) => d.status === 'given');
    const givenMg24h = mine
      .filter((d) => d.status === 'given' && Date.parse(d.givenAt) > asOfMs - DAY_MS)
      .reduce((sum, d) => sum + d.doseMg, 0);
    // Only the PRNs used: charted this shift, or counting toward the 24 h maximum.
    if (inShift.length === 0 && givenMg24h === 0) continue;
    prnUse.push({
      orderId: o.id,
      title: o.title,
      given: given.length,
      held: inShift.filter((d) => d.status === 'held').length,
      refused: inShift.filter((d) => d.status === 'refused').length,
      givenMgInShift: mg(given.reduce((sum, d) => sum + d.doseMg, 0)),
      givenMg24h: mg(givenMg24h),
      maxPer24hMg: o.maxPer24hMg,
      percentOfMax: o.maxPer24hMg ? Math.round((givenMg24h / o.maxPer24hMg) * 100) : null,
    });
  }

  return { active, dueNext, prnUse, awaitingCountersign: all.filter((o) => o.awaitingCountersign) };
}

/** "Clonidine 0.1 mg PO PRN: 2 given (0.2 mg), 1 held; 0.3 of 1.2 mg in 24 h (25 %)" */
export function prnUseText(u: PrnUse): string {
  const counts = [
    `${u.given} given${u.given ? ` (${u.givenMgInShift} mg)` : ''}`,
    ...(u.held ? [`${u.held} held`] : []),
    ...(u.refused ? [`${u.refused} refused`] : []),
  ].join(', ');
  const total = u.maxPer24hMg
    ? `${u.givenMg24h} of ${mg(u.maxPer24hMg)} mg in 24 h (${u.percentOfMax} %)`
    : `${u.givenMg24h} mg in 24 h, no 24 h maximum`;
  return `${u.title}: ${counts}; ${total}`;
}

/** "Clonidine 0.1 mg PO PRN — when COWS ≥ 8; at most every 4 h; ordered by Dr. X (verbal, entered by Y, AWAITING COUNTERSIGNATURE)" */
export function orderLineText(o: ReportOrder): string {
  const how = [o.schedule, o.prnCriteria, ...o.limits].filter(Boolean).join('; ');
  const who =
    o.channel === 'written'
      ? `ordered by ${o.orderedBy}`
      : `${o.channel} order from ${o.orderedBy}, entered by ${o.enteredBy}${o.awaitingCountersign ? ', AWAITING COUNTERSIGNATURE' : o.countersigned ? `, countersigned by ${o.countersigned.by}` : ''}`;
  return `${o.title}${how ? ` — ${how}` : ''} (${who})`;
}
