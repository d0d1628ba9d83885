import type { AdministrationContext } from '../medications/administration-context.js';
import { formatDoseMg } from '../medications/catalogue.js';
import { messageClock } from '../medications/clinical-time.js';
import { dailyMaximum } from '../medications/daily-maximum.js';
import {
  drugName,
  drugTitle,
  givenDoses,
  proposedAtMs,
  sameIngredient,
  toMicrograms,
} from '../medications/given-doses.js';
import { minimumInterval } from '../medications/minimum-interval.js';
import type { DrugProtocol } from '../medications/protocol.js';
import { checkAdministration } from '../medications/rules.js';
import { vitalSignHold } from '../medications/vital-sign-hold.js';
import {
  type AdministrationWarning,
  type WarningCode,
  bySeverity,
  hardStop,
  needsReason,
} from '../medications/warning.js';
import { type MedicationOrder, orderedDoseText, orderedMaxMg } from './order.js';
import { orderAsDrugProtocol } from './order-limits.js';
import { type ScoreReading, triggerState } from './score-trigger.js';

/**
 * Checks a dose charted against its order: the unit protocol's rules as before, then the order's
 * own dose, route, trigger and limits. The order's limits run through the same rules as the unit's
 * (daily-maximum.ts, minimum-interval.ts, vital-sign-hold.ts); where both limits are broken, the
 * stricter one's warning is kept. Outside the order is handled like outside the protocol: a
 * documented reason (412 without one), except a route not ordered, which is refused.
 */
export function checkDoseAgainstOrder(
  ctx: AdministrationContext,
  order: MedicationOrder,
  scores: readonly ScoreReading[],
): AdministrationWarning[] {
  const unitWarnings = checkAdministration(ctx);
  if (ctx.proposed.status !== 'given' || unitWarnings.some((w) => w.hardStop)) return unitWarnings;
  const { drug, doseMg, route } = ctx.proposed;
  const name = drugTitle(drug);
  const own: AdministrationWarning[] = [];

  if (route !== order.route) {
    own.push(
      hardStop(
        'order-route-differs',
        `The order is for ${drugName(drug)} ${order.route}, not ${route}; chart the route ordered, or ask the physician for an order for ${route}`,
      ),
    );
  }
  const doseUg = toMicrograms(doseMg);
  const ordered = orderedDoseText(order);
  if (doseUg > toMicrograms(orderedMaxMg(order))) {
    own.push(
      needsReason(
        'above-order-dose',
        'danger',
        `${name} ${formatDoseMg(doseMg)} is above the ordered dose of ${ordered}; give the ordered dose, or document why`,
      ),
    );
  } else if (doseUg < toMicrograms(order.doseMg)) {
    own.push(
      needsReason(
        'below-order-dose',
        'warning',
        `${name} ${formatDoseMg(doseMg)} is below the ordered dose of ${ordered}; give the ordered dose, or document why`,
      ),
    );
  }

  const unitDrug = ctx.protocol.drugs[drug];
  const orderCtx: AdministrationContext = {
    ...ctx,
    protocol: { ...ctx.protocol, drugs: { ...ctx.protocol.drugs, [drug]: orderAsDrugProtocol(order, unitDrug) } },
    limitsFrom: 'order',
  };
  const limited = [
    ...(order.maxPer24hMg != null ? dailyMaximum(orderCtx) : []),
    ...(order.minIntervalMinutes != null ? minimumInterval(orderCtx) : []),
    ...(order.hold ? vitalSignHold(orderCtx) : []),
  ];

  if (order.kind === 'prn' && order.trigger) {
    const atMs = proposedAtMs(ctx);
    const lastDose = givenDoses(ctx, sameIngredient(drug))
      .filter((d) => d.atMs < atMs)
      .at(-1);
    const state = triggerState(order, scores, atMs, lastDose?.atMs, messageClock(ctx));
    if (state && !state.met) {
      own.push(
        needsReason(
          'prn-trigger-not-met',
          'warning',
          `The order gives ${drugName(drug)} when ${order.trigger.instrument} ≥ ${order.trigger.minTotal}: ${state.text}; rescore first, or document why`,
        ),
      );
    }
  }

  const orderWins = (code: WarningCode) => orderLimitIsStricter(code, order, unitDrug);
  const limitedCodes = new Set(limited.map((w) => w.code));
  const unitCodes = new Set(unitWarnings.map((w) => w.code));
  return bySeverity([
    ...unitWarnings.filter((w) => !(limitedCodes.has(w.code) && orderWins(w.code))),
    ...limited.filter((w) => !(unitCodes.has(w.code) && !orderWins(w.code))),
    ...own,
  ]);
}

/** When the unit and the order both warn with one code, whose limit is stricter (ties: the order's, it is the more specific). */
function orderLimitIsStricter(code: WarningCode, order: MedicationOrder, unit: DrugProtocol): boolean {
  const hold = unit.vitalSignHold;
  switch (code) {
    case 'above-24h-max':
    case 'reaches-24h-max':
    case 'approaching-24h-max':
      return unit.maxPer24hMg === undefined || (order.maxPer24hMg ?? Number.POSITIVE_INFINITY) <= unit.maxPer24hMg;
    case 'below-min-interval':
      return unit.minIntervalMinutes === undefined || (order.minIntervalMinutes ?? 0) >= unit.minIntervalMinutes;
    case 'hold-low-systolic':
      return hold === undefined || (order.hold?.systolicBelowMmHg ?? 0) >= hold.systolicBelowMmHg;
    case 'hold-low-diastolic':
      return hold === undefined || (order.hold?.diastolicBelowMmHg ?? 0) >= hold.diastolicBelowMmHg;
    case 'hold-low-heart-rate':
      return hold === undefined || (order.hold?.heartRateBelowBpm ?? 0) >= hold.heartRateBelowBpm;
    default:
      // Missing or old vital signs: the same finding either way; the unit's wording is kept.
      return hold === undefined;
  }
}
