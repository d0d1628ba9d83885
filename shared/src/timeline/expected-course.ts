import type { OpioidKind } from '../api/admissions.js';
import { getSubstance, type SubstanceKind, type UsedSubstance } from '../substances/catalogue.js';

/** Hours since last use, inclusive at both ends: [from, to]. */
export type HourWindow = readonly [from: number, to: number];

/** When spontaneous withdrawal is expected to begin, peak and settle, in hours since last use. */
export interface ExpectedCourse {
  readonly onsetHours: HourWindow;
  readonly peakHours: HourWindow;
  readonly resolutionHours: HourWindow;
  /** Alcohol only: when withdrawal seizures are expected. */
  readonly seizureHours?: HourWindow;
  /** Alcohol only: when delirium tremens is expected. */
  readonly deliriumHours?: HourWindow;
}

/**
 * The withdrawal courses drawn on the chart (docs/clinical.md §5): opioid courses by kind, and
 * alcohol. Sedatives and other substances have none in the reference, so none is drawn for them.
 */
export const WITHDRAWAL_COURSES = [
  'short-acting-opioid',
  'extended-release-opioid',
  'methadone',
  'buprenorphine',
  'alcohol',
] as const;
export type WithdrawalCourse = (typeof WITHDRAWAL_COURSES)[number];

// Sources disagree (docs/clinical.md §5 gives the ranges); each number below names the source it was
// taken from. "Resolution" is the acute phase only: dysphoria, insomnia and craving can persist for
// weeks to months (docs/clinical.md §5, protracted withdrawal), so resolved is not "well".

/** Short-acting: heroin, IR oxycodone, morphine, codeine, illicit fentanyl (docs/clinical.md §5). */
const SHORT_ACTING: ExpectedCourse = Object.freeze({
  onsetHours: Object.freeze([
    8, // Drugs.com "8-24 h" (docs/clinical.md §5); ClinicalKey and IDWiki give an earlier 6-12 h
    24, // Drugs.com "8-24 h"
  ] as const),
  peakHours: Object.freeze([
    24, // ClinicalKey summary "24-48 h" (docs/clinical.md §5)
    72, // Medscape as summarised "36-72 h"; Saskatchewan detox protocol "~72 h"
  ] as const),
  resolutionHours: Object.freeze([
    120, // Saskatchewan detox protocol "5-10 days" (Drugs.com 4-10 days; IDWiki 5-7 days)
    240, // Saskatchewan detox protocol and Drugs.com "10 days"; Medscape summary 7-10 days
  ] as const),
});

/** Methadone (docs/clinical.md §5, long-acting row). */
const METHADONE: ExpectedCourse = Object.freeze({
  onsetHours: Object.freeze([
    24, // methadone "24-48 h": Saskatchewan detox protocol and IDWiki (Drugs.com 12-48 h)
    48, // same sources; ClinicalKey summary allows up to 72 h
  ] as const),
  peakHours: Object.freeze([
    72, // methadone "72-96 h", Medscape as summarised (docs/clinical.md §5)
    96, // Medscape as summarised
  ] as const),
  resolutionHours: Object.freeze([
    240, // Drugs.com "10-20 days" (ClinicalKey summary "~10 days")
    480, // Drugs.com "10-20 days"; Saskatchewan protocol "2-3 weeks or longer" for methadone
  ] as const),
});

/**
 * Extended-release oxycodone and morphine (docs/clinical.md §5.2): onset and resolution from the
 * long-acting/ER row; no source gives ER opioids a peak of their own, so the window spans the
 * short-acting course's earliest peak and methadone's latest.
 */
const EXTENDED_RELEASE: ExpectedCourse = Object.freeze({
  onsetHours: Object.freeze([
    12, // Drugs.com "12-48 h" for long-acting/ER opioids (docs/clinical.md §5)
    48, // Drugs.com "12-48 h"
  ] as const),
  peakHours: Object.freeze([
    24, // short-acting peak from 24 h (ClinicalKey summary): ER tablets hold the same drug
    96, // methadone peak to 96 h (Medscape as summarised): no ER-specific figure found
  ] as const),
  resolutionHours: Object.freeze([
    240, // Drugs.com "10-20 days" for long-acting opioids; ClinicalKey summary "~10 days"
    480, // Drugs.com "10-20 days"
  ] as const),
});

/**
 * Buprenorphine as the substance used (docs/clinical.md §5.3, weak sources only): its long
 * half-life delays onset to 24-72 h, the peak is around 72 h (36-72 h in one summary), and the
 * acute physical symptoms settle in 7-14 days.
 */
const BUPRENORPHINE: ExpectedCourse = Object.freeze({
  onsetHours: Object.freeze([24, 72] as const), // "24 to 72 hours after the last dose" [weak]
  peakHours: Object.freeze([36, 72] as const), // "peak within 36 to 72 hours", "around 72 hours" [weak]
  resolutionHours: Object.freeze([168, 336] as const), // "subside within 7 to 14 days" [weak]
});

/**
 * Alcohol (docs/clinical.md §5.4): BJGP table (onset 6-8 h, peak 10-30 h, seizures 0-48 h,
 * delirium tremens from 48-72 h) and a weaker summary (onset 6-24 h, peak 1-3 days, delirium
 * peaking on days 3-5, most resolved by day 5-7).
 */
const ALCOHOL: ExpectedCourse = Object.freeze({
  onsetHours: Object.freeze([
    6, // BJGP "onset 6-8 hours"; summary "6-24 hours"
    24, // summary "6-24 hours"
  ] as const),
  peakHours: Object.freeze([
    10, // BJGP "peak 10-30 hours"
    72, // summary "peak at 1-3 days" (the most severe autonomic symptoms)
  ] as const),
  resolutionHours: Object.freeze([
    120, // summary "most patients ... by day 5-7"
    168, // summary "day 5-7"; residual symptoms can last up to 2 weeks
  ] as const),
  seizureHours: Object.freeze([
    0, // BJGP "withdrawal seizures, onset 0-48 hours"
    48, // BJGP; the summary gives 12-48 h
  ] as const),
  deliriumHours: Object.freeze([
    48, // BJGP "delirium tremens, onset 48-72 hours"
    120, // summary "peaking at days 3-5"
  ] as const),
});

const COURSES: Readonly<Record<WithdrawalCourse, ExpectedCourse>> = Object.freeze({
  'short-acting-opioid': SHORT_ACTING,
  'extended-release-opioid': EXTENDED_RELEASE,
  methadone: METHADONE,
  buprenorphine: BUPRENORPHINE,
  alcohol: ALCOHOL,
});

/** The first form's short/long choice: long-acting meant methadone's course. */
const BY_OPIOID_KIND: Readonly<Record<OpioidKind, WithdrawalCourse>> = Object.freeze({
  short: 'short-acting-opioid',
  long: 'methadone',
});

const BY_SUBSTANCE_KIND: Partial<Record<SubstanceKind, WithdrawalCourse>> = {
  'short-acting': 'short-acting-opioid',
  'extended-release': 'extended-release-opioid',
  methadone: 'methadone',
  buprenorphine: 'buprenorphine',
  alcohol: 'alcohol',
};

/**
 * The course to draw for an admission's substances: the opioid course that resolves last (the
 * most restrictive: resolution is not called early), else alcohol's; null when nothing used has a
 * course in the reference (sedatives, other substances).
 */
export function courseForSubstances(used: readonly UsedSubstance[]): WithdrawalCourse | null {
  const courses = used
    .map((u) => BY_SUBSTANCE_KIND[getSubstance(u.code).kind])
    .filter((c): c is WithdrawalCourse => c !== undefined);
  const opioid = courses.filter((c) => c !== 'alcohol');
  if (opioid.length > 0)
    return opioid.reduce((a, b) => (COURSES[b].resolutionHours[1] > COURSES[a].resolutionHours[1] ? b : a));
  return courses.includes('alcohol') ? 'alcohol' : null;
}

function courseId(course: WithdrawalCourse | OpioidKind): WithdrawalCourse {
  if (Object.hasOwn(BY_OPIOID_KIND, course)) return BY_OPIOID_KIND[course as OpioidKind];
  if (Object.hasOwn(COURSES, course)) return course as WithdrawalCourse;
  // Checked at run time too: a value read from an old row or a script must not fall through to
  // the wrong table silently.
  throw new RangeError(
    `opioid kind must be "short" or "long", or a course (${WITHDRAWAL_COURSES.join(', ')}); got "${String(course)}"`,
  );
}

/** The expected withdrawal windows for a course, or for the first form's opioid kind (docs/clinical.md §5). */
export function expectedCourse(course: WithdrawalCourse | OpioidKind): ExpectedCourse {
  return COURSES[courseId(course)];
}

export function isAlcoholCourse(course: WithdrawalCourse | OpioidKind): boolean {
  return courseId(course) === 'alcohol';
}

const COURSE_LABELS: Readonly<Record<WithdrawalCourse, string>> = Object.freeze({
  'short-acting-opioid': 'short-acting opioid course',
  'extended-release-opioid': 'extended-release opioid course',
  methadone: 'methadone course',
  buprenorphine: 'buprenorphine course',
  alcohol: 'alcohol withdrawal course',
});

/** "short-acting opioid course", "alcohol withdrawal course"; for reports and headers. */
export function courseLabel(course: WithdrawalCourse | null): string {
  return course === null ? 'no expected course' : COURSE_LABELS[course];
}

/** What the admission is a withdrawal from, for the FHIR Encounter reason. */
export function withdrawalReason(course: WithdrawalCourse | null): string {
  if (course === null) return 'Substance withdrawal';
  return course === 'alcohol' ? 'Alcohol withdrawal' : 'Opioid withdrawal';
}
