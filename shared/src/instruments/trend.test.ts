import { describe, expect, it } from 'vitest';
import { TREND_THRESHOLD, trendOf } from './trend.js';

describe('trendOf', () => {
  it('has no trend with fewer than two scores', () => {
    expect(trendOf([])).toBeNull();
    expect(trendOf([12])).toBeNull();
  });

  it('is rising from a rise of exactly the threshold, steady one below it', () => {
    expect(TREND_THRESHOLD).toBe(3);
    expect(trendOf([10, 13])).toBe('rising');
    expect(trendOf([10, 12])).toBe('steady');
    expect(trendOf([10, 25])).toBe('rising');
  });

  it('is falling from a fall of exactly the threshold, steady one above it', () => {
    expect(trendOf([13, 10])).toBe('falling');
    expect(trendOf([12, 10])).toBe('steady');
  });

  it('compares the first and the last score only, whatever lies between', () => {
    expect(trendOf([10, 30, 11])).toBe('steady');
    expect(trendOf([10, 0, 14])).toBe('rising');
  });
});
