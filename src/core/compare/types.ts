import type { Better, MetricId } from '../metrics.js';
import type { ScenarioId } from '../scenarios.js';
import type { UnderneathReport } from './underneath-types.js';

/** The verdict on one scenario × metric. */
export type MetricVerdict = 'regression' | 'improvement' | 'unchanged' | 'inconclusive';

/** How one gating metric stands: a material regression, one excluded, or neither yet. */
export type GateStatus = 'regression' | 'cleared' | 'open';

/** How the control (host path, same tests) moved from base to head for one metric. */
export interface ControlShift {
  readonly scenario: ScenarioId;
  readonly metric: MetricId;
  readonly ratio: number | null;
  readonly ci: readonly [number, number] | null;
  /** The CI lies entirely beyond ±tolerance: the runner changed. */
  readonly moved: boolean;
}

/** What the in-run control says about the runner between base and head. */
export interface ControlCheck {
  /** 'both' when both files measured the control; otherwise which side lacks it. */
  readonly presence: 'both' | 'base-missing' | 'head-missing' | 'none';
  readonly tolerancePct: number;
  readonly shifts: readonly ControlShift[];
  readonly moved: boolean;
  /** Pod metrics were judged on control-normalised (`…_vs_host`) values. */
  readonly normalized: boolean;
  /** One sentence for the report, null when there is nothing to say. */
  readonly summary: string | null;
}

/** Interference seen on one side. */
export interface InterferenceSide {
  /** Samples kept in the compared scenarios. */
  readonly samples: number;
  /** Kept samples marked disturbed (re-take budget ran out). */
  readonly disturbed: number;
  /** Samples discarded and re-taken. */
  readonly discarded: number;
  /** Paired runs: kept samples whose pair saw load beyond the tolerance on both sides alike. */
  readonly sharedLoad: number;
  /** Highest foreign CPU share of a kept disturbed sample, else of any kept sample; null when unmeasured. */
  readonly maxForeignCpuPercent: number | null;
  readonly maxStealPercent: number | null;
  /**
   * Scenarios with more disturbed samples than can be left out (see MAX_DISTURBED_SHARE); a few
   * disturbed samples are simply left out of the comparison.
   */
  readonly disturbedScenarios: readonly string[];
}

/** Whether either run was disturbed by other work on its machine. */
export interface InterferenceCheck {
  readonly base: InterferenceSide;
  readonly head: InterferenceSide;
  /** Some compared scenario holds disturbed samples: its metrics cannot blame the PR. */
  readonly disturbed: boolean;
  readonly summary: string | null;
  /**
   * Paired runs: a sentence when pairs were kept under load both sides saw alike (a steady
   * co-tenant), null otherwise. Noted in the report; it does not make the run disturbed.
   */
  readonly sharedLoad: string | null;
}

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
  /**
   * Holm-correct each scenario on its own (its gating metrics one family, its informational ones
   * another) instead of all scenarios together. Adaptive paired runs judge each scenario's looks so
   * (at α/(K·S)); their final comparison must judge the same way, or a look's regression could
   * read inconclusive at the end. Default false.
   */
  readonly familyPerScenario: boolean;
  /** Minimum samples per side before a verdict other than inconclusive. Default 3. */
  readonly minSamples: number;
  /**
   * One-sided confidence with which a material regression must be excluded for a headline metric
   * to be cleared (non-inferiority at α = 1 − this). Default 0.95.
   */
  readonly clearConfidence: number;
  /**
   * Promotions (true) and demotions (false) of metrics to/from headline, overriding the catalogue.
   */
  readonly headline: Partial<Record<MetricId, boolean>>;
  /**
   * How far (percent) the control — the host path measured in the same runs — may move between
   * base and head before the runner is considered changed. Default: see compare/options.ts.
   */
  readonly controlTolerancePct: number;
  /**
   * What to do when the control moved: judge pod metrics on control-normalised values
   * (`normalize`), or report the drift and decide nothing (`inconclusive`).
   */
  readonly onControlDrift: 'normalize' | 'inconclusive';
  /**
   * When pod metrics are judged on control-normalised values (`…_vs_host`): whenever both sides
   * measured the control (`always`: slow runner drift between two runs cancels in the ratio), or
   * only when the control moved beyond its tolerance (`on-drift`). Default: see compare/options.ts.
   */
  readonly normalizeToControl: 'always' | 'on-drift';
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
  /** One-sided bounds of the ratio at options.clearConfidence, [lower, upper]; null when unknown. */
  readonly bound: readonly [number, number] | null;
  /** True when this comparison decides the overall verdict (a headline metric of a pod scenario). */
  readonly gating: boolean;
  /**
   * Enough samples to test: at least `minSamples` on each side (pairs when paired). A gating metric
   * without them is never cleared, whatever its bound says.
   */
  readonly tested: boolean;
  /** For a gating comparison: flagged, cleared (material regression excluded) or still open. */
  readonly gate: GateStatus | null;
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
  /** The side that has it. */
  readonly side: 'base' | 'head';
  /** A headline metric of a compared scenario: its absence keeps the verdict from `pass`. */
  readonly headline: boolean;
  /** Why the other side has no samples of the scenario, when it recorded a skip reason. */
  readonly skipped?: string;
  /** Why the other side's samples lack this metric, when it recorded a reason (e.g. stats endpoint 403). */
  readonly unavailable?: string;
}

/** Verdict counts, by metric verdict. */
export type VerdictCounts = Readonly<Record<MetricVerdict, number>>;

/** The result of comparing two results files. */
export interface ComparisonReport {
  readonly verdict: OverallVerdict;
  /** Why, in one sentence: the first line of every report (drift and disturbance named here). */
  readonly verdictReason: string;
  readonly control: ControlCheck;
  readonly interference: InterferenceCheck;
  readonly comparisons: readonly MetricComparison[];
  readonly unmatched: readonly UnmatchedMetric[];
  readonly environment: { readonly match: boolean; readonly differences: readonly EnvironmentDifference[] };
  readonly warnings: readonly string[];
  readonly options: CompareOptions;
  readonly base: { readonly label: string; readonly subject: unknown; readonly createdAt: string };
  readonly head: { readonly label: string; readonly subject: unknown; readonly createdAt: string };
  /** Verdicts of the gating (headline) comparisons: what "N regressions" means everywhere. */
  readonly counts: VerdictCounts;
  /** Verdicts by role: `headline` (= counts) and `informational` (reported, never deciding). */
  readonly countsByRole: { readonly headline: VerdictCounts; readonly informational: VerdictCounts };
  /**
   * "What changed underneath" the headline scenarios that regressed or improved: kernel counters
   * per unit of work that moved. Absent when neither file has counters. Never gating.
   */
  readonly underneath?: UnderneathReport;
}
