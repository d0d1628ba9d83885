import { type DrugId, getDrug } from './catalogue.js';
import { maxPer24hFor } from './daily-maximum.js';
import type { UnitProtocol } from './protocol.js';

/** One drug's total over a rolling 24 h, against the protocol's maximum for the patient. */
export interface DailyTotal {
  drug: DrugId;
  drugName: string;
  givenMg: number;
  doses: number;
  maxMg: number | null;
  percentOfMax: number | null;
  level: 'over' | 'near' | 'ok' | 'no-limit';
  /** Rolling 24 h (windowStart, windowEnd], as the safety rule counts it. */
  windowStart: string;
  windowEnd: string;
}

/** From this share of the protocol's 24 h maximum a total is flagged "near" (a nurse has one dose left, roughly). */
export const NEAR_LIMIT_SHARE = 0.75;

const DAY_MS = 24 * 3_600_000;

/**
 * Running 24 h totals per drug, counted as the daily-maximum safety rule counts them
 * (daily-maximum.ts): doses given in (end - 24 h, end], in whole micrograms
 * so 12 x 0.1 mg is exactly 1.2 mg. Held, refused and corrected doses were not given and do not count.
 * The maximum is the one for the patient's admission weight (clonidine 1.2 mg from 90 kg,
 * docs/clinical.md §6.3), as the dose check counts it.
 */
export function dailyTotals(
  doses: readonly { drug: DrugId; doseMg: number; givenAt: string }[],
  endIso: string,
  protocol: UnitProtocol,
  weightKg: number | null = null,
): DailyTotal[] {
  const endMs = Date.parse(endIso);
  const byDrug = new Map<DrugId, { ug: number; doses: number }>();
  for (const d of doses) {
    const at = Date.parse(d.givenAt);
    if (at <= endMs - DAY_MS || at > endMs) continue;
    const total = byDrug.get(d.drug) ?? { ug: 0, doses: 0 };
    total.ug += Math.round(d.doseMg * 1000);
    total.doses += 1;
    byDrug.set(d.drug, total);
  }
  return [...byDrug.entries()]
    .map(([drug, total]): DailyTotal => {
      const limits = protocol.drugs[drug];
      const maxMg = (limits && maxPer24hFor(limits, weightKg)) ?? null;
      const givenMg = total.ug / 1000;
      const share = maxMg ? total.ug / Math.round(maxMg * 1000) : null;
      return {
        drug,
        drugName: getDrug(drug).name,
        givenMg,
        doses: total.doses,
        maxMg,
        percentOfMax: share === null ? null : Math.round(share * 100),
        level: share === null ? 'no-limit' : share > 1 ? 'over' : share >= NEAR_LIMIT_SHARE ? 'near' : 'ok',
        windowStart: new Date(endMs - DAY_MS).toISOString(),
        windowEnd: new Date(endMs).toISOString(),
      };
    })
    .sort((a, b) => a.drugName.localeCompare(b.drugName));
}
