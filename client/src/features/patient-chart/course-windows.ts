import type { TimelineData } from '../../lib/api-types.js';
import type { HourDomain } from './chart-axis.js';

export type CourseWindowKey = 'onset' | 'peak' | 'taper';

export interface CourseWindow {
  readonly key: CourseWindowKey;
  readonly label: string;
  /** The whole window as the sources give it ("8–24 h"), before clipping to the chart. */
  readonly hours: string;
  readonly from: number;
  readonly to: number;
}

/**
 * The expected course as shaded windows. Onset and peak are the sources' ranges (shared
 * timeline/expected-course.ts, docs/clinical.md §5); "Resolution" runs from the end of the peak to the latest
 * expected resolution of the acute phase, as withdrawalPhase counts it, so the shading and the phase in
 * the summary never disagree. Clipped to the domain; a window wholly outside it is left out.
 */
export function courseWindows(expected: TimelineData['expected'], domain: HourDomain): CourseWindow[] {
  // No expected course for the substances used (sedatives, other): nothing to shade.
  if (expected === null) return [];
  const [onsetFrom, onsetTo] = expected.onsetHours;
  const [peakFrom, peakTo] = expected.peakHours;
  const [, resolutionTo] = expected.resolutionHours;
  const windows: CourseWindow[] = [
    { key: 'onset', label: 'Expected onset', hours: `${onsetFrom}–${onsetTo} h`, from: onsetFrom, to: onsetTo },
    { key: 'peak', label: 'Expected peak', hours: `${peakFrom}–${peakTo} h`, from: peakFrom, to: peakTo },
    // "Resolution", never "Taper": the word reads as a medication taper (issue 10, item 9).
    { key: 'taper', label: 'Resolution', hours: `${peakTo}–${resolutionTo} h`, from: peakTo, to: resolutionTo },
  ];
  return windows
    .map((w) => ({ ...w, from: Math.max(w.from, domain.from), to: Math.min(w.to, domain.to) }))
    .filter((w) => w.to > w.from);
}

export type RiskWindowKey = 'seizure' | 'delirium';

export interface RiskWindow {
  readonly key: RiskWindowKey;
  readonly label: string;
  /** The whole window as the sources give it ("0–48 h"), before clipping to the chart. */
  readonly hours: string;
  readonly from: number;
  readonly to: number;
}

/**
 * Alcohol withdrawal's danger windows (docs/clinical.md §5.4): withdrawal seizures and delirium
 * tremens, hours since last use. They overlap the onset and peak, so the chart draws them as a strip
 * of their own at the top of the plot rather than as shading. None for a course that has none.
 */
export function riskWindows(expected: TimelineData['expected'], domain: HourDomain): RiskWindow[] {
  if (expected === null) return [];
  const windows: RiskWindow[] = [];
  const add = (key: RiskWindowKey, label: string, hours: readonly number[] | undefined) => {
    const [from, to] = hours ?? [];
    if (from !== undefined && to !== undefined) windows.push({ key, label, hours: `${from}–${to} h`, from, to });
  };
  add('seizure', 'Seizure risk', expected.seizureHours);
  add('delirium', 'Delirium tremens risk', expected.deliriumHours);
  return windows
    .map((w) => ({ ...w, from: Math.max(w.from, domain.from), to: Math.min(w.to, domain.to) }))
    .filter((w) => w.to > w.from);
}
