import type { Rng } from './rng.js';
import { quantilePairInPlace } from './quickselect.js';
import { resampledMedians } from './resampled-median.js';

/** A two-sided percentile confidence interval. */
export interface ConfidenceInterval {
  readonly lo: number;
  readonly hi: number;
  /**
   * The narrower interval at `BootstrapOptions.boundConfidence` from the same resamples, when asked
   * for: e.g. 0.90 two-sided, whose ends are one-sided 95% bounds.
   */
  readonly bound?: { readonly lo: number; readonly hi: number };
}

/** Options shared by the bootstrap functions. */
export interface BootstrapOptions {
  /** Number of resamples (≥ 1). */
  readonly resamples: number;
  /** Two-sided confidence level, e.g. 0.95. */
  readonly confidence: number;
  /** Two-sided level of an extra, narrower interval from the same resamples (see `bound`). */
  readonly boundConfidence?: number;
  readonly rng: Rng;
}

/** Percentile interval of the bootstrap statistics (type-7 quantiles; reorders `stats`). */
function percentileInterval(
  stats: Float64Array,
  confidence: number,
  boundConfidence?: number,
): ConfidenceInterval {
  const tail = (1 - confidence) / 2;
  const [lo, hi] = quantilePairInPlace(stats, tail, 1 - tail);
  if (boundConfidence === undefined) return { lo, hi };
  const boundTail = (1 - boundConfidence) / 2;
  const [boundLo, boundHi] = quantilePairInPlace(stats, boundTail, 1 - boundTail);
  return { lo, hi, bound: { lo: boundLo, hi: boundHi } };
}

function validate(options: BootstrapOptions): void {
  if (!(Number.isInteger(options.resamples) && options.resamples >= 1)) {
    throw new RangeError(`bootstrap resamples must be a positive integer, got ${options.resamples}`);
  }
  if (!(options.confidence > 0 && options.confidence < 1)) {
    throw new RangeError(`confidence must be between 0 and 1, got ${options.confidence}`);
  }
  const bound = options.boundConfidence;
  if (bound !== undefined && !(bound > 0 && bound < 1)) {
    throw new RangeError(`bound confidence must be between 0 and 1, got ${bound}`);
  }
}

/** The ratio head/base of two medians; 0/0 counts as 1 (no change), x/0 as Infinity. */
export function medianRatio(head: number, base: number): number {
  if (base === 0) return head === 0 ? 1 : head > 0 ? Infinity : -Infinity;
  return head / base;
}

/**
 * Percentile bootstrap CI of median(head) / median(base) for two independent samples, each
 * resampled with replacement (all base resamples are drawn from the random stream first, then all
 * head resamples; see resampled-median.ts for how a resample's median is drawn). Ends may be
 * Infinity when resampled base medians are 0.
 */
export function bootstrapMedianRatioCi(
  base: readonly number[],
  head: readonly number[],
  options: BootstrapOptions,
): ConfidenceInterval {
  validate(options);
  if (base.length === 0 || head.length === 0)
    throw new RangeError('bootstrap needs at least one value on each side');
  const baseMedians = resampledMedians(Float64Array.from(base).sort(), options.resamples, options.rng);
  const headMedians = resampledMedians(Float64Array.from(head).sort(), options.resamples, options.rng);
  for (let b = 0; b < options.resamples; b++) headMedians[b] = medianRatio(headMedians[b]!, baseMedians[b]!);
  return percentileInterval(headMedians, options.confidence, options.boundConfidence);
}

/**
 * Percentile bootstrap CI of exp(median of per-pair log ratios) for paired samples: pairs are
 * resampled with replacement. `logRatios[i]` = ln(head[i] / base[i]).
 */
export function bootstrapPairedRatioCi(
  logRatios: readonly number[],
  options: BootstrapOptions,
): ConfidenceInterval {
  validate(options);
  if (logRatios.length === 0) throw new RangeError('paired bootstrap needs at least one pair');
  const stats = resampledMedians(Float64Array.from(logRatios).sort(), options.resamples, options.rng);
  const ci = percentileInterval(stats, options.confidence, options.boundConfidence);
  const exp = { lo: Math.exp(ci.lo), hi: Math.exp(ci.hi) };
  return ci.bound ? { ...exp, bound: { lo: Math.exp(ci.bound.lo), hi: Math.exp(ci.bound.hi) } } : exp;
}
