import { describe, expect, it } from 'vitest';
import { assessmentFieldOrder, firstBadField, issuesInOrder } from './form-errors.js';

const ORDER = assessmentFieldOrder(['pulse', 'sweating'], ['vitals.heartRate', 'vitals.temperatureC']);

describe('the first field to fix after a refused save', () => {
  it('follows the form’s order: time, vital signs, items, note, reason', () => {
    expect(ORDER).toEqual([
      'takenAt',
      'vitals.heartRate',
      'vitals.temperatureC',
      'items.pulse',
      'items.sweating',
      'note',
      'reason',
    ]);
    expect(firstBadField(['items.sweating', 'vitals.temperatureC'], ORDER)).toBe('vitals.temperatureC');
    expect(firstBadField(['reason', 'takenAt'], ORDER)).toBe('takenAt');
  });

  it('reads a correction’s paths without their "replacement." prefix', () => {
    expect(firstBadField(['replacement.items.pulse', 'reason'], ORDER)).toBe('items.pulse');
  });

  it('puts a path the form does not show last, and has nothing for no issue', () => {
    expect(firstBadField(['admissionId', 'items.pulse'], ORDER)).toBe('items.pulse');
    expect(firstBadField(['admissionId'], ORDER)).toBe('admissionId');
    expect(firstBadField([], ORDER)).toBeNull();
  });

  it('lists the issues in the same order for the summary', () => {
    expect(issuesInOrder({ 'replacement.items.pulse': 'pulse', takenAt: 'time', other: 'x' }, ORDER)).toEqual([
      { path: 'takenAt', message: 'time' },
      { path: 'items.pulse', message: 'pulse' },
      { path: 'other', message: 'x' },
    ]);
  });
});
