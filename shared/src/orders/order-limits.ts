import { maxPer24hFor } from '../medications/daily-maximum.js';
import type { DrugProtocol, VitalSignHold } from '../medications/protocol.js';
import type { MedicationOrder } from './order.js';

/**
 * Where an order and the unit protocol both limit a dose, the stricter one wins (issue 9): the
 * lower 24 h maximum, the longer minimum interval, the higher hold threshold. These are the limits
 * in force for a dose against the order.
 */
export interface EffectiveLimits {
  maxPer24hMg?: number;
  minIntervalMinutes?: number;
  vitalSignHold?: VitalSignHold;
}

/** docs/clinical.md §6.3: check BP and HR before each dose; an order that adds a hold uses the unit's recency, else 60 min. */
const DEFAULT_VITALS_WITHIN_MINUTES = 60;

function lower(a: number | undefined, b: number | null | undefined): number | undefined {
  if (b == null) return a;
  return a === undefined ? b : Math.min(a, b);
}

function higher(a: number | undefined, b: number | null | undefined): number | undefined {
  if (b == null) return a;
  return a === undefined ? b : Math.max(a, b);
}

/** The order's hold merged over the unit's, field by field; undefined when neither holds. */
export function effectiveHold(
  order: Pick<MedicationOrder, 'hold'>,
  unit: VitalSignHold | undefined,
): VitalSignHold | undefined {
  const own = order.hold;
  if (!own || (own.systolicBelowMmHg == null && own.diastolicBelowMmHg == null && own.heartRateBelowBpm == null))
    return unit;
  // A limit of 0 never holds: an order that sets only systolic leaves the other readings to the unit.
  return {
    systolicBelowMmHg: higher(unit?.systolicBelowMmHg, own.systolicBelowMmHg) ?? 0,
    diastolicBelowMmHg: higher(unit?.diastolicBelowMmHg, own.diastolicBelowMmHg) ?? 0,
    heartRateBelowBpm: higher(unit?.heartRateBelowBpm, own.heartRateBelowBpm) ?? 0,
    vitalsWithinMinutes: unit?.vitalsWithinMinutes ?? DEFAULT_VITALS_WITHIN_MINUTES,
  };
}

/**
 * The stricter of the order's and the unit's limits. The unit's 24 h maximum is the one for this
 * patient's weight (clonidine 1.2 mg from 90 kg, docs/clinical.md §6.3), as enforcement counts it.
 */
export function effectiveLimits(order: MedicationOrder, unit: DrugProtocol, weightKg?: number | null): EffectiveLimits {
  return {
    maxPer24hMg: lower(maxPer24hFor(unit, weightKg), order.maxPer24hMg),
    minIntervalMinutes: higher(unit.minIntervalMinutes, order.minIntervalMinutes),
    vitalSignHold: effectiveHold(order, unit.vitalSignHold),
  };
}

/**
 * The order's own limits as a drug protocol, for running the unit's rules against them. Only the
 * fields the rules read for these limits are set, so unit-only settings (weight-based maximums, hard
 * stops) never stand in for the order's numbers.
 */
export function orderAsDrugProtocol(order: MedicationOrder, unit: DrugProtocol): DrugProtocol {
  const hold = order.hold ? effectiveHold(order, undefined) : undefined;
  return {
    reassessAfterMinutes: unit.reassessAfterMinutes,
    plausibleMaxDoseMg: unit.plausibleMaxDoseMg,
    ...(order.maxPer24hMg != null ? { maxPer24hMg: order.maxPer24hMg } : {}),
    ...(order.minIntervalMinutes != null ? { minIntervalMinutes: order.minIntervalMinutes } : {}),
    ...(hold
      ? {
          vitalSignHold: {
            ...hold,
            vitalsWithinMinutes: unit.vitalSignHold?.vitalsWithinMinutes ?? DEFAULT_VITALS_WITHIN_MINUTES,
          },
        }
      : {}),
  };
}
