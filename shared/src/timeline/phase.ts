import type { OpioidKind } from '../api/admissions.js';
import { expectedCourse, isAlcoholCourse, type WithdrawalCourse } from './expected-course.js';

export const WITHDRAWAL_PHASES = ['before-onset', 'onset', 'peak', 'taper', 'resolved'] as const;
export type WithdrawalPhase = (typeof WITHDRAWAL_PHASES)[number];

/**
 * Labels shown beside the timeline chart. The "taper" phase (its id kept for existing clients) is
 * the symptoms easing off; its label is "Resolution", never "Taper", which reads as a medication
 * taper. "Resolved" is only the acute phase: protracted symptoms can last weeks to months
 * (docs/clinical.md §5).
 */
export const WITHDRAWAL_PHASE_LABELS: Readonly<Record<WithdrawalPhase, string>> = Object.freeze({
  'before-onset': 'Before expected onset',
  onset: 'Onset',
  peak: 'Peak',
  taper: 'Resolution',
  resolved: 'Acute phase resolved',
});

/** Alcohol's phases name its dangers: seizures from the start, delirium tremens at the peak (docs/clinical.md §5.4). */
export const ALCOHOL_PHASE_LABELS: Readonly<Record<WithdrawalPhase, string>> = Object.freeze({
  'before-onset': 'Before expected alcohol withdrawal',
  onset: 'Early alcohol withdrawal (seizure risk)',
  peak: 'Peak alcohol withdrawal (seizure and delirium risk)',
  taper: 'Alcohol withdrawal resolution',
  resolved: 'Acute alcohol withdrawal resolved',
});

/**
 * Where a patient is expected to be on the withdrawal course, from hours since last use and the
 * course (windows: expected-course.ts, docs/clinical.md §5). With onset, peak and resolution the
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
export function withdrawalPhase(hoursSinceLastUse: number, kind: WithdrawalCourse | OpioidKind): WithdrawalPhase {
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

export function withdrawalPhaseLabel(phase: WithdrawalPhase, course?: WithdrawalCourse | OpioidKind): string {
  return course !== undefined && isAlcoholCourse(course) ? ALCOHOL_PHASE_LABELS[phase] : WITHDRAWAL_PHASE_LABELS[phase];
}

export const NO_COURSE_LABEL = 'No expected course for these substances';

/**
 * Phase and label for an admission's course (courseForSubstances): null with a label saying so
 * when the substances used have no course in the reference (sedatives, other substances).
 */
export function phaseOfCourse(
  hoursSinceLastUse: number,
  course: WithdrawalCourse | null,
): { phase: WithdrawalPhase | null; phaseLabel: string } {
  if (course === null) return { phase: null, phaseLabel: NO_COURSE_LABEL };
  const phase = withdrawalPhase(hoursSinceLastUse, course);
  return { phase, phaseLabel: withdrawalPhaseLabel(phase, course) };
}
