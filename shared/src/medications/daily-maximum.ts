import type { AdministrationRule } from './administration-context.js';
import type { DrugId } from './catalogue.js';
import { DAY_MS, messageClock } from './clinical-time.js';
import { drugName, drugTitle, type GivenDose, givenDoses, mgText, proposedAtMs, sameIngredient, toMicrograms } from './given-doses.js';
import { info, needsReason } from './warning.js';

/**
 * Rolling 24 h maximum (protocol.ts, maxPer24hMg; clinical.md §6.5 asks for a rolling, not
 * calendar-day, total). A 24 h window ending at instant E holds doses given in (E - 24 h, E]: a
 * dose given exactly 24 h earlier has left it, so a daily dose at the same time each day counts
 * once. Windows are exact instants, so they cross midnight and DST changes unchanged.
 */

/** Why the limit matters, where a source says so. */
const LIMIT_REASON: Partial<Record<DrugId, string>> = {
  // clinical.md §6.5: FDA Drug Safety Communication 2016, boxed warning on prescription capsules.
  loperamide: ' High doses of loperamide can cause QT prolongation, ventricular arrhythmia and cardiac arrest.',
};

interface Window {
  endMs: number;
  doses: GivenDose[];
  givenUg: number;
}

function windowEndingAt(doses: readonly GivenDose[], endMs: number): Window {
  const inWindow = doses.filter((d) => d.atMs > endMs - DAY_MS && d.atMs <= endMs);
  return { endMs, doses: inWindow, givenUg: inWindow.reduce((sum, d) => sum + d.doseUg, 0) };
}

/** The first instant at which enough earlier doses have left the window for this dose to fit. */
function fitsFromMs(window: Window, doseUg: number, maxUg: number): number | undefined {
  let remainingUg = window.givenUg;
  for (const dose of window.doses) {
    remainingUg -= dose.doseUg;
    if (remainingUg + doseUg <= maxUg) return dose.atMs + DAY_MS;
  }
  return undefined;
}

export const dailyMaximum: AdministrationRule = (ctx) => {
  const { drug } = ctx.proposed;
  const maxMg = ctx.protocol.drugs[drug].maxPer24hMg;
  if (maxMg === undefined) return [];
  const maxUg = toMicrograms(maxMg);
  const doseUg = toMicrograms(ctx.proposed.doseMg);
  const atMs = proposedAtMs(ctx);
  const doses = givenDoses(ctx, sameIngredient(drug));
  const clock = messageClock(ctx);
  const name = drugTitle(drug);
  const max = mgText(maxUg);

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
      const message = `${name} ${mgText(doseUg)} in one dose would exceed the unit maximum of ${max} in 24 h; give at most ${max}, or document why.${reason}`;
      return [needsReason('above-24h-max', 'danger', message)];
    }
    if (fullest.endMs !== atMs) {
      const message = `${name} ${mgText(totalUg)} in the 24 h to ${clock.at(fullest.endMs)} would exceed the unit maximum of ${max} (${mgText(fullest.givenUg)} is charted from ${clock.at(first.atMs)} to ${clock.at(fullest.endMs)}); check the times, or document why.${reason}`;
      return [needsReason('above-24h-max', 'danger', message)];
    }
    const fitsFrom = fitsFromMs(fullest, doseUg, maxUg);
    const action = fitsFrom === undefined ? 'hold' : `hold until ${clock.at(fitsFrom)}`;
    const message = `${name} ${mgText(totalUg)} in 24 h would exceed the unit maximum of ${max} (given ${mgText(fullest.givenUg)} since ${clock.at(first.atMs)}); ${action}, or document why.${reason}`;
    return [needsReason('above-24h-max', 'danger', message)];
  }

  if (totalUg === maxUg && laterEnds.length === 0) {
    const firstMs = Math.min(atMs, fullest.doses[0]?.atMs ?? atMs);
    return [
      info('reaches-24h-max', `${name} ${mgText(totalUg)} in 24 h reaches the unit maximum of ${max}; no more ${drugName(drug)} until ${clock.at(firstMs + DAY_MS)}.`),
    ];
  }
  return [];
};
