import type { PrnEffect, ScoreRef } from './shift-report-types.js';

/** A change of 3 or more points is more than scoring noise (the board's trend threshold, census.ts). */
export const PRN_EFFECT_THRESHOLD = 3;

export const PRN_EFFECT_RULE =
  'Score before: the score the dose was charted against, else the latest before it. Score after: the first score after the dose. ' +
  `Improved or worse: a change of ${PRN_EFFECT_THRESHOLD} or more points on the same instrument.`;

/**
 * How an as-needed dose worked: the score it was given against (the linked assessment, else the
 * latest before it) and the first score after it, on active records only.
 */
export function prnEffect(
  givenAt: string,
  linkedAssessmentId: number | null,
  scores: readonly ScoreRef[],
  prnReassessMinutes: number,
): PrnEffect {
  const at = Date.parse(givenAt);
  const linked = linkedAssessmentId === null ? undefined : scores.find((s) => s.id === linkedAssessmentId);
  const before = linked ?? scores.filter((s) => Date.parse(s.takenAt) <= at).at(-1) ?? null;
  const after = scores.find((s) => Date.parse(s.takenAt) > at) ?? null;
  const reassessDueAt = new Date(at + prnReassessMinutes * 60_000).toISOString();
  if (!after) return { before, after, change: null, effect: 'not reassessed', reassessDueAt };
  if (!before) return { before, after, change: null, effect: 'no score before', reassessDueAt };
  if (before.instrument !== after.instrument) return { before, after, change: null, effect: 'not comparable', reassessDueAt };
  const change = after.total - before.total;
  const effect = change <= -PRN_EFFECT_THRESHOLD ? 'improved' : change >= PRN_EFFECT_THRESHOLD ? 'worse' : 'no change';
  return { before, after, change, effect, reassessDueAt };
}
