import type { AdministrationRule } from './administration-context.js';
import type { DrugId } from './catalogue.js';
import { DAY_MS, messageClock } from './clinical-time.js';
import {
  drugName,
  drugTitle,
  type GivenDose,
  givenDoses,
  mgText,
  proposedAtMs,
  sameIngredient,
  toMicrograms,
} from './given-doses.js';
import { limitWords } from './limit-owner.js';
import type { DrugProtocol } from './protocol.js';
import { type AdministrationWarning, caution, hardStop, info, needsReason } from './warning.js';

/**
 * Rolling 24 h maximum (protocol.ts, maxPer24hMg; docs/clinical.md §6.5 asks for a rolling, not
 * calendar-day, total). A 24 h window ending at instant E holds doses given in (E - 24 h, E]: a
 * dose given exactly 24 h earlier has left it, so a daily dose at the same time each day counts
 * once. Windows are exact instants, so they cross midnight and DST changes unchanged.
 */

/** Why the limit matters, where a source says so. */
const LIMIT_REASON: Partial<Record<DrugId, string>> = {
  // docs/clinical.md §6.5: FDA Drug Safety Communication 2016, boxed warning on prescription capsules.
  loperamide: ' High doses of loperamide can cause QT prolongation, ventricular arrhythmia and cardiac arrest.',
};

export interface Window {
  endMs: number;
  doses: GivenDose[];
  givenUg: number;
}

export function windowEndingAt(doses: readonly GivenDose[], endMs: number): Window {
  const inWindow = doses.filter((d) => d.atMs > endMs - DAY_MS && d.atMs <= endMs);
  return { endMs, doses: inWindow, givenUg: inWindow.reduce((sum, d) => sum + d.doseUg, 0) };
}

/** The first instant at which enough earlier doses have left the window for this dose to fit. */
export function fitsFromMs(window: Window, doseUg: number, maxUg: number): number | undefined {
  let remainingUg = window.givenUg;
  for (const dose of window.doses) {
    remainingUg -= dose.doseUg;
    if (remainingUg + doseUg <= maxUg) return dose.atMs + DAY_MS;
  }
  return undefined;
}

/**
 * The 24 h maximum for this patient: the weight-based one when the admission weight reaches it
 * (clonidine 1.2 mg from 90 kg, docs/clinical.md §6.3), else the usual one. Exactly the weight counts.
 */
export function maxPer24hFor(limits: DrugProtocol, weightKg: number | null | undefined): number | undefined {
  const heavier = limits.maxPer24hByWeight;
  if (heavier !== undefined && weightKg != null && weightKg >= heavier.fromKg) return heavier.maxPer24hMg;
  return limits.maxPer24hMg;
}

export const dailyMaximum: AdministrationRule = (ctx) => {
  const { drug } = ctx.proposed;
  const limits = ctx.protocol.drugs[drug];
  // An order's own maximum is the prescriber's figure for this patient: weight does not raise it.
  const maxMg = ctx.limitsFrom === 'order' ? limits.maxPer24hMg : maxPer24hFor(limits, ctx.admission.weightKg);
  if (maxMg === undefined) return [];
  // A hard-stop maximum (loperamide, §6.5) refuses instead of asking for a reason.
  const over = (message: string): AdministrationWarning[] =>
    limits.maxPer24hIsHardStop
      ? [
          hardStop(
            'above-24h-max',
            message
              .replace(/, or document why\./, '; this maximum is a hard stop.')
              .replace(/; check the times, or document why\./, '; check the times; this maximum is a hard stop.'),
          ),
        ]
      : [needsReason('above-24h-max', 'danger', message)];
  const maxUg = toMicrograms(maxMg);
  const doseUg = toMicrograms(ctx.proposed.doseMg);
  const atMs = proposedAtMs(ctx);
  const doses = givenDoses(ctx, sameIngredient(drug));
  const clock = messageClock(ctx);
  const name = drugTitle(drug);
  const max = mgText(maxUg);
  const limit = limitWords(ctx).maximum;

  // Every window holding this dose: the one ending at it, and (when a dose is charted late) those
  // ending at each later dose within 24 h. The fullest one decides.
  const laterEnds = doses.filter((d) => d.atMs > atMs && d.atMs < atMs + DAY_MS).map((d) => d.atMs);
  const windows = [atMs, ...laterEnds].map((end) => windowEndingAt(doses, end));
  const fullest = windows.reduce((a, b) => (b.givenUg > a.givenUg ? b : a));
  const totalUg = fullest.givenUg + doseUg;
  const reason = LIMIT_REASON[drug] ?? '';

  if (totalUg > maxUg) {
    const first = fullest.doses[0];
    if (first === undefined) {
      const message = `${name} ${mgText(doseUg)} in one dose would exceed ${limit} of ${max} in 24 h; give at most ${max}, or document why.${reason}`;
      return over(message);
    }
    if (fullest.endMs !== atMs) {
      const message = `${name} ${mgText(totalUg)} in the 24 h to ${clock.at(fullest.endMs)} would exceed ${limit} of ${max} (${mgText(fullest.givenUg)} is charted from ${clock.at(first.atMs)} to ${clock.at(fullest.endMs)}); check the times, or document why.${reason}`;
      return over(message);
    }
    const fitsFrom = fitsFromMs(fullest, doseUg, maxUg);
    const action = fitsFrom === undefined ? 'hold' : `hold until ${clock.at(fitsFrom)}`;
    const message = `${name} ${mgText(totalUg)} in 24 h would exceed ${limit} of ${max} (given ${mgText(fullest.givenUg)} since ${clock.at(first.atMs)}); ${action}, or document why.${reason}`;
    return over(message);
  }

  if (totalUg === maxUg && laterEnds.length === 0) {
    const firstMs = Math.min(atMs, fullest.doses[0]?.atMs ?? atMs);
    return [
      info(
        'reaches-24h-max',
        `${name} ${mgText(totalUg)} in 24 h reaches ${limit} of ${max}; no more ${drugName(drug)} until ${clock.at(firstMs + DAY_MS)}.`,
      ),
    ];
  }
  const warnFromMg = limits.warnFromPer24hMg;
  if (warnFromMg !== undefined && totalUg >= toMicrograms(warnFromMg)) {
    return [
      caution(
        'approaching-24h-max',
        `${name} ${mgText(totalUg)} in 24 h with this dose: near ${limit} of ${max} (warning from ${mgText(toMicrograms(warnFromMg))}); ${mgText(maxUg - totalUg)} more at most before ${clock.at(Math.min(atMs, fullest.doses[0]?.atMs ?? atMs) + DAY_MS)}.${reason}`,
      ),
    ];
  }
  return [];
};
