/** The smallest useful output: first, last, and one bucket's minimum and maximum. */
export const MIN_DOWNSAMPLE_POINTS = 4;

/**
 * Min/max bucket downsampling for chart series, chosen over largest-triangle-three-buckets because
 * LTTB keeps the visually prominent point of a bucket but can drop an extreme one; on a withdrawal
 * chart the highest COWS and the lowest blood pressure are exactly what must not vanish.
 *
 * Points must be in time order. The first and last points are always kept (the latest assessment is
 * the one a nurse looks for); the points between are cut into equal-count buckets and each bucket
 * contributes its minimum and its maximum, in their original order. The output therefore holds the
 * global minimum and maximum, keeps the input order, and has at most `maxPoints` points.
 */
export function downsampleMinMax<T>(points: readonly T[], maxPoints: number, readValue: (point: T) => number): T[] {
  if (!Number.isInteger(maxPoints) || maxPoints < MIN_DOWNSAMPLE_POINTS) {
    throw new RangeError(`maxPoints must be a whole number of at least ${MIN_DOWNSAMPLE_POINTS} (got ${maxPoints})`);
  }
  const values = points.map((point, index) => {
    const value = readValue(point);
    // A NaN compares false with everything, so it would silently never be a bucket's min or max.
    if (!Number.isFinite(value)) throw new RangeError(`point ${index} has no finite value (got ${value})`);
    return value;
  });
  if (points.length <= maxPoints) return points.slice();

  const lastIndex = points.length - 1;
  const interior = lastIndex - 1; // points strictly between first and last
  const bucketCount = Math.floor((maxPoints - 2) / 2);
  const kept = new Set<number>([0, lastIndex]);
  for (let bucket = 0; bucket < bucketCount; bucket++) {
    // Each bucket holds at least two points: interior >= maxPoints - 1 > 2 * bucketCount.
    const from = 1 + Math.floor((bucket * interior) / bucketCount);
    const to = 1 + Math.floor(((bucket + 1) * interior) / bucketCount); // exclusive
    let minIndex = from;
    let maxIndex = from;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const [offset, value] of values.slice(from, to).entries()) {
      if (value < min) [min, minIndex] = [value, from + offset];
      if (value > max) [max, maxIndex] = [value, from + offset];
    }
    kept.add(minIndex).add(maxIndex);
  }
  return points.filter((_, index) => kept.has(index));
}
