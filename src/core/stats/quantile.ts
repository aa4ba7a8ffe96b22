import { median as ssMedian } from 'simple-statistics';

/** Median of a non-empty list (simple-statistics; the input is not modified). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list');
  return ssMedian([...values]);
}

/**
 * Quantile `p` (0..1) of a non-empty list, linear interpolation between order statistics
 * (R's type 7, the common default).
 */
export function quantile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('quantile of an empty list');
  return quantileOfSorted(Float64Array.from(values).sort(), p);
}

/** Quantile `p` (0..1, R type 7) of an ascending typed array or list. */
export function quantileOfSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('quantile of an empty list');
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile probability ${p} is outside 0..1`);
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  const fraction = h - lo;
  // Equal ends (including infinities) need no interpolation; avoids Infinity − Infinity.
  if (fraction === 0 || a === b) return a;
  return a + fraction * (b - a);
}

/** Arithmetic mean of a non-empty list. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('mean of an empty list');
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Coefficient of variation: sample standard deviation / |mean|; 0 when fewer than 2 values or mean 0. */
export function coefficientOfVariation(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return 0;
  const m = mean(values);
  if (m === 0) return 0;
  let ss = 0;
  for (const v of values) ss += (v - m) * (v - m);
  return Math.sqrt(ss / (n - 1)) / Math.abs(m);
}
