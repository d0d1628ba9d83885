import { describe, expect, it } from 'vitest';
import { downsampleMinMax } from './downsample.js';

interface Point {
  at: number;
  total: number;
}

/** A deterministic noisy series with a few sharp spikes, like COWS totals taken every 30 minutes. */
function series(length: number, seed: number): Point[] {
  let state = seed;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  return Array.from({ length }, (_, at) => ({
    at,
    total: Math.round(10 + 8 * Math.sin(at / 50) + 4 * random() + (random() > 0.995 ? 20 : 0)),
  }));
}

const total = (p: Point) => p.total;

describe('downsampleMinMax', () => {
  it.each([
    [10, 4],
    [1_000, 100],
    [1_001, 101],
    [5_000, 7],
    [20_000, 500],
  ])('keeps the global max and min and at most maxPoints points (%s points → %s)', (length, maxPoints) => {
    for (const seed of [1, 7, 42]) {
      const points = series(length, seed);
      const out = downsampleMinMax(points, maxPoints, total);
      expect(out.length).toBeLessThanOrEqual(maxPoints);
      expect(Math.max(...out.map(total))).toBe(Math.max(...points.map(total)));
      expect(Math.min(...out.map(total))).toBe(Math.min(...points.map(total)));
    }
  });

  it('keeps a single spike and a single trough wherever they fall', () => {
    const flat = Array.from({ length: 1_000 }, (_, at) => ({ at, total: 10 }));
    for (const spikeAt of [1, 333, 998]) {
      const points = flat.map((p) =>
        p.at === spikeAt ? { ...p, total: 40 } : p.at === 999 - spikeAt ? { ...p, total: 0 } : p,
      );
      const out = downsampleMinMax(points, 20, total);
      expect(out.some((p) => p.at === spikeAt && p.total === 40)).toBe(true);
      expect(out.some((p) => p.at === 999 - spikeAt && p.total === 0)).toBe(true);
    }
  });

  it('keeps the first and the latest point, and the time order', () => {
    const points = series(2_000, 3);
    const out = downsampleMinMax(points, 50, total);
    expect(out[0]).toBe(points[0]);
    expect(out.at(-1)).toBe(points.at(-1));
    const times = out.map((p) => p.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(times).size).toBe(times.length);
  });

  it('returns a short series unchanged (as a copy)', () => {
    const points = series(30, 5);
    const out = downsampleMinMax(points, 30, total);
    expect(out).toEqual(points);
    expect(out).not.toBe(points);
    expect(downsampleMinMax([], 10, total)).toEqual([]);
  });

  it('refuses a budget too small to hold first, last, min and max', () => {
    expect(() => downsampleMinMax(series(10, 1), 3, total)).toThrow(/at least 4/);
    expect(() => downsampleMinMax(series(10, 1), 4.5, total)).toThrow(RangeError);
  });

  it('refuses a point without a finite value rather than dropping it silently', () => {
    const points = [...series(10, 1), { at: 10, total: Number.NaN }];
    expect(() => downsampleMinMax(points, 4, total)).toThrow(/point 10 has no finite value/);
  });
});
