import { type WithdrawalCourse, expectedCourse } from '@detox/shared';
import { describe, expect, it } from 'vitest';
import type { TimelineData } from '../../lib/api-types.js';
import { courseWindows, riskWindows } from './course-windows.js';

/** The shared course as timeline.get sends it (through JSON). */
const sent = (course: WithdrawalCourse) =>
  JSON.parse(JSON.stringify(expectedCourse(course))) as NonNullable<TimelineData['expected']>;
const alcohol = sent('alcohol');
const opioid = sent('short-acting-opioid');

describe('riskWindows: alcohol withdrawal seizures and delirium tremens', () => {
  it('gives both windows of the alcohol course, as the sources give them, on a domain that holds them', () => {
    expect(riskWindows(alcohol, { from: -12, to: 200 })).toEqual([
      { key: 'seizure', label: 'Seizure risk', hours: '0–48 h', from: 0, to: 48 },
      { key: 'delirium', label: 'Delirium tremens risk', hours: '48–120 h', from: 48, to: 120 },
    ]);
  });

  it('clips to the domain and keeps the sources’ hours in the label: 6 h in, the axis ending at 30 h', () => {
    expect(riskWindows(alcohol, { from: 6, to: 30 })).toEqual([
      { key: 'seizure', label: 'Seizure risk', hours: '0–48 h', from: 6, to: 30 },
    ]);
  });

  it('leaves out a window that ends exactly where the domain starts', () => {
    expect(riskWindows(alcohol, { from: 48, to: 60 }).map((w) => w.key)).toEqual(['delirium']);
    expect(riskWindows(alcohol, { from: 120, to: 200 })).toEqual([]);
  });

  it('has none for an opioid course, or when no course is expected', () => {
    expect(riskWindows(opioid, { from: 0, to: 200 })).toEqual([]);
    expect(riskWindows(null, { from: 0, to: 200 })).toEqual([]);
  });
});

describe('courseWindows', () => {
  it('onset, peak and resolution of the short-acting opioid course, "Resolution" never "Taper"', () => {
    expect(courseWindows(opioid, { from: 0, to: 300 }).map((w) => [w.label, w.from, w.to])).toEqual([
      ['Expected onset', opioid.onsetHours[0], opioid.onsetHours[1]],
      ['Expected peak', opioid.peakHours[0], opioid.peakHours[1]],
      ['Resolution', opioid.peakHours[1], opioid.resolutionHours[1]],
    ]);
  });
});
