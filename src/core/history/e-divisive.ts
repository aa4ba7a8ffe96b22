import { createRng, type Rng } from '../stats/rng.js';

/** Options of E-divisive change-point detection. */
export interface EDivisiveOptions {
  /** Significance level of each permutation test (a change point is kept when p ≤ this). */
  readonly alpha: number;
  /** Permutations per test; the smallest attainable p is 1 / (permutations + 1). */
  readonly permutations: number;
  /** Minimum number of observations in every segment (≥ 2). */
  readonly minSegment: number;
  /** Seed of the permutation stream: equal inputs and seeds give equal answers. */
  readonly seed: number;
  /** Stop after this many change points (default: no limit). */
  readonly maxChangePoints?: number;
}

/** One detected change point. */
export interface EDivisiveChangePoint {
  /** Index of the first observation after the change (the new segment starts here). */
  readonly index: number;
  /** The divergence statistic Q̂ at this split. */
  readonly statistic: number;
  /** Permutation p-value of the test that accepted it. */
  readonly p: number;
}

/** The defaults: E-divisive's published settings (sig.lvl 0.05, R = 199) with segments of ≥ 3 runs. */
export const E_DIVISIVE_DEFAULTS: EDivisiveOptions = {
  alpha: 0.05,
  permutations: 199,
  minSegment: 3,
  seed: 1,
};

interface Split {
  /** First index of the right-hand sample (the change point). */
  readonly index: number;
  /** End (exclusive) of the right-hand sample that maximised the statistic. */
  readonly end: number;
  readonly statistic: number;
}

/**
 * The best split of `values[start, end)` by the E-divisive divergence (α = 1, absolute distance),
 * maximised over the change point τ and the end κ of the right-hand sample as in the paper:
 *   Q̂(τ, κ) = m·n/(m+n) · ( 2/(m·n) Σ|xᵢ−yⱼ| − Σ|xᵢ−xₖ|/C(m,2) − Σ|yⱼ−yₖ|/C(n,2) ),
 * x = values[start, τ), y = values[τ, κ), m and n their sizes, both ≥ minSegment. Searching κ lets
 * a step that later reverts (A-B-A) stand out. Row prefix sums of the distances make it O(L²)
 * for L = end − start. null when no split is allowed.
 */
export function bestSplit(
  values: ArrayLike<number>,
  start: number,
  end: number,
  minSegment: number,
): Split | null {
  const length = end - start;
  if (length < 2 * minSegment) return null;
  // prefix[u·(L+1) + j] = Σ_{i<j} |v_i − v_u| (local indices).
  const stride = length + 1;
  const prefix = new Float64Array(length * stride);
  for (let u = 0; u < length; u++) {
    const vu = values[start + u]!;
    let sum = 0;
    for (let j = 0; j < length; j++) {
      prefix[u * stride + j] = sum;
      sum += Math.abs(values[start + j]! - vu);
    }
    prefix[u * stride + length] = sum;
  }
  let best: Split | null = null;
  let withinLeft = 0;
  for (let t = 1; t <= length - minSegment; t++) {
    // Left = [0, t): add element t−1.
    withinLeft += prefix[(t - 1) * stride + (t - 1)]!;
    const m = t;
    if (m < minSegment) continue;
    const leftMean = m > 1 ? withinLeft / ((m * (m - 1)) / 2) : 0;
    let between = 0;
    let withinRight = 0;
    for (let u = t; u < length; u++) {
      const row = u * stride;
      between += prefix[row + t]!;
      withinRight += prefix[row + u]! - prefix[row + t]!;
      const n = u - t + 1;
      if (n < minSegment) continue;
      const rightMean = n > 1 ? withinRight / ((n * (n - 1)) / 2) : 0;
      const statistic = ((m * n) / (m + n)) * ((2 * between) / (m * n) - leftMean - rightMean);
      if (best === null || statistic > best.statistic) {
        best = { index: start + t, end: start + u + 1, statistic };
      }
    }
  }
  return best;
}

/** Segment bounds [start, end) given sorted change-point indices. */
function segments(length: number, cuts: readonly number[]): [number, number][] {
  const bounds = [0, ...cuts, length];
  return bounds.slice(1).map((end, i) => [bounds[i]!, end]);
}

/** The strongest split over all current segments. */
function strongestSplit(
  values: ArrayLike<number>,
  cuts: readonly number[],
  minSegment: number,
): Split | null {
  let best: Split | null = null;
  for (const [start, end] of segments(values.length, cuts)) {
    const split = bestSplit(values, start, end, minSegment);
    if (split && (best === null || split.statistic > best.statistic)) best = split;
  }
  return best;
}

/** Fisher-Yates shuffle of `values[start, end)` in place. */
function shuffleRange(values: Float64Array, start: number, end: number, rng: Rng): void {
  for (let i = end - 1; i > start; i--) {
    const j = start + rng.nextInt(i - start + 1);
    const t = values[i]!;
    values[i] = values[j]!;
    values[j] = t;
  }
}

function validate(options: EDivisiveOptions): void {
  if (!(options.alpha > 0 && options.alpha < 1)) {
    throw new RangeError(`change-point significance must be between 0 and 1, got ${options.alpha}`);
  }
  if (!(Number.isInteger(options.permutations) && options.permutations >= 1)) {
    throw new RangeError(`change-point permutations must be a positive integer, got ${options.permutations}`);
  }
  if (!(Number.isInteger(options.minSegment) && options.minSegment >= 2)) {
    throw new RangeError(`minimum segment length must be an integer ≥ 2, got ${options.minSegment}`);
  }
}

/**
 * Change points of a series by E-divisive means (Matteson & James 2014, "A nonparametric approach
 * for multiple change point analysis of multivariate data", JASA 109(505)), α = 1, as Apache
 * Otava (Hunter) and MongoDB's signal-processing-algorithms use it: hierarchical bisection, each
 * new split taken where the divergence Q̂ is largest over all current segments and kept only when
 * a permutation test finds it significant. The permutation test shuffles the observations within
 * each current segment, recomputes the largest Q̂, and p = (1 + #{Q̂_perm ≥ Q̂}) / (1 + R).
 * Deterministic for a given seed. Returns change points in series order.
 */
export function eDivisive(
  values: readonly number[],
  options: EDivisiveOptions = E_DIVISIVE_DEFAULTS,
): EDivisiveChangePoint[] {
  validate(options);
  const data = Float64Array.from(values);
  if (data.some((v) => !Number.isFinite(v)))
    throw new RangeError('change-point input must be finite numbers');
  const rng = createRng(options.seed);
  const limit = options.maxChangePoints ?? Infinity;
  const found: EDivisiveChangePoint[] = [];
  const cuts: number[] = [];
  const scratch = new Float64Array(data.length);
  while (found.length < limit) {
    const candidate = strongestSplit(data, cuts, options.minSegment);
    if (candidate === null || !(candidate.statistic > 0)) break;
    let atLeast = 0;
    for (let r = 0; r < options.permutations; r++) {
      scratch.set(data);
      for (const [start, end] of segments(data.length, cuts)) shuffleRange(scratch, start, end, rng);
      const permuted = strongestSplit(scratch, cuts, options.minSegment);
      if (permuted !== null && permuted.statistic >= candidate.statistic) atLeast++;
    }
    const p = (1 + atLeast) / (1 + options.permutations);
    if (p > options.alpha) break;
    found.push({ index: candidate.index, statistic: candidate.statistic, p });
    cuts.push(candidate.index);
    cuts.sort((a, b) => a - b);
  }
  return found.sort((a, b) => a.index - b.index);
}
