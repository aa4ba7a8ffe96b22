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

/** A verdict without the note prefix; {@link decideVerdict} adds it. */
type Decision = Verdict;

/** The measured effect of a tested metric with a ratio and a bounded CI. */
interface Effect {
  readonly ratio: number;
  readonly ci: readonly [number, number];
  /** "+1.2% (CI [...])", as the reasons print it. */
  readonly text: string;
}

const pText = (p: number | null): string => (p === null ? 'n/a' : fmtP(p));

/**
 * Decides regression / improvement / unchanged / inconclusive (README "Statistics (the gate)"):
 * regression only when significantly worse after Holm AND the CI's near end is past the threshold;
 * improvement symmetrically; unchanged when the CI lies within ±threshold (or a proven change is
 * immaterial); otherwise inconclusive with the reason (too few samples, too noisy, or not settled).
 */
export function decideVerdict(input: VerdictInput): Verdict {
  const a = input.analysis;
  const prefix = a.note ? `${a.note}; ` : '';
  const finish = (d: Decision): Verdict => ({ verdict: d.verdict, reason: prefix + d.reason });
  const untested = untestedDecision(input);
  if (untested) return finish(untested);
  if (a.ratio === null || a.ci === null) return finish(rankOnlyDecision(input));
  const effect: Effect = { ratio: a.ratio, ci: a.ci, text: `${pct(a.ratio)} (CI ${fmtCi(a.ci)})` };
  return finish(ciDecision(input, effect) ?? openDecision(input, effect));
}

const decided = (verdict: MetricVerdict, reason: string): Decision => ({ verdict, reason });

const significance = (input: VerdictInput): { sigWorse: boolean; sigBetter: boolean } => ({
  sigWorse: input.pAdjWorse !== null && input.pAdjWorse <= input.alpha,
  sigBetter: input.pAdjBetter !== null && input.pAdjBetter <= input.alpha,
});

/** All-zero metrics and metrics with too few samples to test. */
function untestedDecision(input: VerdictInput): Decision | null {
  const a = input.analysis;
  if (a.allZero) return decided('unchanged', 'both sides are all zero');
  if (a.tested) return null;
  const n = a.paired ? `${a.nBase} pairs` : `${a.nBase} base / ${a.nHead} head samples`;
  return decided('inconclusive', `too few samples: ${n}, at least ${input.minSamples} needed on each side`);
}

/** No ratio or no bounded CI: the rank test alone decides. */
function rankOnlyDecision(input: VerdictInput): Decision {
  const a = input.analysis;
  const { sigWorse, sigBetter } = significance(input);
  const why =
    a.ratio === null
      ? 'base median is 0 so the ratio is undefined'
      : 'the bootstrap CI is unbounded (resampled base medians of 0)';
  if (sigWorse)
    return decided(
      'regression',
      `${why}; decided on the rank test alone: worse, p_adj ${pText(input.pAdjWorse)}`,
    );
  if (sigBetter) {
    return decided(
      'improvement',
      `${why}; decided on the rank test alone: better, p_adj ${pText(input.pAdjBetter)}`,
    );
  }
  return decided(
    'inconclusive',
    `${why}; the rank test finds no significant change (p_adj ${pText(input.pAdjWorse)})`,
  );
}

/** Material changes, and changes the CI (two- or one-sided) shows to be immaterial. */
function ciDecision(input: VerdictInput, { ci, text: effect }: Effect): Decision | null {
  const { analysis: a, thresholdPct } = input;
  const [lo, hi] = ci;
  const thr = thresholdPct / 100;
  const higher = a.info.better === 'higher';
  const { sigWorse, sigBetter } = significance(input);
  // Near end = the CI end closest to "no change" on the side of the change.
  const worseBeyond = higher ? hi < 1 - thr : lo > 1 + thr;
  const betterBeyond = higher ? lo > 1 + thr : hi < 1 - thr;
  if (sigWorse && worseBeyond) {
    return decided(
      'regression',
      `worse: ${effect} is past the ${thresholdPct}% threshold, p_adj ${pText(input.pAdjWorse)}`,
    );
  }
  if (sigBetter && betterBeyond) {
    return decided(
      'improvement',
      `better: ${effect} is past the ${thresholdPct}% threshold, p_adj ${pText(input.pAdjBetter)}`,
    );
  }
  if (lo >= 1 - thr && hi <= 1 + thr) {
    const proven = sigWorse || sigBetter ? 'a significant but immaterial change' : 'no material change';
    return decided('unchanged', `${proven}: ${effect} lies within ±${thresholdPct}%`);
  }
  // One-sided: a material regression is excluded (the worse-side bound is inside the threshold)
  // and no improvement is proven — nothing the gate needs to hear about.
  const worseBound = worseEnd(a.info.better, a.bound);
  if (worseBound !== null && !sigWorse && insideThreshold(a.info.better, worseBound, thresholdPct)) {
    return decided(
      'unchanged',
      `no material regression: ${effect}, its one-sided bound ${pct(worseBound)} is inside the ${thresholdPct}% threshold`,
    );
  }
  // A proven change whose far end does not pass the threshold on its own side is immaterial.
  const worseFar = higher ? lo >= 1 - thr : hi <= 1 + thr;
  const betterFar = higher ? hi <= 1 + thr : lo >= 1 - thr;
  if ((sigWorse && worseFar) || (sigBetter && betterFar)) {
    return decided(
      'unchanged',
      `a significant but immaterial change: ${effect} does not reach past ${thresholdPct}%`,
    );
  }
  return null;
}

/** Still open: why (too few samples for the test or its family, too noisy, or not settled). */
function openDecision(input: VerdictInput, { text: effect }: Effect): Decision {
  const { analysis: a, alpha, thresholdPct } = input;
  const { sigWorse, sigBetter } = significance(input);
  const mde = input.mdePct;
  const holmLevel = alpha / Math.max(1, input.familySize);
  if (a.minP > alpha) {
    return decided(
      'inconclusive',
      `too few samples: with ${sizes(a)} the exact test cannot go below p = ${fmtP(a.minP)}, above α = ${alpha}`,
    );
  }
  if (a.minP > holmLevel) {
    return decided(
      'inconclusive',
      `too few samples for ${input.familySize} tests: with ${sizes(a)} the smallest possible p ${fmtP(a.minP)} cannot pass the Holm bound α/${input.familySize} = ${fmtP(holmLevel)}`,
    );
  }
  if (mde === null || mde > thresholdPct) {
    const detect = mde === null ? 'no finite change' : `only changes of about ${mde.toFixed(1)}% or more`;
    return decided(
      'inconclusive',
      `too noisy: these samples can detect ${detect}, threshold ${thresholdPct}%; ${effect}`,
    );
  }
  if (sigWorse || sigBetter) {
    return decided(
      'inconclusive',
      `significant change ${effect}, but the CI straddles the ${thresholdPct}% threshold`,
    );
  }
  return decided(
    'inconclusive',
    `not settled: ${effect} reaches past ±${thresholdPct}% without a significant change (p_adj ${pText(input.pAdjWorse)} worse, ${pText(input.pAdjBetter)} better)`,
  );
}

function sizes(a: MetricAnalysis): string {
  return a.paired ? `${a.nBase} pairs` : `${a.nBase} vs ${a.nHead} samples`;
}
