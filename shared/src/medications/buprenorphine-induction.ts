import type { AdministrationContext, AdministrationRule, AdmissionHistory } from './administration-context.js';
import { durationText, HOUR_MS, instantMs, MINUTE_MS, type MessageClock, messageClock } from './clinical-time.js';
import { givenDoses, isBuprenorphine, proposedAtMs, sameIngredient } from './given-doses.js';
import type { BuprenorphineInductionProtocol } from './protocol.js';
import { type AdministrationWarning, info, needsReason } from './warning.js';
import { substancesText } from '../substances/catalogue.js';
import { mostRestrictiveInductionWait, type SubstanceWait } from '../substances/waits.js';

/**
 * The first buprenorphine dose of an admission displaces any full agonist still bound and can
 * precipitate withdrawal; waiting for clear withdrawal prevents it (docs/clinical.md §6.2, POATS).
 * Gate: latest COWS >= threshold, scored within the last hour, and enough hours since last use.
 * §6.2 says warn, not block: each miss needs a documented reason. Limits are inclusive: COWS at
 * the threshold, and exactly the wait, pass.
 */

/**
 * The longest wait among the coded substances used (docs/clinical.md §6.2 and §12): methadone by
 * any name is the methadone code, so "Methadose" or a misspelling no longer falls back to 12 h.
 * Undefined when nothing used needs a wait (buprenorphine itself, alcohol, sedatives).
 */
export function inductionWait(
  admission: AdmissionHistory,
  gate: BuprenorphineInductionProtocol,
): SubstanceWait | undefined {
  return mostRestrictiveInductionWait(admission.substances, gate);
}

function cowsGate(ctx: AdministrationContext, atMs: number, clock: MessageClock): AdministrationWarning[] {
  const gate = ctx.protocol.buprenorphineInduction;
  const cows = ctx.latestAssessment;
  const takenMs = cows === undefined ? undefined : instantMs(cows.takenAt, 'latestAssessment.takenAt');
  if (cows === undefined || takenMs === undefined || cows.instrument !== 'COWS' || takenMs > atMs) {
    return [
      needsReason(
        'buprenorphine-cows-missing',
        'warning',
        `No COWS scored before this first buprenorphine dose; score COWS first (the unit gives it at ${gate.cowsThreshold} or more), or document why`,
      ),
    ];
  }
  const warnings: AdministrationWarning[] = [];
  const at = `${cows.total} at ${clock.at(takenMs)}`;
  if (atMs - takenMs > gate.cowsWithinMinutes * MINUTE_MS) {
    warnings.push(
      needsReason(
        'buprenorphine-cows-not-recent',
        'warning',
        `The latest COWS (${at}) is ${durationText(atMs - takenMs)} old; a first buprenorphine dose needs a COWS from the last ${gate.cowsWithinMinutes} min. Rescore, or document why`,
      ),
    );
  }
  if (cows.total < gate.cowsThreshold) {
    warnings.push(
      needsReason(
        'buprenorphine-cows-below-threshold',
        'warning',
        `COWS ${at} is below the unit's threshold of ${gate.cowsThreshold} for a first buprenorphine dose; giving it now risks precipitated withdrawal. Wait and rescore, or document why`,
      ),
    );
  }
  return warnings;
}

function lastUseGate(ctx: AdministrationContext, atMs: number, clock: MessageClock): AdministrationWarning[] {
  const { admission } = ctx;
  const wait = inductionWait(admission, ctx.protocol.buprenorphineInduction);
  if (wait === undefined) return [];
  const lastUseMs = instantMs(admission.lastUseAt, 'admission.lastUseAt');
  const elapsedMs = atMs - lastUseMs;
  if (elapsedMs >= wait.hours * HOUR_MS) return [];
  const since =
    elapsedMs < 0
      ? `Last use is recorded at ${clock.at(lastUseMs)}, after this dose`
      : `${durationText(elapsedMs)} since last use (${substancesText(admission.substances)})`;
  return [
    needsReason(
      'buprenorphine-too-soon-after-use',
      'warning',
      `${since}; the unit waits ${wait.hours} h after ${wait.after} before a first buprenorphine dose, to avoid precipitated withdrawal. Wait until ${clock.at(lastUseMs + wait.hours * HOUR_MS)}, or document why`,
    ),
  ];
}

export const buprenorphineInduction: AdministrationRule = (ctx) => {
  const { drug } = ctx.proposed;
  if (!isBuprenorphine(drug)) return [];
  const atMs = proposedAtMs(ctx);
  // Either product counts: a patient switched to the combination product is past induction.
  const earlier = givenDoses(ctx, sameIngredient(drug)).filter((d) => d.atMs < atMs);
  if (earlier.length > 0) return [];
  const clock = messageClock(ctx);
  const warnings = [...cowsGate(ctx, atMs, clock), ...lastUseGate(ctx, atMs, clock)];
  if (warnings.length > 0) return warnings;
  // All gates met: still say this is the induction dose and what to watch for. Precipitated
  // withdrawal appears within about 90 min of a sublingual dose (docs/clinical.md §5).
  return [
    info(
      'buprenorphine-first-dose',
      'First buprenorphine dose of this admission: watch for precipitated withdrawal over the next 90 min and rescore COWS.',
    ),
  ];
};
