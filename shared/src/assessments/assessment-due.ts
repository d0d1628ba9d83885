import type { DrugId } from '../medications/catalogue.js';
import { DEFAULT_REASSESS_AFTER_MINUTES, type UnitProtocol } from '../medications/protocol.js';
import { type DueReason, type ScoreAt, nextAssessmentDue } from './reassessment-schedule.js';

/** A stretch during which an assessment was due and not taken. */
export interface OverdueEpisode {
  dueAt: string;
  /** The rule that set the due time (reassessment-schedule.ts). */
  because: DueReason;
  /** The same in words: "every hour while COWS is moderate or worse (26, moderately severe)". */
  why: string;
  /** When the overdue assessment was finally taken; null if it was still outstanding at `dataUntil`. */
  assessedAt: string | null;
  minutesLate: number;
}

/**
 * When assessments fall due, replayed over an admission's active records: the census board's rule
 * (shared nextAssessmentDue: admission, band, PRN doses, the first buprenorphine dose, open danger
 * alerts; earliest wins) applied after every event instead of at one instant. A score taken after
 * its due time ends an overdue episode. Acknowledging the alert that made a score due can end an
 * overdue episode without a score (the board stops calling it overdue then); such an episode is not
 * listed, as the board never showed it past the acknowledgement.
 */

export interface DueInput {
  admittedAt: string;
  /** Active scores, oldest first: the latest before the shift and all since. */
  scores: readonly ScoreAt[];
  /** Active PRN doses given, oldest first. */
  prnDoses: readonly { drug: DrugId; givenAt: string }[];
  /** Active buprenorphine doses given on the stay (either product); the first counts. */
  buprenorphineGivenAt: readonly string[];
  /** Danger alerts: open from `raisedAt` until `acknowledgedAt` (null: still open at `until`). */
  dangerAlerts: readonly { raisedAt: string; acknowledgedAt: string | null }[];
  protocol: Pick<UnitProtocol, 'reassessment' | 'drugs'>;
  /** The shift's start: episodes that ended before it are not reported. */
  from: string;
  /** The earlier of now, the shift's end and the discharge. */
  until: string;
}

export interface DueResult {
  /** Overdue episodes overlapping [from, until], oldest first. */
  episodes: OverdueEpisode[];
  /** What is due next at `until`, and why in words. */
  next: { at: string; because: OverdueEpisode['because']; why: string };
  /** PRN doses whose reassessment had not been charted by `until`. */
  pendingReassessments: { givenAt: string; dueAt: string }[];
}

type Event =
  | { at: number; kind: 'score'; score: ScoreAt }
  | { at: number; kind: 'prn'; drug: DrugId; givenAt: string }
  | { at: number; kind: 'buprenorphine'; givenAt: string }
  | { at: number; kind: 'alert-raised'; alert: number; raisedAt: string }
  | { at: number; kind: 'alert-closed'; alert: number };

const MIN = 60_000;

export function assessmentsDue(input: DueInput): DueResult {
  const fromMs = Date.parse(input.from);
  const untilMs = Date.parse(input.until);
  const events: Event[] = [
    ...input.scores.map((score) => ({ at: Date.parse(score.takenAt), kind: 'score' as const, score })),
    ...input.prnDoses.map((d) => ({
      at: Date.parse(d.givenAt),
      kind: 'prn' as const,
      drug: d.drug,
      givenAt: d.givenAt,
    })),
    ...input.buprenorphineGivenAt.map((givenAt) => ({
      at: Date.parse(givenAt),
      kind: 'buprenorphine' as const,
      givenAt,
    })),
    ...input.dangerAlerts.flatMap((a, alert) => [
      { at: Date.parse(a.raisedAt), kind: 'alert-raised' as const, alert, raisedAt: a.raisedAt },
      ...(a.acknowledgedAt === null
        ? []
        : [{ at: Date.parse(a.acknowledgedAt), kind: 'alert-closed' as const, alert }]),
    ]),
  ]
    .filter((e) => e.at <= untilMs)
    // A dose charted at the same minute as a score follows it: its reassessment is still to come.
    .sort((a, b) => a.at - b.at || (a.kind === 'score' ? -1 : b.kind === 'score' ? 1 : 0));

  // The state the rule reads: only the newest score and what followed it matter.
  let latest: ScoreAt | null = null;
  let prnSince: { drug: DrugId; givenAt: string }[] = [];
  let firstBuprenorphine: string | null = null;
  const openAlerts = new Map<number, string>();
  const rule = () =>
    nextAssessmentDue({
      admittedAt: input.admittedAt,
      scores: latest ? [latest] : [],
      prnDoses: prnSince,
      buprenorphineGivenAt: firstBuprenorphine ? [firstBuprenorphine] : [],
      openDangerAlerts: [...openAlerts.values()].map((raisedAt) => ({ raisedAt })),
      protocol: input.protocol,
    });

  let due = rule();
  // The episode in progress: the due time that passed first, kept while later events re-judge it.
  let late: { dueAt: number; because: OverdueEpisode['because']; why: string } | null = null;
  // Kept as milliseconds; only the episodes that reach the shift are turned into ISO strings.
  const episodes: { dueAt: number; because: OverdueEpisode['because']; why: string; assessedAt: number | null }[] = [];
  for (const e of events) {
    const dueMs = Date.parse(due.at);
    if (!late && dueMs < e.at) late = { dueAt: dueMs, because: due.because, why: due.why };
    switch (e.kind) {
      case 'score':
        if (late) episodes.push({ ...late, assessedAt: e.at });
        late = null;
        latest = e.score;
        prnSince = [];
        break;
      case 'prn':
        prnSince.push({ drug: e.drug, givenAt: e.givenAt });
        break;
      case 'buprenorphine':
        firstBuprenorphine ??= e.givenAt;
        break;
      case 'alert-raised':
        openAlerts.set(e.alert, e.raisedAt);
        break;
      case 'alert-closed':
        openAlerts.delete(e.alert);
        break;
    }
    due = rule();
    if (late && Date.parse(due.at) >= e.at) late = null;
  }
  const dueMs = Date.parse(due.at);
  if (!late && dueMs < untilMs) late = { dueAt: dueMs, because: due.because, why: due.why };
  if (late) episodes.push({ ...late, assessedAt: null });
  return {
    episodes: episodes
      .filter((ep) => (ep.assessedAt ?? untilMs) > fromMs)
      .map((ep) => ({
        dueAt: iso(ep.dueAt),
        because: ep.because,
        why: ep.why,
        assessedAt: ep.assessedAt === null ? null : iso(ep.assessedAt),
        minutesLate: Math.round(((ep.assessedAt ?? untilMs) - ep.dueAt) / MIN),
      })),
    next: due,
    pendingReassessments: prnSince.map((p) => {
      const minutes = input.protocol.drugs[p.drug]?.reassessAfterMinutes ?? DEFAULT_REASSESS_AFTER_MINUTES;
      return { givenAt: p.givenAt, dueAt: iso(Date.parse(p.givenAt) + minutes * MIN) };
    }),
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
