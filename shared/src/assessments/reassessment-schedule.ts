import { getInstrument } from '../instruments/scoring.js';
import { type InstrumentId, SEVERITIES, type Severity } from '../instruments/instrument.js';
import { type DrugId, getDrug } from '../medications/catalogue.js';
import { durationText, MINUTE_MS } from '../medications/clinical-time.js';
import {
  DEFAULT_REASSESS_AFTER_MINUTES,
  type FrequentFromBand,
  type UnitProtocol,
  reassessmentScheduleOf,
} from '../medications/protocol.js';

/**
 * When the next withdrawal score is due, and why (issue 15, item 2): one rule for the census board,
 * the patient page and the shift report's replay. Each reason that applies gives a due time; the
 * earliest wins. Intervals come from the unit protocol (`reassessment`, and each drug's
 * `reassessAfterMinutes` for PRN doses); docs/clinical.md §1.5 gives their sources.
 *
 * - admission: no active score yet, due at admission.
 * - routine: the latest score is below the protocol's "more often" band (default q4h below moderate).
 * - severity: the latest score is in that band or worse (default hourly from moderate).
 * - after-prn: a PRN dose given after the latest score, its drug's reassessment time after it.
 * - after-first-buprenorphine: the stay's first buprenorphine dose, given after the latest score.
 * - danger-alert: a danger alert open now; the interval runs from the latest score or the alert,
 *   whichever is later (the alert may be raised some minutes after the score that caused it).
 */

export const DUE_REASONS = [
  'admission',
  'routine',
  'severity',
  'after-prn',
  'after-first-buprenorphine',
  'danger-alert',
] as const;
export type DueReason = (typeof DUE_REASONS)[number];

export interface ScoreAt {
  takenAt: string;
  instrument: InstrumentId;
  total: number;
  severity: Severity;
}

export interface ReassessmentInput {
  admittedAt: string;
  /** Active scores (corrected ones left out), in any order; the newest decides. */
  scores: readonly ScoreAt[];
  /** Active PRN doses given (not held or refused). */
  prnDoses: readonly { drug: DrugId; givenAt: string }[];
  /** Active buprenorphine doses given on this stay (either product); only the first counts. */
  buprenorphineGivenAt: readonly string[];
  /** Danger alerts open at the instant judged. */
  openDangerAlerts: readonly { raisedAt: string }[];
  protocol: Pick<UnitProtocol, 'reassessment' | 'drugs'>;
}

export interface NextAssessment {
  /** ISO instant (UTC). */
  at: string;
  because: DueReason;
  /** Why, in words: "every hour while COWS is moderate or worse (26, moderately severe)". */
  why: string;
}

const MIN = MINUTE_MS;

/** Equal times: the more urgent reason is named (an open danger alert before a band). */
const TIE_ORDER: readonly DueReason[] = [
  'admission',
  'danger-alert',
  'after-first-buprenorphine',
  'severity',
  'after-prn',
  'routine',
];

export function nextAssessmentDue(input: ReassessmentInput): NextAssessment {
  return dueCandidates(input)[0] as NextAssessment;
}

/** Every reason that applies, earliest first (ties by urgency); never empty. */
export function dueCandidates(input: ReassessmentInput): NextAssessment[] {
  const schedule = reassessmentScheduleOf(input.protocol);
  const latest = [...input.scores].sort((a, b) => Date.parse(b.takenAt) - Date.parse(a.takenAt))[0];
  const candidates: { at: number; because: DueReason; why: string }[] = [];
  const since = latest ? Date.parse(latest.takenAt) : Number.NEGATIVE_INFINITY;

  if (!latest) {
    candidates.push({ at: Date.parse(input.admittedAt), because: 'admission', why: 'first score on admission' });
  } else {
    const band = bandWord(latest.instrument, latest.severity);
    const threshold = severityWord(schedule.frequentFromBand);
    if (isFrequentBand(latest.severity, schedule.frequentFromBand)) {
      candidates.push({
        at: since + schedule.frequentMinutes * MIN,
        because: 'severity',
        why: `${everyText(schedule.frequentMinutes)} while ${latest.instrument} is ${threshold} or worse (${latest.total}, ${band})`,
      });
    } else {
      candidates.push({
        at: since + schedule.routineMinutes * MIN,
        because: 'routine',
        why: `${everyText(schedule.routineMinutes)} while ${latest.instrument} is below ${threshold} (${latest.total}, ${band})`,
      });
    }
  }

  // A dose charted at the same minute as a score follows it: its reassessment is still to come.
  for (const d of input.prnDoses) {
    const given = Date.parse(d.givenAt);
    if (given < since) continue;
    const minutes = input.protocol.drugs[d.drug]?.reassessAfterMinutes ?? DEFAULT_REASSESS_AFTER_MINUTES;
    candidates.push({
      at: given + minutes * MIN,
      because: 'after-prn',
      why: `${afterText(minutes)} after PRN ${getDrug(d.drug).name.toLowerCase()}`,
    });
  }

  const firstBuprenorphine = Math.min(...input.buprenorphineGivenAt.map((t) => Date.parse(t)));
  if (Number.isFinite(firstBuprenorphine) && firstBuprenorphine >= since) {
    candidates.push({
      at: firstBuprenorphine + schedule.afterFirstBuprenorphineMinutes * MIN,
      because: 'after-first-buprenorphine',
      why: `${afterText(schedule.afterFirstBuprenorphineMinutes)} after first buprenorphine dose`,
    });
  }

  if (input.openDangerAlerts.length > 0) {
    const anchor = Math.max(since, ...input.openDangerAlerts.map((a) => Date.parse(a.raisedAt)));
    candidates.push({
      at: anchor + schedule.dangerAlertMinutes * MIN,
      because: 'danger-alert',
      why: `${everyText(schedule.dangerAlertMinutes)} while a danger alert is open`,
    });
  }

  return candidates
    .sort((a, b) => a.at - b.at || TIE_ORDER.indexOf(a.because) - TIE_ORDER.indexOf(b.because))
    .map((c) => ({ at: new Date(c.at).toISOString(), because: c.because, why: c.why }));
}

/** A band counts from the protocol's band up, in the shared order none < mild < … < severe. */
export function isFrequentBand(severity: Severity, from: FrequentFromBand): boolean {
  return SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(from);
}

function severityWord(severity: Severity): string {
  return severity === 'none' ? 'below mild' : severity.replace('-', ' ');
}

/** The instrument's own band label ("moderately severe", SOWS "none"), in lower case. */
function bandWord(instrument: InstrumentId, severity: Severity): string {
  const label = getInstrument(instrument).bands.find((b) => b.severity === severity)?.label;
  return label ? label.toLowerCase() : severityWord(severity);
}

/** "every hour", "every 4 h", "every 30 min". */
export function everyText(minutes: number): string {
  return minutes === 60 ? 'every hour' : `every ${afterText(minutes)}`;
}

/** "1 h", "4 h", "30 min", "1 h 30 min". */
function afterText(minutes: number): string {
  return durationText(minutes * MINUTE_MS);
}
