import type {
  AdministrationContext,
  AdmissionHistory,
  LatestVitals,
  TaperPlanDay,
} from '../medications/administration-context.js';
import type { DrugId, Route } from '../medications/catalogue.js';
import { durationText, instantMs, MINUTE_MS, messageClock } from '../medications/clinical-time.js';
import { fitsFromMs, windowEndingAt } from '../medications/daily-maximum.js';
import { givenDoses, mgText, sameIngredient, toMicrograms } from '../medications/given-doses.js';
import { intervalEndsMs, lastDoseAtOrBefore } from '../medications/minimum-interval.js';
import { DEFAULT_DUE_WINDOW_MINUTES, type UnitProtocol } from '../medications/protocol.js';
import { readingsBelowHold } from '../medications/vital-sign-hold.js';
import type { AdministrationWarning } from '../medications/warning.js';
import { type ChartedDose, type MedicationOrder, type OrderKind, orderStatusAt } from './order.js';
import { checkDoseAgainstOrder } from './order-check.js';
import { effectiveLimits } from './order-limits.js';
import { scheduledSlots } from './scheduled-doses.js';
import { type ScoreReading, triggerState } from './score-trigger.js';

/**
 * What a patient's orders allow at an instant (issue 9, "due and eligible, live"): the scheduled
 * doses due and overdue, the PRNs that may be given now with why, and those that may not with why.
 * Eligible means a dose of the order's (lowest) dose at `at` meets no warning that would need a
 * documented reason: the same check the server enforces when the dose is charted.
 */

export interface OrdersDueInput {
  at: string;
  timeZone: string;
  protocol: UnitProtocol;
  admission: AdmissionHistory;
  /** Every order of the admission; discontinued and completed ones are skipped here. */
  orders: readonly MedicationOrder[];
  /** The admission's active administrations, every status, with their order. */
  doses: readonly ChartedDose[];
  /** The admission's active scores (any instrument). */
  scores: readonly ScoreReading[];
  latestVitals?: LatestVitals;
  taperPlanDays?: Partial<Record<DrugId, TaperPlanDay>>;
}

interface OrderLine {
  orderId: number;
  drug: DrugId;
  doseMg: number;
  doseMaxMg: number | null;
  route: Route;
  kind: OrderKind;
}

export interface DueDose extends OrderLine {
  dueAt: string;
  state: 'due' | 'overdue';
  why: string;
  /** Hold parameters the latest vital signs break ("SBP 86 < 90: hold"). */
  holds: string[];
}

export interface EligiblePrn extends OrderLine {
  why: string;
}

export interface NotEligiblePrn extends OrderLine {
  reasons: string[];
  /** When the interval and the 24 h maximum next allow a dose; null when a score or a reading must change first. */
  nextAllowedAt: string | null;
}

export interface UpcomingDose extends OrderLine {
  dueAt: string;
}

export interface OrdersDue {
  at: string;
  due: DueDose[];
  eligible: EligiblePrn[];
  notEligible: NotEligiblePrn[];
  upcoming: UpcomingDose[];
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function line(order: MedicationOrder): OrderLine {
  return {
    orderId: order.id,
    drug: order.drug,
    doseMg: order.doseMg,
    doseMaxMg: order.doseMaxMg ?? null,
    route: order.route,
    kind: order.kind,
  };
}

/** "0.3 of 1.2 mg" */
function ofMax(givenUg: number, maxUg: number): string {
  return `${mgText(givenUg).replace(/ mg$/, '')} of ${mgText(maxUg)}`;
}

export function ordersDue(input: OrdersDueInput): OrdersDue {
  const atMs = instantMs(input.at, 'at');
  const at = iso(atMs);
  const clock = messageClock({ proposed: { givenAt: at }, timeZone: input.timeZone });
  const windowMinutes = input.protocol.dueWindowMinutes ?? DEFAULT_DUE_WINDOW_MINUTES;
  const result: OrdersDue = { at, due: [], eligible: [], notEligible: [], upcoming: [] };
  const prior = input.doses.map((d) => ({ drug: d.drug, doseMg: d.doseMg, givenAt: d.givenAt, status: d.status }));
  const latestAssessment = latestCows(input.scores, atMs);

  for (const order of input.orders) {
    if (orderStatusAt(order, input.doses, atMs) !== 'active') continue;
    const ctx: AdministrationContext = {
      proposed: { drug: order.drug, doseMg: order.doseMg, route: order.route, givenAt: at, status: 'given' },
      admission: input.admission,
      recentAdministrations: prior,
      latestAssessment,
      latestVitals: input.latestVitals,
      protocol: input.protocol,
      taperPlanDay: input.taperPlanDays?.[order.drug],
      timeZone: input.timeZone,
    };
    const limits = effectiveLimits(order, input.protocol.drugs[order.drug], input.admission.weightKg);
    const holds = holdReasons(limits.vitalSignHold, input.latestVitals, atMs);

    if (order.kind !== 'prn') {
      const charted = input.doses.filter((d) => d.orderId === order.id).map((d) => Date.parse(d.givenAt));
      const slots = scheduledSlots(order, charted, atMs, windowMinutes, input.timeZone);
      for (const slot of slots) {
        if (slot.state !== 'due' && slot.state !== 'overdue') continue;
        const from = clock.at(slot.atMs - windowMinutes * MINUTE_MS);
        const to = clock.at(slot.atMs + windowMinutes * MINUTE_MS);
        const when = order.kind === 'once' ? `once, from ${clock.at(slot.atMs)}` : `scheduled ${clock.at(slot.atMs)}`;
        const why = slot.state === 'due' ? `${when}; on time ${from}–${to}` : `${when}; overdue since ${to}`;
        result.due.push({ ...line(order), dueAt: iso(slot.atMs), state: slot.state, why, holds: holds.short });
      }
      const next = slots.find((s) => s.state === 'upcoming');
      if (next) result.upcoming.push({ ...line(order), dueAt: iso(next.atMs) });
      continue;
    }

    const startMs = Date.parse(order.startAt);
    if (startMs > atMs) {
      result.notEligible.push({
        ...line(order),
        reasons: [`starts at ${clock.at(startMs)}`],
        nextAllowedAt: iso(startMs),
      });
      continue;
    }
    const doses = givenDoses(ctx, sameIngredient(order.drug));
    const last = lastDoseAtOrBefore(doses, atMs);
    const trigger = triggerState(order, input.scores, atMs, last?.atMs, clock);
    const warnings = checkDoseAgainstOrder(ctx, order, input.scores);
    const reasons: string[] = [];
    const handled = new Set<AdministrationWarning['code']>(['prn-trigger-not-met', ...holds.codes]);
    let nextMs: number | undefined;
    if (trigger && !trigger.met) reasons.push(trigger.text);

    if (limits.minIntervalMinutes !== undefined && last !== undefined) {
      const ends = intervalEndsMs(last, atMs, limits.minIntervalMinutes * MINUTE_MS);
      if (ends !== undefined) {
        reasons.push(
          `next allowed at ${clock.at(ends)} (last dose ${clock.at(last.atMs)}, every ${durationText(limits.minIntervalMinutes * MINUTE_MS)} at most)`,
        );
        handled.add('below-min-interval');
        nextMs = ends;
      }
    }
    let total: string | undefined;
    if (limits.maxPer24hMg !== undefined) {
      const maxUg = toMicrograms(limits.maxPer24hMg);
      const doseUg = toMicrograms(order.doseMg);
      const window = windowEndingAt(doses, atMs);
      total = `${ofMax(window.givenUg, maxUg)} in 24 h`;
      if (window.givenUg + doseUg > maxUg) {
        const fits = fitsFromMs(window, doseUg, maxUg);
        reasons.push(
          fits === undefined ? `${total}: the maximum` : `${total}; ${mgText(doseUg)} more fits at ${clock.at(fits)}`,
        );
        handled.add('above-24h-max');
        nextMs = fits === undefined ? undefined : Math.max(nextMs ?? fits, fits);
      }
    }
    reasons.push(...holds.short);
    for (const w of warnings) {
      if ((w.requiresOverride || w.hardStop) && !handled.has(w.code)) reasons.push(w.message);
    }

    if (reasons.length > 0) {
      const waitsOnlyForTime = (!trigger || trigger.met) && holds.short.length === 0 && nextMs !== undefined;
      result.notEligible.push({
        ...line(order),
        reasons,
        nextAllowedAt: waitsOnlyForTime && nextMs !== undefined ? iso(nextMs) : null,
      });
      continue;
    }
    const why = [
      trigger ? trigger.text : order.indication ? `as needed: ${order.indication}` : 'as needed',
      last === undefined ? 'no dose yet' : `last dose ${durationText(atMs - last.atMs)} ago`,
      ...(total ? [total] : []),
    ].join('; ');
    result.eligible.push({ ...line(order), why });
  }
  result.due.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  result.upcoming.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  return result;
}

function latestCows(scores: readonly ScoreReading[], atMs: number): AdministrationContext['latestAssessment'] {
  let latest: ScoreReading | undefined;
  for (const s of scores) {
    if (s.instrument !== 'COWS' || Date.parse(s.takenAt) > atMs) continue;
    if (!latest || Date.parse(s.takenAt) > Date.parse(latest.takenAt)) latest = s;
  }
  return latest;
}

/** Short hold reasons for the lists: "SBP 86 < 90: hold", or the vital signs needed first. */
function holdReasons(
  hold: ReturnType<typeof effectiveLimits>['vitalSignHold'],
  vitals: LatestVitals | undefined,
  atMs: number,
): { short: string[]; codes: AdministrationWarning['code'][] } {
  if (!hold) return { short: [], codes: [] };
  const codes: AdministrationWarning['code'][] = [
    'hold-vitals-not-recent',
    'hold-vitals-incomplete',
    'hold-low-systolic',
    'hold-low-diastolic',
    'hold-low-heart-rate',
  ];
  const takenMs = vitals ? Date.parse(vitals.takenAt) : undefined;
  if (!vitals || takenMs === undefined || takenMs > atMs)
    return { short: ['no vital signs charted: check BP and HR first'], codes };
  const short: string[] = [];
  if (atMs - takenMs > hold.vitalsWithinMinutes * MINUTE_MS) {
    short.push(
      `vital signs ${durationText(atMs - takenMs)} old: recheck BP and HR (needed within ${hold.vitalsWithinMinutes} min)`,
    );
  } else if (vitals.systolic == null || vitals.diastolic == null || vitals.heartRate == null) {
    short.push('BP or HR missing from the latest vital signs: check them first');
  }
  for (const low of readingsBelowHold(vitals, hold))
    short.push(`${low.abbreviation} ${low.value} < ${low.limit}: hold`);
  return { short, codes };
}
