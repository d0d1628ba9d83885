import { describe, expect, it } from 'vitest';
import { compareBeds } from './bed-order.js';

describe('compareBeds: beds in the order a ward reads them', () => {
  const labels = ['10', '2', '1', 'B10', 'B2', 'b3', 'A1', '12B', '12A', '12', 'ICU-12', 'ICU-3', 'ICU 2'];

  it('puts numbers in numeric order, letters without regard to case', () => {
    expect([...labels].sort(compareBeds)).toEqual([
      '1',
      '2',
      '10',
      '12',
      '12A',
      '12B',
      'A1',
      'B2',
      'b3',
      'B10',
      'ICU 2',
      'ICU-3',
      'ICU-12',
    ]);
  });

  it('agrees with the collator order it replaces on these labels', () => {
    const collator = new Intl.Collator(undefined, { numeric: true });
    expect([...labels].sort(compareBeds)).toEqual([...labels].sort(collator.compare));
  });

  it('keeps equal labels equal and a label before its own extension', () => {
    expect(compareBeds('7', '7')).toBe(0);
    expect(compareBeds('7', '7A')).toBeLessThan(0);
    expect(compareBeds('7A', '7')).toBeGreaterThan(0);
  });

  it('orders the same after more labels than it keeps split (the store starts over)', () => {
    const many = Array.from({ length: 5000 }, (_, i) => `W${i}`);
    const shuffled = [...many].reverse();
    expect(shuffled.sort(compareBeds)).toEqual(many);
    expect(compareBeds('b3', 'B10')).toBeLessThan(0);
    expect(compareBeds('ICU-12', 'ICU-3')).toBeGreaterThan(0);
  });
});
