import { describe, expect, it } from 'vitest';
import { idsInShape, shapeOf } from './id-list-shapes.js';

describe('id lists padded to a few lengths', () => {
  it('pads each count to the next power of two up to 256, repeating the last id', () => {
    expect([1, 2, 3, 4, 5, 8, 9, 16, 17, 40, 64, 65, 200, 256].map(shapeOf)).toEqual([
      1, 2, 4, 4, 8, 8, 16, 16, 32, 64, 64, 128, 256, 256,
    ]);
    expect(idsInShape([7])).toEqual([7]);
    expect(idsInShape([7, 9, 3])).toEqual([7, 9, 3, 3]);
    expect(idsInShape([1, 2, 3, 4, 5])).toEqual([1, 2, 3, 4, 5, 5, 5, 5]);
  });

  it('leaves an empty list and a list longer than the longest length as they are', () => {
    expect(idsInShape([])).toEqual([]);
    const long = Array.from({ length: 300 }, (_, i) => i + 1);
    expect(shapeOf(300)).toBe(300);
    expect(idsInShape(long)).toBe(long);
  });

  it('pads to a length given for lists that go in one query together', () => {
    expect(idsInShape([4], 8)).toEqual([4, 4, 4, 4, 4, 4, 4, 4]);
    expect(idsInShape([4, 5, 6], shapeOf(5))).toEqual([4, 5, 6, 6, 6, 6, 6, 6]);
  });
});
