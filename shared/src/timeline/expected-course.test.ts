import { describe, expect, it } from 'vitest';
import { courseForSubstances, expectedCourse, WITHDRAWAL_COURSES } from './expected-course.js';

describe('expectedCourse (docs/clinical.md §5)', () => {
  it('gives the short-acting windows: onset 8-24 h, peak 24-72 h, resolution 120-240 h', () => {
    expect(expectedCourse('short')).toEqual({ onsetHours: [8, 24], peakHours: [24, 72], resolutionHours: [120, 240] });
  });

  it('gives the long-acting windows: onset 24-48 h, peak 72-96 h, resolution 10-20 days', () => {
    expect(expectedCourse('long')).toEqual({ onsetHours: [24, 48], peakHours: [72, 96], resolutionHours: [240, 480] });
  });

  it.each(['short', 'long'] as const)(
    '%s-acting windows are ordered: onset starts before peak, peak ends before resolution',
    (kind) => {
      const { onsetHours, peakHours, resolutionHours } = expectedCourse(kind);
      for (const [from, to] of [onsetHours, peakHours, resolutionHours]) expect(from).toBeLessThanOrEqual(to);
      expect(onsetHours[0]).toBeLessThan(peakHours[0]);
      expect(onsetHours[1]).toBeLessThanOrEqual(peakHours[0]);
      expect(peakHours[1]).toBeLessThan(resolutionHours[1]);
    },
  );

  it('cannot be changed by a caller, so one screen cannot alter another patient’s course', () => {
    const course = expectedCourse('short');
    expect(Object.isFrozen(course)).toBe(true);
    expect(Object.isFrozen(course.peakHours)).toBe(true);
  });

  it('refuses an unknown opioid kind instead of guessing', () => {
    expect(() => expectedCourse('medium' as 'short')).toThrow(/opioid kind must be "short" or "long", or a course/);
    expect(() => expectedCourse('toString' as 'short')).toThrow(RangeError);
  });
});

describe('courses by substance (docs/clinical.md §5)', () => {
  it('has its own windows for extended-release opioids, buprenorphine and alcohol', () => {
    expect(expectedCourse('extended-release-opioid')).toEqual({
      onsetHours: [12, 48],
      peakHours: [24, 96],
      resolutionHours: [240, 480],
    });
    expect(expectedCourse('buprenorphine')).toEqual({
      onsetHours: [24, 72],
      peakHours: [36, 72],
      resolutionHours: [168, 336],
    });
    expect(expectedCourse('alcohol')).toEqual({
      onsetHours: [6, 24],
      peakHours: [10, 72],
      resolutionHours: [120, 168],
      seizureHours: [0, 48],
      deliriumHours: [48, 120],
    });
    expect(expectedCourse('long')).toBe(expectedCourse('methadone'));
    expect(expectedCourse('short')).toBe(expectedCourse('short-acting-opioid'));
  });

  it.each(WITHDRAWAL_COURSES)('%s windows are ordered', (course) => {
    const { onsetHours, peakHours, resolutionHours } = expectedCourse(course);
    for (const [from, to] of [onsetHours, peakHours, resolutionHours]) expect(from).toBeLessThanOrEqual(to);
    expect(onsetHours[0]).toBeLessThan(peakHours[0]);
    expect(peakHours[1]).toBeLessThan(resolutionHours[1]);
  });

  it('picks the opioid course that resolves last; alcohol only when no opioid; none for sedatives alone', () => {
    expect(courseForSubstances([{ code: 'heroin' }])).toBe('short-acting-opioid');
    expect(courseForSubstances([{ code: 'oxycodone-er' }])).toBe('extended-release-opioid');
    expect(courseForSubstances([{ code: 'illicit-fentanyl' }, { code: 'alcohol' }])).toBe('short-acting-opioid');
    expect(courseForSubstances([{ code: 'heroin' }, { code: 'methadone' }])).toBe('methadone');
    expect(courseForSubstances([{ code: 'buprenorphine' }, { code: 'heroin' }])).toBe('buprenorphine');
    expect(courseForSubstances([{ code: 'alcohol' }, { code: 'benzodiazepine' }])).toBe('alcohol');
    expect(courseForSubstances([{ code: 'benzodiazepine' }])).toBeNull();
  });
});
