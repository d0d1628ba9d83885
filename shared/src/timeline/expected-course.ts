import type { OpioidKind } from '../api/admissions.js';

/** Hours since last use, inclusive at both ends: [from, to]. */
export type HourWindow = readonly [from: number, to: number];

/** When spontaneous withdrawal is expected to begin, peak and settle, in hours since last use. */
export interface ExpectedCourse {
  readonly onsetHours: HourWindow;
  readonly peakHours: HourWindow;
  readonly resolutionHours: HourWindow;
}

// Sources disagree (clinical.md §5 gives the ranges); each number below names the source it was
// taken from. "Resolution" is the acute phase only: dysphoria, insomnia and craving can persist for
// weeks to months (clinical.md §5, protracted withdrawal), so resolved is not "well".

/** Short-acting: heroin, IR oxycodone, morphine, codeine, illicit fentanyl (clinical.md §5). */
const SHORT_ACTING: ExpectedCourse = Object.freeze({
  onsetHours: Object.freeze([
    8, // Drugs.com "8-24 h" (clinical.md §5); ClinicalKey and IDWiki give an earlier 6-12 h
    24, // Drugs.com "8-24 h"
  ] as const),
  peakHours: Object.freeze([
    24, // ClinicalKey summary "24-48 h" (clinical.md §5)
    72, // Medscape as summarised "36-72 h"; Saskatchewan detox protocol "~72 h"
  ] as const),
  resolutionHours: Object.freeze([
    120, // Saskatchewan detox protocol "5-10 days" (Drugs.com 4-10 days; IDWiki 5-7 days)
    240, // Saskatchewan detox protocol and Drugs.com "10 days"; Medscape summary 7-10 days
  ] as const),
});

/** Long-acting: methadone, ER oxycodone and morphine (clinical.md §5). */
const LONG_ACTING: ExpectedCourse = Object.freeze({
  onsetHours: Object.freeze([
    24, // methadone "24-48 h": Saskatchewan detox protocol and IDWiki (Drugs.com 12-48 h)
    48, // same sources; ClinicalKey summary allows up to 72 h
  ] as const),
  peakHours: Object.freeze([
    72, // methadone "72-96 h", Medscape as summarised (clinical.md §5)
    96, // Medscape as summarised
  ] as const),
  resolutionHours: Object.freeze([
    240, // Drugs.com "10-20 days" (ClinicalKey summary "~10 days")
    480, // Drugs.com "10-20 days"; Saskatchewan protocol "2-3 weeks or longer" for methadone
  ] as const),
});

const COURSES: Readonly<Record<OpioidKind, ExpectedCourse>> = Object.freeze({ short: SHORT_ACTING, long: LONG_ACTING });

/** The expected withdrawal windows for an admission's opioid kind (clinical.md §5). */
export function expectedCourse(kind: OpioidKind): ExpectedCourse {
  // Checked at run time too: a kind read from an old row or a script must not fall through to the
  // wrong table silently.
  if (!Object.hasOwn(COURSES, kind)) {
    throw new RangeError(`opioid kind must be "short" or "long" (got "${String(kind)}")`);
  }
  return COURSES[kind];
}
