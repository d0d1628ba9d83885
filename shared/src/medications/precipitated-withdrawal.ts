import { COWS } from '../instruments/cows.js';
import { formatDoseMg } from './catalogue.js';
import { HOUR_MS, instantMs } from './clinical-time.js';

/**
 * Precipitated withdrawal after the first buprenorphine dose (docs/clinical.md §5 and §6.2): it
 * appears within about 90 minutes of a sublingual dose, so COWS scores up to 2 h after the dose
 * are watched. Two triggers:
 * - a rise of 6 or more points over the last COWS at or before the dose (the unit's trigger: a
 *   rise of that size moves a patient up a whole COWS band, docs/clinical.md §1.3);
 * - with no COWS before the dose to compare with, a score in the moderately severe band or above
 *   (25 or more, Wesson & Ling bands): withdrawal that severe within 2 h of the first dose.
 * The rule is evaluated whichever is charted last, the COWS or the dose, so a late entry still
 * raises it. Each boundary is inclusive: exactly 2 h, exactly 6 points, exactly 25.
 */

export const PRECIPITATED_WATCH_HOURS = 2;
export const PRECIPITATED_RISE_POINTS = 6;
/** The lower bound of the COWS "moderately severe" band (25), read from the scale's own bands. */
export const PRECIPITATED_WITHOUT_BASELINE_FROM = COWS.bands.find((b) => b.severity === 'moderately-severe')?.min ?? 25;

export interface WatchedDose {
  givenAt: string;
  doseMg: number;
}

export interface WatchedCows {
  id: number;
  takenAt: string;
  total: number;
}

export interface PrecipitatedWithdrawalFinding {
  /** The post-dose COWS that triggered it. */
  assessmentId: number;
  message: string;
}

/**
 * Given the admission's first buprenorphine dose and its active COWS scores, the finding to alert
 * on, or null. `doseClock` formats the dose time in the unit's zone for the message.
 */
export function precipitatedWithdrawal(
  firstDose: WatchedDose | undefined,
  cows: readonly WatchedCows[],
  doseClock: (iso: string) => string,
): PrecipitatedWithdrawalFinding | null {
  if (firstDose === undefined) return null;
  const doseMs = instantMs(firstDose.givenAt, 'firstDose.givenAt');
  const endMs = doseMs + PRECIPITATED_WATCH_HOURS * HOUR_MS;
  const timed = cows
    .map((c) => ({ ...c, atMs: instantMs(c.takenAt, 'cows.takenAt') }))
    .sort((a, b) => a.atMs - b.atMs || a.id - b.id);
  const before = timed.filter((c) => c.atMs <= doseMs).at(-1);
  const after = timed.filter((c) => c.atMs > doseMs && c.atMs <= endMs);
  const dose = `${formatDoseMg(firstDose.doseMg)} at ${doseClock(firstDose.givenAt)}`;
  if (before !== undefined) {
    const risen = after.find((c) => c.total - before.total >= PRECIPITATED_RISE_POINTS);
    if (risen === undefined) return null;
    return {
      assessmentId: risen.id,
      message: `Possible precipitated withdrawal: COWS rose from ${before.total} to ${risen.total} after the first buprenorphine dose (${dose}). Tell the physician now.`,
    };
  }
  const severe = after.find((c) => c.total >= PRECIPITATED_WITHOUT_BASELINE_FROM);
  if (severe === undefined) return null;
  return {
    assessmentId: severe.id,
    message: `Possible precipitated withdrawal: COWS ${severe.total} (moderately severe or worse) within ${PRECIPITATED_WATCH_HOURS} h of the first buprenorphine dose (${dose}), with no COWS before the dose to compare. Tell the physician now.`,
  };
}
