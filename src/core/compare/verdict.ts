import type { MetricAnalysis } from './metric-analysis.js';
import type { MetricVerdict } from './types.js';
import { insideThreshold, worseEnd } from './one-sided.js';

/** The family-corrected facts a verdict is decided on. */
export interface VerdictInput {
  readonly analysis: MetricAnalysis;
  /** Holm-adjusted one-sided p-values, null when the metric was not tested. */
  readonly pAdjWorse: number | null;
  readonly pAdjBetter: number | null;
  readonly thresholdPct: number;
  readonly alpha: number;
  /** Number of one-sided tests in the family (for the minimum-p and MDE explanations). */
  readonly familySize: number;
  readonly minSamples: number;
  /** Minimum detectable effect in percent, or null when it cannot be computed. */
  readonly mdePct: number | null;
}

/** A verdict and its one-sentence reason. */
export interface Verdict {
  readonly verdict: MetricVerdict;
  readonly reason: string;
}

const pct = (ratio: number): string => `${ratio >= 1 ? '+' : ''}${((ratio - 1) * 100).toFixed(1)}%`;
const fmtP = (p: number): string => (p >= 0.001 ? p.toFixed(3) : p.toExponential(1));
const fmtCi = (ci: readonly [number, number]): string => `[${pct(ci[0])}, ${pct(ci[1])}]`;

/**
 * Decides regression / improvement / unchanged / inconclusive (README "Statistics (the gate)"):
 * regression only when significantly worse after Holm AND the CI's near end is past the threshold;
 * improvement symmetrically; unchanged when the CI lies within ±threshold (or a proven change is
 * immaterial); otherwise inconclusive with the reason (too few samples, too noisy, or not settled).
 */
export function decideVerdict(input: VerdictInput): Verdict {
  const { analysis: a, alpha, thresholdPct } = input;
  const thr = thresholdPct / 100;
  const higher = a.info.better === 'higher';
  const prefix = a.note ? `${a.note}; ` : '';
  const done = (verdict: MetricVerdict, reason: string): Verdict => ({ verdict, reason: prefix + reason });

  if (a.allZero) return done('unchanged', 'both sides are all zero');
  if (!a.tested) {
    const n = a.paired ? `${a.nBase} pairs` : `${a.nBase} base / ${a.nHead} head samples`;
    return done('inconclusive', `too few samples: ${n}, at least ${input.minSamples} needed on each side`);
  }
  const sigWorse = input.pAdjWorse !== null && input.pAdjWorse <= alpha;
  const sigBetter = input.pAdjBetter !== null && input.pAdjBetter <= alpha;
  const pText = (p: number | null): string => (p === null ? 'n/a' : fmtP(p));

  if (a.ratio === null || a.ci === null) {
    const why =
      a.ratio === null
        ? 'base median is 0 so the ratio is undefined'
        : 'the bootstrap CI is unbounded (resampled base medians of 0)';
    if (sigWorse)
      return done(
        'regression',
        `${why}; decided on the rank test alone: worse, p_adj ${pText(input.pAdjWorse)}`,
      );
    if (sigBetter) {
      return done(
        'improvement',
        `${why}; decided on the rank test alone: better, p_adj ${pText(input.pAdjBetter)}`,
      );
    }
    return done(
      'inconclusive',
      `${why}; the rank test finds no significant change (p_adj ${pText(input.pAdjWorse)})`,
    );
  }

  const [lo, hi] = a.ci;
  // Near end = the CI end closest to "no change" on the side of the change.
  const worseBeyond = higher ? hi < 1 - thr : lo > 1 + thr;
  const betterBeyond = higher ? lo > 1 + thr : hi < 1 - thr;
  const effect = `${pct(a.ratio)} (CI ${fmtCi(a.ci)})`;
  if (sigWorse && worseBeyond) {
    return done(
      'regression',
      `worse: ${effect} is past the ${thresholdPct}% threshold, p_adj ${pText(input.pAdjWorse)}`,
    );
  }
  if (sigBetter && betterBeyond) {
    return done(
      'improvement',
      `better: ${effect} is past the ${thresholdPct}% threshold, p_adj ${pText(input.pAdjBetter)}`,
    );
  }
  if (lo >= 1 - thr && hi <= 1 + thr) {
    const proven = sigWorse || sigBetter ? 'a significant but immaterial change' : 'no material change';
    return done('unchanged', `${proven}: ${effect} lies within ±${thresholdPct}%`);
  }
  // One-sided: a material regression is excluded (the worse-side bound is inside the threshold)
  // and no improvement is proven — nothing the gate needs to hear about.
  const worseBound = worseEnd(a.info.better, a.bound);
  if (worseBound !== null && !sigWorse && insideThreshold(a.info.better, worseBound, thresholdPct)) {
    return done(
      'unchanged',
      `no material regression: ${effect}, its one-sided bound ${pct(worseBound)} is inside the ${thresholdPct}% threshold`,
    );
  }
  // A proven change whose far end does not pass the threshold on its own side is immaterial.
  const worseFar = higher ? lo >= 1 - thr : hi <= 1 + thr;
  const betterFar = higher ? hi <= 1 + thr : lo >= 1 - thr;
  if ((sigWorse && worseFar) || (sigBetter && betterFar)) {
    return done(
      'unchanged',
      `a significant but immaterial change: ${effect} does not reach past ${thresholdPct}%`,
    );
  }

  const mde = input.mdePct;
  const holmLevel = alpha / Math.max(1, input.familySize);
  if (a.minP > alpha) {
    return done(
      'inconclusive',
      `too few samples: with ${sizes(a)} the exact test cannot go below p = ${fmtP(a.minP)}, above α = ${alpha}`,
    );
  }
  if (a.minP > holmLevel) {
    return done(
      'inconclusive',
      `too few samples for ${input.familySize} tests: with ${sizes(a)} the smallest possible p ${fmtP(a.minP)} cannot pass the Holm bound α/${input.familySize} = ${fmtP(holmLevel)}`,
    );
  }
  if (mde === null || mde > thresholdPct) {
    const detect = mde === null ? 'no finite change' : `only changes of about ${mde.toFixed(1)}% or more`;
    return done(
      'inconclusive',
      `too noisy: these samples can detect ${detect}, threshold ${thresholdPct}%; ${effect}`,
    );
  }
  if (sigWorse || sigBetter) {
    return done(
      'inconclusive',
      `significant change ${effect}, but the CI straddles the ${thresholdPct}% threshold`,
    );
  }
  return done(
    'inconclusive',
    `not settled: ${effect} reaches past ±${thresholdPct}% without a significant change (p_adj ${pText(input.pAdjWorse)} worse, ${pText(input.pAdjBetter)} better)`,
  );
}

function sizes(a: MetricAnalysis): string {
  return a.paired ? `${a.nBase} pairs` : `${a.nBase} vs ${a.nHead} samples`;
}
