import type { AdministrationRule, LatestVitals } from './administration-context.js';
import type { VitalSignHold } from './protocol.js';
import { durationText, instantMs, MINUTE_MS, messageClock } from './clinical-time.js';
import { drugName, proposedAtMs } from './given-doses.js';
import { limitWords } from './limit-owner.js';
import { type AdministrationWarning, needsReason } from './warning.js';

/**
 * Hold parameters for blood-pressure-lowering drugs (protocol.ts, vitalSignHold; by default
 * clonidine): hold if systolic < 90, diastolic < 60 or heart rate < 60 (hospital order set,
 * docs/clinical.md §6.3 and §7), and check blood pressure and heart rate before every dose (UpToDate,
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

  const holdMessage = (what: string, limit: string) =>
    `Hold ${name}: ${what} at ${at} is below ${limitWords(ctx).whose} hold limit of ${limit}; recheck, tell the prescriber, or document why it is given`;
  for (const low of readingsBelowHold(vitals, hold)) {
    warnings.push(
      needsReason(low.code, 'danger', holdMessage(`${low.label} ${low.value} ${low.unit}`, `${low.limit} ${low.unit}`)),
    );
  }
  return warnings;
};

export interface LowReading {
  code: 'hold-low-systolic' | 'hold-low-diastolic' | 'hold-low-heart-rate';
  label: 'systolic' | 'diastolic' | 'heart rate';
  /** Short form for lists: "SBP 86 < 90". */
  abbreviation: 'SBP' | 'DBP' | 'HR';
  value: number;
  limit: number;
  unit: 'mmHg' | 'bpm';
}

/** The readings below their hold limit; a reading exactly at the limit is not below it. */
export function readingsBelowHold(vitals: LatestVitals, hold: VitalSignHold): LowReading[] {
  const checks: [
    LowReading['code'],
    LowReading['label'],
    LowReading['abbreviation'],
    number | null | undefined,
    number,
    LowReading['unit'],
  ][] = [
    ['hold-low-systolic', 'systolic', 'SBP', vitals.systolic, hold.systolicBelowMmHg, 'mmHg'],
    ['hold-low-diastolic', 'diastolic', 'DBP', vitals.diastolic, hold.diastolicBelowMmHg, 'mmHg'],
    ['hold-low-heart-rate', 'heart rate', 'HR', vitals.heartRate, hold.heartRateBelowBpm, 'bpm'],
  ];
  return checks.flatMap(([code, label, abbreviation, value, limit, unit]) =>
    value != null && value < limit ? [{ code, label, abbreviation, value, limit, unit }] : [],
  );
}
