import { worseBy, worseEnd } from './one-sided.js';
import type { MetricComparison } from './types.js';

/** The fields of a comparison the settle estimate reads. */
export type SettleInput = Pick<
  MetricComparison,
  'better' | 'ratio' | 'ci' | 'bound' | 'thresholdPct' | 'base' | 'head'
>;

/**
 * About how many samples per side (pairs when paired) an open metric needs, at the spread seen, to
 * settle either way. Infinity when the estimate itself sits on the wrong side of the threshold for
 * that outcome (no number of samples moves a bound past the estimate).
 */
export interface SettleEstimate {
  /** Samples per side now. */
  readonly n: number;
  /** To clear it: the one-sided bound (the one `pass` needs, clearConfidence) inside the threshold. */
  readonly clear: number;
  /** To flag it: the CI's near end (the end towards "no change") past the threshold. */
  readonly regress: number;
}

/**
 * Samples needed for a bound at distance `spread` from the estimate to reach a target `margin` away
 * from the estimate, if the distance shrinks with √n: n · (spread / margin)². n when already there.
 */
export function samplesForMargin(n: number, spread: number, margin: number): number {
  if (!(margin > 0)) return Infinity;
  if (!(spread > margin)) return n;
  return Math.ceil(n * (spread / margin) ** 2 - 1e-9); // 24.0000001 is 24
}

/**
 * The settle estimate of one comparison (settleHint's estimate, both ways): the bound's distance
 * from the estimate shrinks with √n, so clearing needs n · ((bound − estimate) / (threshold −
 * estimate))² samples and flagging n · ((estimate − near end) / (estimate − threshold))². Null when
 * the comparison has no estimate or interval to project from.
 */
export function settleEstimate(c: SettleInput): SettleEstimate | null {
  const n = Math.min(c.base.n, c.head.n);
  if (c.ratio === null || !(c.ratio > 0) || n < 1) return null;
  const thr = c.thresholdPct / 100;
  const estimate = worseBy(c.better, c.ratio);
  const boundEnd = worseEnd(c.better, c.bound);
  const clear =
    boundEnd === null ? null : samplesForMargin(n, worseBy(c.better, boundEnd) - estimate, thr - estimate);
  // The near end of the two-sided CI on a worse estimate: its better-side end.
  const near = c.ci === null ? null : c.better === 'higher' ? c.ci[1] : c.ci[0];
  const regress =
    near === null ? null : samplesForMargin(n, estimate - worseBy(c.better, near), estimate - thr);
  if (clear === null && regress === null) return null;
  return { n, clear: clear ?? Infinity, regress: regress ?? Infinity };
}

/**
 * Samples per side needed to clear the metric if it had not changed at all: the bound's distance
 * from the estimate (the spread seen) against the whole threshold, n · (spread / threshold)². What
 * the stop rule's futility asks — a point estimate a few pairs old moves by about that spread, so
 * projecting from it would give up on runs whose truth is "no change" (docs/gate-quality.md).
 * Infinity without a bound.
 */
export function clearIfUnchanged(c: SettleInput): number {
  const n = Math.min(c.base.n, c.head.n);
  const boundEnd = worseEnd(c.better, c.bound);
  if (c.ratio === null || !(c.ratio > 0) || n < 1 || boundEnd === null) return Infinity;
  const estimate = worseBy(c.better, c.ratio);
  return samplesForMargin(n, worseBy(c.better, boundEnd) - estimate, c.thresholdPct / 100);
}
