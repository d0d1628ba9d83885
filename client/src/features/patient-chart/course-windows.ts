import type { TimelineData } from '../../lib/api-types.js';
import type { HourDomain } from './chart-axis.js';

export type CourseWindowKey = 'onset' | 'peak' | 'taper';

export interface CourseWindow {
  readonly key: CourseWindowKey;
  readonly label: string;
  /** What the window means, for the tooltip-less reader (print, screen reader). */
  readonly description: string;
  readonly from: number;
  readonly to: number;
}

/**
 * The expected course as shaded windows. Onset and peak are the sources' ranges (shared
 * timeline/expected-course.ts, clinical.md §5); "Taper" runs from the end of the peak to the latest
 * expected resolution of the acute phase, as withdrawalPhase counts it, so the shading and the phase in
 * the summary never disagree. Clipped to the domain; a window wholly outside it is left out.
 */
export function courseWindows(expected: TimelineData['expected'], domain: HourDomain): CourseWindow[] {
  const [onsetFrom, onsetTo] = expected.onsetHours;
  const [peakFrom, peakTo] = expected.peakHours;
  const [, resolutionTo] = expected.resolutionHours;
  const windows: CourseWindow[] = [
    { key: 'onset', label: 'Expected onset', description: `expected onset ${onsetFrom}–${onsetTo} h`, from: onsetFrom, to: onsetTo },
    { key: 'peak', label: 'Expected peak', description: `expected peak ${peakFrom}–${peakTo} h`, from: peakFrom, to: peakTo },
    { key: 'taper', label: 'Taper', description: `symptoms expected to taper ${peakTo}–${resolutionTo} h`, from: peakTo, to: resolutionTo },
  ];
  return windows
    .map((w) => ({ ...w, from: Math.max(w.from, domain.from), to: Math.min(w.to, domain.to) }))
    .filter((w) => w.to > w.from);
}
