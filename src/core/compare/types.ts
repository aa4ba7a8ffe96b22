import type { Better, MetricId } from '../metrics.js';
import type { ScenarioId } from '../scenarios.js';

/** The verdict on one scenario × metric. */
export type MetricVerdict = 'regression' | 'improvement' | 'unchanged' | 'inconclusive';

/** The verdict on a whole comparison. */
export type OverallVerdict = 'pass' | 'regression' | 'inconclusive' | 'incomparable';

/** Thresholds in percent by metric id; missing ids use the catalogue default. */
export type Thresholds = Partial<Record<MetricId, number>>;

/** How to compare. Everything has a default (see compare/options.ts). */
export interface CompareOptions {
  /** Family-wise significance level after Holm correction. Default 0.01. */
  readonly alpha: number;
  /** Two-sided confidence level of the bootstrap CI. Default 0.95. */
  readonly confidence: number;
  /** Bootstrap resamples. Default 2000. */
  readonly bootstrapResamples: number;
  /** PRNG seed for the bootstrap, so re-runs give identical output. */
  readonly seed: number;
  /** Per-metric thresholds in percent, overriding the defaults. */
  readonly thresholds: Thresholds;
  /** Environment fingerprint mismatch → `incomparable` instead of a warning. */
  readonly strictEnvironment: boolean;
  /** Pair samples by index (paired mode: Wilcoxon signed-rank, per-pair log ratios). */
  readonly paired: boolean;
  /** Minimum samples per side before a verdict other than inconclusive. Default 3. */
  readonly minSamples: number;
}

/** Summary of one side of a metric comparison. */
export interface SideSummary {
  readonly n: number;
  readonly median: number;
  readonly mean: number;
  /** Coefficient of variation (sd / mean), 0 when undefined. */
  readonly cv: number;
  readonly samples: readonly number[];
}

/** One scenario × metric compared. `ratio` is head/base of medians (paired: exp of median log ratio). */
export interface MetricComparison {
  readonly scenario: ScenarioId;
  readonly metric: MetricId;
  readonly unit: string;
  readonly better: Better;
  readonly verdict: MetricVerdict;
  readonly base: SideSummary;
  readonly head: SideSummary;
  /** head/base; null when base median is 0 and head is not. */
  readonly ratio: number | null;
  /** Bootstrap CI of the ratio, [lo, hi]; null when it cannot be computed. */
  readonly ci: readonly [number, number] | null;
  /** One-sided p-value in the "worse" direction, before Holm correction. */
  readonly p: number | null;
  /** One-sided p-value in the "better" direction, before Holm correction. */
  readonly pImprovement: number | null;
  /** Holm-adjusted p for the tested direction. */
  readonly pAdjusted: number | null;
  readonly thresholdPct: number;
  /** Smallest change (percent) these samples could detect; reported when inconclusive. */
  readonly minDetectableEffectPct: number | null;
  /** Why the verdict is what it is, one short sentence. */
  readonly reason: string;
}

/** A difference between the two environments. */
export interface EnvironmentDifference {
  readonly field: string;
  readonly base: string;
  readonly head: string;
}

/** A scenario × metric present on only one side. */
export interface UnmatchedMetric {
  readonly scenario: string;
  readonly metric: string;
  readonly side: 'base' | 'head';
}

/** The result of comparing two results files. */
export interface ComparisonReport {
  readonly verdict: OverallVerdict;
  readonly comparisons: readonly MetricComparison[];
  readonly unmatched: readonly UnmatchedMetric[];
  readonly environment: { readonly match: boolean; readonly differences: readonly EnvironmentDifference[] };
  readonly warnings: readonly string[];
  readonly options: CompareOptions;
  readonly base: { readonly label: string; readonly subject: unknown; readonly createdAt: string };
  readonly head: { readonly label: string; readonly subject: unknown; readonly createdAt: string };
  readonly counts: Readonly<Record<MetricVerdict, number>>;
}
