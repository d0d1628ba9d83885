import type { OpioidKind } from '../api/admissions.js';
import { expectedCourse } from './expected-course.js';

export const WITHDRAWAL_PHASES = ['before-onset', 'onset', 'peak', 'taper', 'resolved'] as const;
export type WithdrawalPhase = (typeof WITHDRAWAL_PHASES)[number];

/**
 * Labels shown beside the timeline chart. "Taper" is the symptoms tapering off, not a dose taper;
 * "resolved" is only the acute phase, because protracted symptoms can last weeks to months
 * (clinical.md §5).
 */
export const WITHDRAWAL_PHASE_LABELS: Readonly<Record<WithdrawalPhase, string>> = Object.freeze({
  'before-onset': 'Before expected onset',
  onset: 'Onset',
  peak: 'Peak',
  taper: 'Taper',
  resolved: 'Acute phase resolved',
});

/**
 * Where a patient is expected to be on the withdrawal course, from hours since last use and the
 * opioid kind (windows: expected-course.ts, clinical.md §5). With onset, peak and resolution the
 * windows of expectedCourse(kind):
 *
 *   before-onset  h < onset.from               (also any negative h: see below)
 *   onset         onset.from <= h < peak.from  (includes any gap between onset.to and peak.from)
 *   peak          peak.from <= h <= peak.to    (both ends inclusive: "peak 24-72 h" includes 72)
 *   taper         peak.to < h < resolution.to
 *   resolved      resolution.to <= h
 *
 * Phases switch at the earliest hour a source expects the next stage, except "resolved", which waits
 * for the latest expected resolution: calling the acute phase over too early would hide a patient
 * who is still withdrawing.
 *
 * A negative h means the recorded last use is after the time asked about (a late entry, or clocks
 * that disagree by minutes). No withdrawal is expected before last use, so it is "before-onset";
 * the admission form is where the times are checked (api/admissions.ts).
 */
export function withdrawalPhase(hoursSinceLastUse: number, kind: OpioidKind): WithdrawalPhase {
  if (!Number.isFinite(hoursSinceLastUse)) {
    throw new RangeError(`hours since last use must be a finite number (got ${hoursSinceLastUse})`);
  }
  const { onsetHours, peakHours, resolutionHours } = expectedCourse(kind);
  const h = hoursSinceLastUse;
  if (h < onsetHours[0]) return 'before-onset';
  if (h < peakHours[0]) return 'onset';
  if (h <= peakHours[1]) return 'peak';
  if (h < resolutionHours[1]) return 'taper';
  return 'resolved';
}

export function withdrawalPhaseLabel(phase: WithdrawalPhase): string {
  return WITHDRAWAL_PHASE_LABELS[phase];
}
