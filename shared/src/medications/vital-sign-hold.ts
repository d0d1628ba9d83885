import type { AdministrationRule } from './administration-context.js';
import { durationText, instantMs, MINUTE_MS, messageClock } from './clinical-time.js';
import { drugName, proposedAtMs } from './given-doses.js';
import { type AdministrationWarning, needsReason } from './warning.js';

/**
 * Hold parameters for blood-pressure-lowering drugs (protocol.ts, vitalSignHold; by default
 * clonidine): hold if systolic < 90, diastolic < 60 or heart rate < 60 (hospital order set,
 * clinical.md §6.3 and §7), and check blood pressure and heart rate before every dose (UpToDate,
 * §6.3). A reading exactly at the limit is not below it; vitals exactly N minutes old are recent.
 */
export const vitalSignHold: AdministrationRule = (ctx) => {
  const { drug } = ctx.proposed;
  const hold = ctx.protocol.drugs[drug].vitalSignHold;
  if (hold === undefined) return [];
  const name = drugName(drug);
  const clock = messageClock(ctx);
  const atMs = proposedAtMs(ctx);
  const limits = `hold if below ${hold.systolicBelowMmHg}/${hold.diastolicBelowMmHg} mmHg or heart rate below ${hold.heartRateBelowBpm}`;
  const vitals = ctx.latestVitals;
  const takenMs = vitals === undefined ? undefined : instantMs(vitals.takenAt, 'latestVitals.takenAt');

  // Readings after the dose time cannot have informed the decision to give it.
  if (vitals === undefined || takenMs === undefined || takenMs > atMs) {
    return [
      needsReason(
        'hold-vitals-not-recent',
        'warning',
        `No vital signs recorded before this ${name} dose; check blood pressure and heart rate first (${limits}), or document why`,
      ),
    ];
  }

  const warnings: AdministrationWarning[] = [];
  const at = clock.at(takenMs);
  const ageMs = atMs - takenMs;
  if (ageMs > hold.vitalsWithinMinutes * MINUTE_MS) {
    warnings.push(
      needsReason(
        'hold-vitals-not-recent',
        'warning',
        `The latest vital signs (${at}) are ${durationText(ageMs)} old; ${name} needs blood pressure and heart rate from the last ${hold.vitalsWithinMinutes} min. Recheck them first (${limits}), or document why`,
      ),
    );
  }

  const missing = [
    vitals.systolic == null || vitals.diastolic == null ? 'blood pressure' : undefined,
    vitals.heartRate == null ? 'heart rate' : undefined,
  ].filter((m) => m !== undefined);
  if (missing.length > 0) {
    warnings.push(
      needsReason(
        'hold-vitals-incomplete',
        'warning',
        `The vital signs at ${at} have no ${missing.join(' or ')}; ${name} needs blood pressure and heart rate before each dose. Check them first (${limits}), or document why`,
      ),
    );
  }

  const low = (reading: number | null | undefined, limit: number) => reading != null && reading < limit;
  const holdMessage = (what: string, limit: string) =>
    `Hold ${name}: ${what} at ${at} is below the unit's hold limit of ${limit}; recheck, tell the prescriber, or document why it is given`;
  if (low(vitals.systolic, hold.systolicBelowMmHg)) {
    warnings.push(needsReason('hold-low-systolic', 'danger', holdMessage(`systolic ${vitals.systolic} mmHg`, `${hold.systolicBelowMmHg} mmHg`)));
  }
  if (low(vitals.diastolic, hold.diastolicBelowMmHg)) {
    warnings.push(needsReason('hold-low-diastolic', 'danger', holdMessage(`diastolic ${vitals.diastolic} mmHg`, `${hold.diastolicBelowMmHg} mmHg`)));
  }
  if (low(vitals.heartRate, hold.heartRateBelowBpm)) {
    warnings.push(needsReason('hold-low-heart-rate', 'danger', holdMessage(`heart rate ${vitals.heartRate} bpm`, `${hold.heartRateBelowBpm} bpm`)));
  }
  return warnings;
};
