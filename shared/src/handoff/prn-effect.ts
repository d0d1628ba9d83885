import { type InstrumentId, type Severity, TREND_THRESHOLD } from '../instruments/index.js';
import { type DrugId, formatDoseMg } from '../medications/catalogue.js';

/** One active score, as the shift report and the PRN effect refer to it. */
export interface ScoreRef {
  id: number;
  takenAt: string;
  instrument: InstrumentId;
  total: number;
  severity: Severity;
  severityLabel: string;
}

/** 'not attributed': another dose was given between the two scores, so the change is not credited to this one. */
export type PrnEffectWord =
  | 'improved'
  | 'no change'
  | 'worse'
  | 'not reassessed'
  | 'no score before'
  | 'not comparable'
  | 'not attributed';

/** Another dose given between a PRN dose's score before and score after. */
export interface PrnOtherDose {
  id: number;
  drug: DrugId;
  drugName: string;
  doseMg: number;
  givenAt: string;
}

export interface PrnEffect {
  before: ScoreRef | null;
  after: ScoreRef | null;
  /** after - before, on the same instrument. */
  change: number | null;
  effect: PrnEffectWord;
  reassessDueAt: string;
  /** Other doses given from the score before (included) to the score after (excluded): when any, the change is not attributed. */
  otherDosesBetween: PrnOtherDose[];
  /** The change is credited to this dose (improved, no change or worse). */
  attributed: boolean;
  /** The line in words, in the unit's time: "COWS 7 → 26; Buprenorphine 4 mg also given at 10:15, change not attributed". */
  text: string;
}

/** A change of 3 or more points is more than scoring noise: the board's trend threshold. */
export const PRN_EFFECT_THRESHOLD = TREND_THRESHOLD;

export const PRN_EFFECT_RULE =
  'Score before: the score the dose was charted against, else the latest before it. Score after: the first score after the dose. ' +
  `Improved or worse: a change of ${PRN_EFFECT_THRESHOLD} or more points on the same instrument. ` +
  'A change is credited to the dose only when no other dose was given from the score before (included) to the score after (excluded); ' +
  'otherwise the report names the other doses and does not attribute the change.';

/** Another dose of the same stay, given (not held, refused or corrected away). */
export type OtherDose = PrnOtherDose;

/** The effect before it is put in words (prnEffectText needs the unit's time zone). */
export type PrnEffectFinding = Omit<PrnEffect, 'text'>;

/**
 * How an as-needed dose worked: the score it was given against (the linked assessment, else the
 * latest before it) and the first score after it, on active records only.
 *
 * A change is attributed to the dose only when no other dose was given in between (issue 15: a
 * 7 → 26 rise was credited to clonidine and loperamide when buprenorphine had been given between
 * the scores). "In between" is [score before, score after): a dose charted at the minute of the
 * score before was given on that score, like this one, and may have shaped the score after; a dose
 * charted at the minute of the score after was given on that reassessment, once it was read, so it
 * cannot have shaped it. Doses given together with this one (the same minute) count as well.
 */
export function prnEffect(
  dose: { id: number; givenAt: string },
  linkedAssessmentId: number | null,
  scores: readonly ScoreRef[],
  otherDoses: readonly OtherDose[],
  prnReassessMinutes: number,
): PrnEffectFinding {
  const at = Date.parse(dose.givenAt);
  const linked = linkedAssessmentId === null ? undefined : scores.find((s) => s.id === linkedAssessmentId);
  const before = linked ?? scores.filter((s) => Date.parse(s.takenAt) <= at).at(-1) ?? null;
  const after = scores.find((s) => Date.parse(s.takenAt) > at) ?? null;
  const reassessDueAt = new Date(at + prnReassessMinutes * 60_000).toISOString();
  const base = { before, after, change: null, reassessDueAt, otherDosesBetween: [] as OtherDose[], attributed: false };
  if (!after) return { ...base, effect: 'not reassessed' };
  if (!before) return { ...base, effect: 'no score before' };
  if (before.instrument !== after.instrument) return { ...base, effect: 'not comparable' };
  const change = after.total - before.total;
  const from = Date.parse(before.takenAt);
  const to = Date.parse(after.takenAt);
  const between = otherDoses
    .filter((d) => d.id !== dose.id && Date.parse(d.givenAt) >= from && Date.parse(d.givenAt) < to)
    .sort((x, y) => Date.parse(x.givenAt) - Date.parse(y.givenAt) || x.id - y.id);
  if (between.length > 0) return { ...base, change, otherDosesBetween: between, effect: 'not attributed' };
  const effect = change <= -PRN_EFFECT_THRESHOLD ? 'improved' : change >= PRN_EFFECT_THRESHOLD ? 'worse' : 'no change';
  return { ...base, change, effect, attributed: true };
}

/**
 * The PRN-effect line in words, the same on screen, in the PDF and in the CSV:
 * "COWS 18 → 12 (improved)"; "COWS 7 → 26; Buprenorphine 4 mg also given at 10:15, change not attributed".
 */
export function prnEffectText(e: PrnEffectFinding, clock: (iso: string) => string): string {
  const b = e.before;
  const a = e.after;
  switch (e.effect) {
    case 'not reassessed':
      return `${b ? `${b.instrument} ${b.total} before; ` : ''}no score since the dose (reassessment due ${clock(e.reassessDueAt)})`;
    case 'no score before':
      return a ? `no score before the dose; ${a.instrument} ${a.total} after` : 'no score before the dose';
    case 'not comparable':
      return b && a
        ? `${b.instrument} ${b.total} before, ${a.instrument} ${a.total} after: not comparable`
        : 'not comparable';
    case 'not attributed': {
      const others = e.otherDosesBetween.map((d) => `${d.drugName} ${formatDoseMg(d.doseMg)} at ${clock(d.givenAt)}`);
      const list = others.length > 1 ? `${others.slice(0, -1).join(', ')} and ${others.at(-1)}` : (others[0] ?? '');
      return `${b?.instrument} ${b?.total} → ${a?.total}; ${list} also given, change not attributed`;
    }
    default:
      return `${b?.instrument} ${b?.total} → ${a?.total} (${e.effect})`;
  }
}
