import type { OverdueEpisode } from './shift-report-types.js';

/**
 * When assessments fall due, replayed over an admission's active records (the census board's rule,
 * over time instead of at one instant): the first score is due on admission, the next one the
 * unit's interval after each score (docs/clinical.md §1.4, q4h by default), and sooner, the PRN
 * reassessment time after an as-needed dose given since the last score (§6.8). A score taken after
 * its due time ends an overdue episode.
 */

export interface DueInput {
  admittedAt: string;
  /** Active scores, oldest first: the latest before the shift and all since. */
  assessedAt: readonly string[];
  /** Active PRN doses given, oldest first. */
  prnGivenAt: readonly string[];
  intervalMinutes: number;
  prnReassessMinutes: number;
  /** The shift's start: episodes that ended before it are not reported. */
  from: string;
  /** The earlier of now, the shift's end and the discharge. */
  until: string;
}

export interface DueResult {
  /** Overdue episodes overlapping [from, until], oldest first. */
  episodes: OverdueEpisode[];
  /** What is due next at `until`. */
  next: { at: string; because: OverdueEpisode['because'] };
  /** PRN doses whose reassessment had not been charted by `until`. */
  pendingReassessments: { givenAt: string; dueAt: string }[];
}

type Event = { at: number; kind: 'score' | 'prn' };

export function assessmentsDue(input: DueInput): DueResult {
  const MIN = 60_000;
  const fromMs = Date.parse(input.from);
  const untilMs = Date.parse(input.until);
  const events: Event[] = [
    ...input.assessedAt.map((at) => ({ at: Date.parse(at), kind: 'score' as const })),
    ...input.prnGivenAt.map((at) => ({ at: Date.parse(at), kind: 'prn' as const })),
  ]
    .filter((e) => e.at <= untilMs)
    // A dose charted at the same minute as a score follows it: its reassessment is still to come.
    .sort((a, b) => a.at - b.at || (a.kind === 'score' ? -1 : 1));

  let due = Date.parse(input.admittedAt);
  let because: OverdueEpisode['because'] = 'admission';
  let lastScore = Number.NEGATIVE_INFINITY;
  let pending: { givenAt: number; dueAt: number }[] = [];
  // Kept as milliseconds; only the episodes that reach the shift are turned into ISO strings.
  const episodes: { dueAt: number; because: OverdueEpisode['because']; assessedAt: number | null }[] = [];
  for (const e of events) {
    if (e.kind === 'score') {
      if (e.at > due) episodes.push({ dueAt: due, because, assessedAt: e.at });
      due = e.at + input.intervalMinutes * MIN;
      because = 'routine';
      lastScore = e.at;
      pending = [];
    } else if (e.at >= lastScore) {
      const reassessAt = e.at + input.prnReassessMinutes * MIN;
      pending.push({ givenAt: e.at, dueAt: reassessAt });
      if (reassessAt < due) {
        due = reassessAt;
        because = 'after-prn';
      }
    }
  }
  if (due < untilMs) episodes.push({ dueAt: due, because, assessedAt: null });
  return {
    episodes: episodes
      .filter((ep) => (ep.assessedAt ?? untilMs) > fromMs)
      .map((ep) => ({
        dueAt: iso(ep.dueAt),
        because: ep.because,
        assessedAt: ep.assessedAt === null ? null : iso(ep.assessedAt),
        minutesLate: Math.round(((ep.assessedAt ?? untilMs) - ep.dueAt) / MIN),
      })),
    next: { at: iso(due), because },
    pendingReassessments: pending.map((p) => ({ givenAt: iso(p.givenAt), dueAt: iso(p.dueAt) })),
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
