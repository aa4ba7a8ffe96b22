import { gammaln } from 'simple-statistics';
import type { Rng } from './rng.js';

/**
 * The exact distribution of the median of a bootstrap resample (n draws with replacement from n
 * sorted values), over the positions of the sorted data. It depends only on n, so it is computed
 * once per n and each resample's median is then drawn with one uniform (alias method).
 *
 * Odd n: the median is the k-th smallest (k = (n+1)/2) and position ≤ i iff at least k draws fall
 * in 0..i, a Binomial(n, (i+1)/n) tail. Even n: the median is the mean of the k-th and (k+1)-th
 * smallest (k = n/2); with A = draws in 0..i,
 *   P(lower ≤ i, upper ≤ j) = P(A ≥ k+1) + P(A = k)·(1 − ((n−1−j)/(n−1−i))^(n−k))  for i < j,
 * and P(upper ≤ j) for i ≥ j; the joint probabilities follow by differencing.
 */
export interface ResampledMedianDistribution {
  /** Sorted-data positions of the lower and upper middle order statistics, one pair per atom. */
  readonly lower: Int32Array;
  readonly upper: Int32Array;
  /** Cumulative probability up to and including each atom (last = 1). */
  readonly cdf: Float64Array;
  /** Vose alias table: atom i is kept with probability `keep[i]`, else replaced by `alias[i]`. */
  readonly keep: Float64Array;
  readonly alias: Int32Array;
}

/** Vose's alias method: O(1) sampling from a discrete distribution with one uniform per draw. */
function aliasTable(probabilities: readonly number[]): { keep: Float64Array; alias: Int32Array } {
  const k = probabilities.length;
  const keep = new Float64Array(k);
  const alias = new Int32Array(k);
  const scaled = probabilities.map((p) => p * k);
  const small: number[] = [];
  const large: number[] = [];
  scaled.forEach((p, i) => (p < 1 ? small : large).push(i));
  while (small.length > 0 && large.length > 0) {
    const s = small.pop()!;
    const l = large[large.length - 1]!;
    keep[s] = scaled[s]!;
    alias[s] = l;
    scaled[l] = scaled[l]! + scaled[s]! - 1;
    if (scaled[l]! < 1) small.push(large.pop()!);
  }
  for (const i of [...small, ...large]) {
    keep[i] = 1;
    alias[i] = i;
  }
  return { keep, alias };
}

/** Largest n for which the exact table is used (the table has up to n(n+1)/2 atoms). */
export const EXACT_MEDIAN_TABLE_MAX_N = 200;

const cache = new Map<number, ResampledMedianDistribution>();

function logChoose(n: number, k: number): number {
  return gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1);
}

/** P(Bin(n, p) = a). */
function binomialPmf(n: number, a: number, p: number): number {
  if (p <= 0) return a === 0 ? 1 : 0;
  if (p >= 1) return a === n ? 1 : 0;
  return Math.exp(logChoose(n, a) + a * Math.log(p) + (n - a) * Math.log1p(-p));
}

/** P(Bin(n, p) ≥ a). */
function binomialUpperTail(n: number, a: number, p: number): number {
  let sum = 0;
  for (let x = Math.max(0, a); x <= n; x++) sum += binomialPmf(n, x, p);
  return Math.min(1, sum);
}

/** The exact resampled-median distribution for sample size n (1 ≤ n ≤ EXACT_MEDIAN_TABLE_MAX_N), memoised. */
export function resampledMedianDistribution(n: number): ResampledMedianDistribution {
  const cached = cache.get(n);
  if (cached) return cached;
  if (!Number.isInteger(n) || n < 1 || n > EXACT_MEDIAN_TABLE_MAX_N) {
    throw new RangeError(`resampled median table needs 1 ≤ n ≤ ${EXACT_MEDIAN_TABLE_MAX_N}, got ${n}`);
  }
  const lower: number[] = [];
  const upper: number[] = [];
  const probabilities: number[] = [];
  if (n % 2 === 1) {
    const k = (n + 1) / 2;
    let previous = 0;
    for (let i = 0; i < n; i++) {
      const atMost = i === n - 1 ? 1 : binomialUpperTail(n, k, (i + 1) / n);
      lower.push(i);
      upper.push(i);
      probabilities.push(Math.max(0, atMost - previous));
      previous = atMost;
    }
  } else {
    const k = n / 2;
    const tailAbove = new Float64Array(n); // P(A(i) ≥ k+1)
    const exactlyK = new Float64Array(n); // P(A(i) = k)
    for (let i = 0; i < n; i++) {
      const p = (i + 1) / n;
      tailAbove[i] = i === n - 1 ? 1 : binomialUpperTail(n, k + 1, p);
      exactlyK[i] = binomialPmf(n, k, p);
    }
    const joint = (i: number, j: number): number => {
      if (i < 0 || j < 0) return 0;
      if (j <= i) return tailAbove[j]!;
      const none = Math.pow((n - 1 - j) / (n - 1 - i), n - k);
      return tailAbove[i]! + exactlyK[i]! * (1 - none);
    };
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        const mass = joint(i, j) - joint(i - 1, j) - joint(i, j - 1) + joint(i - 1, j - 1);
        lower.push(i);
        upper.push(j);
        probabilities.push(Math.max(0, mass));
      }
    }
  }
  const total = probabilities.reduce((a, b) => a + b, 0);
  const normalised = probabilities.map((p) => p / total);
  const cdf = new Float64Array(normalised.length);
  let running = 0;
  normalised.forEach((p, index) => {
    running += p;
    cdf[index] = running;
  });
  cdf[cdf.length - 1] = 1;
  const distribution = {
    lower: Int32Array.from(lower),
    upper: Int32Array.from(upper),
    cdf,
    ...aliasTable(normalised),
  };
  cache.set(n, distribution);
  return distribution;
}

/**
 * Medians of `resamples` bootstrap resamples of `sorted` (ascending). Up to
 * EXACT_MEDIAN_TABLE_MAX_N values: one uniform per resample, drawn from the exact table by the alias method.
 * Larger samples: draw the indices and count them (O(n) per resample, no allocation in the loop).
 */
export function resampledMedians(sorted: Float64Array, resamples: number, rng: Rng): Float64Array {
  const n = sorted.length;
  const medians = new Float64Array(resamples);
  if (n <= EXACT_MEDIAN_TABLE_MAX_N) {
    const { lower, upper, keep, alias } = resampledMedianDistribution(n);
    const atoms = keep.length;
    for (let b = 0; b < resamples; b++) {
      // One uniform: its integer part picks a column, its fraction decides column or alias.
      const x = rng.nextFloat() * atoms;
      const column = Math.floor(x);
      const atom = x - column < keep[column]! ? column : alias[column]!;
      medians[b] = (sorted[lower[atom]!]! + sorted[upper[atom]!]!) / 2;
    }
    return medians;
  }
  const indices = new Int32Array(n);
  const counts = new Int32Array(n);
  const lowerRank = (n - 1) >> 1;
  const upperRank = n >> 1;
  for (let b = 0; b < resamples; b++) {
    rng.fillInts(indices, n, n);
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[indices[i]!]!++;
    let seen = 0;
    let i = 0;
    while (seen + counts[i]! <= lowerRank) seen += counts[i++]!;
    const low = sorted[i]!;
    while (seen + counts[i]! <= upperRank) seen += counts[i++]!;
    medians[b] = (low + sorted[i]!) / 2;
  }
  return medians;
}
