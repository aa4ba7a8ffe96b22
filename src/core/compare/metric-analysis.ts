import type { MetricInfo } from '../metrics.js';
import type { ScenarioId } from '../scenarios.js';
import {
  bootstrapMedianRatioCi,
  bootstrapPairedRatioCi,
  medianRatio,
  type BootstrapOptions,
} from '../stats/bootstrap.js';
import type { Alternative } from '../stats/mann-whitney.js';
import { mannWhitneyMinP, mannWhitneyU } from '../stats/mann-whitney.js';
import { coefficientOfVariation, mean, median, sampleSd } from '../stats/quantile.js';
import { createRng, deriveSeed } from '../stats/rng.js';
import { signedRankMinP, wilcoxonSignedRank } from '../stats/wilcoxon-signed-rank.js';
import type { CompareOptions, SideSummary } from './types.js';

/** Everything measured about one scenario × metric before the family correction and the verdict. */
export interface MetricAnalysis extends RatioAnalysis {
  readonly scenario: ScenarioId;
  readonly info: MetricInfo;
}

/**
 * The statistics of head vs base for any positive quantity (a metric, a kernel counter per unit of
 * work): effect, bootstrap CI and one-sided p-values towards "worse" and "better".
 */
export interface RatioAnalysis {
  readonly base: SideSummary;
  readonly head: SideSummary;
  /** Both sides are all zero: unchanged, nothing to test. */
  readonly allZero: boolean;
  /** Enough samples on both sides to enter the test family. */
  readonly tested: boolean;
  readonly ratio: number | null;
  readonly ci: readonly [number, number] | null;
  /**
   * One-sided bounds of the ratio at `options.clearConfidence` (lower, upper), from the same
   * bootstrap resamples; the worse-side one decides whether a material regression is excluded.
   */
  readonly bound: readonly [number, number] | null;
  /** One-sided p towards "worse" / "better" (raw). */
  readonly pWorse: number | null;
  readonly pBetter: number | null;
  /** Whether the paired procedure was used (paired mode may fall back per metric). */
  readonly paired: boolean;
  /** Sample count the MDE and minimum p refer to (pairs when paired). */
  readonly nBase: number;
  readonly nHead: number;
  /** Smallest one-sided p the exact test can reach with these sample sizes. */
  readonly minP: number;
  /** Spread used for the MDE: CVs (unpaired) or sd of log ratios in `spreadBase` (paired). */
  readonly spreadBase: number;
  readonly spreadHead: number;
  /** Extra explanation to prefix to the verdict's reason (e.g. a paired fallback). */
  readonly note: string | null;
}

/** Summarises one side's samples. */
export function summarise(samples: readonly number[]): SideSummary {
  return {
    n: samples.length,
    median: median(samples),
    mean: mean(samples),
    cv: coefficientOfVariation(samples),
    samples: [...samples],
  };
}

/** Per-pair log ratios ln(head/base), or null when a pair has exactly one non-positive value. */
function logRatios(base: readonly number[], head: readonly number[], n: number): number[] | null {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const b = base[i]!;
    const h = head[i]!;
    if (b === h) out.push(0);
    else if (b > 0 && h > 0) out.push(Math.log(h / b));
    else return null;
  }
  return out;
}

function finiteCi(lo: number, hi: number): readonly [number, number] | null {
  return Number.isFinite(lo) && Number.isFinite(hi) ? [lo, hi] : null;
}

/**
 * Computes effect, bootstrap CI and both one-sided p-values of one scenario × metric. The bootstrap
 * seed is derived from options.seed, the scenario and the metric, so results do not depend on the
 * order of comparisons. In paired mode `pairs` holds the values aligned by sample index (both present).
 */
export function analyseMetric(
  scenario: ScenarioId,
  info: MetricInfo,
  baseSamples: readonly number[],
  headSamples: readonly number[],
  options: CompareOptions,
  pairs?: SamplePairs,
): MetricAnalysis {
  const worse: Alternative = info.better === 'higher' ? 'less' : 'greater';
  return {
    scenario,
    info,
    ...analyseRatio([scenario, info.id], worse, baseSamples, headSamples, options, pairs),
  };
}

/** The paired procedure on per-pair log ratios: median ratio, paired bootstrap, signed-rank tests. */
function pairedAnalysis(
  sides: { readonly base: SideSummary; readonly head: SideSummary },
  logs: readonly number[],
  worse: Alternative,
  bootstrap: BootstrapOptions,
  minSamples: number,
): RatioAnalysis {
  const { base, head } = sides;
  const n = logs.length;
  const ci = bootstrapPairedRatioCi(logs, bootstrap);
  return {
    base,
    head,
    allZero: false,
    tested: n >= minSamples,
    ratio: Math.exp(median(logs)),
    ci: finiteCi(ci.lo, ci.hi),
    bound: ci.bound ? finiteCi(ci.bound.lo, ci.bound.hi) : null,
    pWorse: wilcoxonSignedRank(logs, worse).p,
    pBetter: wilcoxonSignedRank(logs, worse === 'less' ? 'greater' : 'less').p,
    paired: true,
    nBase: n,
    nHead: n,
    minP: signedRankMinP(n),
    spreadBase: sampleSd(logs),
    spreadHead: 0,
    note:
      base.n !== n || head.n !== n
        ? `paired on ${n} sample pairs (${base.n} base, ${head.n} head samples)`
        : null,
  };
}

/** Values of the two sides aligned by sample index (paired mode: both present at each index). */
export interface SamplePairs {
  readonly base: readonly number[];
  readonly head: readonly number[];
}

/**
 * {@link analyseMetric}'s statistics for any quantity: `worse` is the direction `pWorse` tests
 * (`greater`: head larger than base), `seedLabels` name the quantity so that its bootstrap stream
 * does not depend on the order of comparisons.
 */
export function analyseRatio(
  seedLabels: readonly string[],
  worse: Alternative,
  baseSamples: readonly number[],
  headSamples: readonly number[],
  options: CompareOptions,
  pairs?: SamplePairs,
): RatioAnalysis {
  const base = summarise(baseSamples);
  const head = summarise(headSamples);
  const better: Alternative = worse === 'less' ? 'greater' : 'less';
  const common = { base, head };
  const allZero = baseSamples.every((v) => v === 0) && headSamples.every((v) => v === 0);
  if (allZero) {
    return {
      ...common,
      allZero,
      tested: false,
      ratio: 1,
      ci: [1, 1],
      bound: [1, 1],
      pWorse: 1,
      pBetter: 1,
      paired: false,
      nBase: base.n,
      nHead: head.n,
      minP: mannWhitneyMinP(base.n, head.n),
      spreadBase: 0,
      spreadHead: 0,
      note: null,
    };
  }
  const rng = createRng(deriveSeed(options.seed, ...seedLabels));
  const bootstrap = {
    resamples: options.bootstrapResamples,
    confidence: options.confidence,
    boundConfidence: 2 * options.clearConfidence - 1,
    rng,
  };
  let note: string | null = null;

  if (options.paired) {
    const pairedBase = pairs?.base ?? baseSamples;
    const pairedHead = pairs?.head ?? headSamples;
    const n = Math.min(pairedBase.length, pairedHead.length);
    const logs = n > 0 ? logRatios(pairedBase, pairedHead, n) : null;
    if (logs) return pairedAnalysis(common, logs, worse, bootstrap, options.minSamples);
    note =
      n === 0
        ? 'compared unpaired: no sample index has this metric on both sides'
        : 'compared unpaired: a pair has a zero on one side only, so per-pair log ratios are undefined';
  }

  const tested = base.n >= options.minSamples && head.n >= options.minSamples;
  const ratio = medianRatio(head.median, base.median);
  const ci = bootstrapMedianRatioCi(baseSamples, headSamples, bootstrap);
  return {
    ...common,
    allZero,
    tested,
    ratio: Number.isFinite(ratio) ? ratio : null,
    ci: finiteCi(ci.lo, ci.hi),
    bound: ci.bound ? finiteCi(ci.bound.lo, ci.bound.hi) : null,
    pWorse: mannWhitneyU(headSamples, baseSamples, worse).p,
    pBetter: mannWhitneyU(headSamples, baseSamples, better).p,
    paired: false,
    nBase: base.n,
    nHead: head.n,
    minP: mannWhitneyMinP(base.n, head.n),
    spreadBase: base.cv,
    spreadHead: head.cv,
    note,
  };
}
