import { describe, expect, it } from 'vitest';
import { expectedCourse } from './expected-course.js';

describe('expectedCourse (clinical.md §5)', () => {
  it('gives the short-acting windows: onset 8-24 h, peak 24-72 h, resolution 120-240 h', () => {
    expect(expectedCourse('short')).toEqual({ onsetHours: [8, 24], peakHours: [24, 72], resolutionHours: [120, 240] });
  });

  it('gives the long-acting windows: onset 24-48 h, peak 72-96 h, resolution 10-20 days', () => {
    expect(expectedCourse('long')).toEqual({ onsetHours: [24, 48], peakHours: [72, 96], resolutionHours: [240, 480] });
  });

  it.each(['short', 'long'] as const)('%s-acting windows are ordered: onset starts before peak, peak ends before resolution', (kind) => {
    const { onsetHours, peakHours, resolutionHours } = expectedCourse(kind);
    for (const [from, to] of [onsetHours, peakHours, resolutionHours]) expect(from).toBeLessThanOrEqual(to);
    expect(onsetHours[0]).toBeLessThan(peakHours[0]);
    expect(onsetHours[1]).toBeLessThanOrEqual(peakHours[0]);
    expect(peakHours[1]).toBeLessThan(resolutionHours[1]);
  });

  it('cannot be changed by a caller, so one screen cannot alter another patient’s course', () => {
    const course = expectedCourse('short');
    expect(Object.isFrozen(course)).toBe(true);
    expect(Object.isFrozen(course.peakHours)).toBe(true);
  });

  it('refuses an unknown opioid kind instead of guessing', () => {
    expect(() => expectedCourse('medium' as 'short')).toThrow(/opioid kind must be "short" or "long"/);
    expect(() => expectedCourse('toString' as 'short')).toThrow(RangeError);
  });
});
