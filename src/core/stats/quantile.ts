import { mean as ssMean, median as ssMedian, sampleStandardDeviation } from 'simple-statistics';

/** Median of a non-empty list (simple-statistics; the input is not modified). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list');
  return ssMedian([...values]);
}

/**
 * Quantile `p` (0..1) of a non-empty list, linear interpolation between order statistics
 * (R's type 7, the common default). Hand-written: simple-statistics' `quantile` uses another
 * definition (no interpolation between order statistics).
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

/** Arithmetic mean of a non-empty list (simple-statistics). */
export function mean(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('mean of an empty list');
  return ssMean([...values]);
}

/** Sample standard deviation (n − 1 denominator, simple-statistics); 0 when fewer than 2 values. */
export function sampleSd(values: readonly number[]): number {
  return values.length < 2 ? 0 : sampleStandardDeviation([...values]);
}

/** Coefficient of variation: sample standard deviation / |mean|; 0 when fewer than 2 values or mean 0. */
export function coefficientOfVariation(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  if (m === 0) return 0;
  return sampleSd(values) / Math.abs(m);
}
