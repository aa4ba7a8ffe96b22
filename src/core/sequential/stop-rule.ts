import type { ComparisonReport, MetricComparison } from '../compare/types.js';
import { insideThreshold, worseEnd } from '../compare/one-sided.js';
import { METRICS } from '../metrics.js';
import type { StopReason } from '../results/types.js';
import { normalQuantile } from '../stats/normal.js';

/** What the stop rule sees after a look. */
export interface LookState {
  /** The comparison of the samples so far, judged at the plan's per-look α. */
  readonly report: ComparisonReport;
  /** Samples (pairs) per side so far. */
  readonly n: number;
  /** The planned look sizes. */
  readonly looks: readonly number[];
  /** Seconds spent so far on this unit of sampling, and seconds it may still spend (Infinity: no budget). */
  readonly elapsedS: number;
  readonly budgetS: number;
  /**
   * One-sided confidence with which a material regression must be excluded to stop early for
   * futility (default 0.8, DEFAULT_FUTILITY_CONFIDENCE).
   */
  readonly futilityConfidence?: number;
}

/**
 * Default confidence of the futility stop. Stopping for futility can only remove chances to raise an
 * alarm, so it never adds false alarms whatever its level (a non-binding futility bound); the level
 * trades time against power. At 0.8, a true regression of twice a 2.5% threshold is wrongly stopped
 * at a first look of 12 pairs with 5% per-pair noise about 1.3% of the time (normal approximation;
 * docs/gate-quality.md measures the whole gate).
 */
export const DEFAULT_FUTILITY_CONFIDENCE = 0.8;

/** The stop rule's decision. */
export type LookDecision =
  | { readonly stop: true; readonly reason: StopReason; readonly detail: string }
  | { readonly stop: false; readonly next: number; readonly detail: string };

/**
 * True when a material regression of this comparison is excluded with one-sided confidence `level`:
 * the worse end of the interval, rescaled in log space from the 95% bootstrap CI to `level`, lies
 * inside the threshold. Needs a ratio and a CI (`ciConfidence` is the CI's two-sided level).
 */
export function regressionExcluded(c: MetricComparison, level: number, ciConfidence = 0.95): boolean {
  if (c.ratio === null || c.ci === null || !(c.ratio > 0 && c.ci[0] > 0 && c.ci[1] > 0)) return false;
  const better = METRICS[c.metric].better;
  const worse = worseEnd(better, c.ci)!;
  const scale = normalQuantile(level) / normalQuantile(1 - (1 - ciConfidence) / 2);
  const end = Math.exp(Math.log(c.ratio) + (Math.log(worse) - Math.log(c.ratio)) * scale);
  return insideThreshold(better, end, c.thresholdPct);
}

/**
 * Decides after a look whether to keep sampling:
 * - any gating (headline) metric is a `regression` → stop: the gate fails whatever the others say;
 * - every gating metric is settled — a material regression flagged or excluded, none open → stop;
 * - every headline metric is settled or has a material regression excluded with the futility
 *   confidence (regressionExcluded) → stop (`no-material-regression`): more samples could still
 *   narrow an inconclusive improvement side, but would almost never turn into a gate failure;
 * - the last planned look is reached → stop (`max-repetitions`);
 * - the next stage would not fit in the time left (extrapolated from the time per sample so far)
 *   → stop (`time-budget`);
 * - otherwise sample up to the next planned look.
 */
export function decideAfterLook(state: LookState): LookDecision {
  const { report, n, looks } = state;
  // Only the metrics that decide the verdict (headline, gating) decide when to stop.
  const gated = report.comparisons.filter((c) => c.gating);
  const regressions = gated.filter((c) => c.gate === 'regression');
  if (regressions.length > 0) {
    const names = regressions.map((c) => `${c.scenario} ${c.metric}`).join(', ');
    return { stop: true, reason: 'regression', detail: `regression at n = ${n}: ${names}` };
  }
  const open = gated.filter((c) => c.gate === 'open');
  if (gated.length > 0 && open.length === 0) {
    return { stop: true, reason: 'settled', detail: `every headline metric settled at n = ${n}` };
  }
  const level = state.futilityConfidence ?? DEFAULT_FUTILITY_CONFIDENCE;
  if (gated.length > 0 && open.every((c) => regressionExcluded(c, level))) {
    return {
      stop: true,
      reason: 'no-material-regression',
      detail: `n = ${n}: a material regression is excluded with ${Math.round(level * 100)}% confidence for ${open
        .map((c) => `${c.scenario} ${c.metric}`)
        .join(', ')}; every other headline metric settled`,
    };
  }
  const next = looks.find((size) => size > n);
  if (next === undefined) {
    return { stop: true, reason: 'max-repetitions', detail: `reached the last planned look n = ${n}` };
  }
  const perSample = n > 0 ? state.elapsedS / n : 0;
  const needed = perSample * (next - n);
  if (state.elapsedS + needed > state.budgetS) {
    return {
      stop: true,
      reason: 'time-budget',
      detail: `the next look (n = ${next}) needs ≈${Math.round(needed)} s more, over the time budget`,
    };
  }
  const waiting = open.map((c) => `${c.scenario} ${c.metric}`).join(', ');
  return { stop: false, next, detail: `n = ${n}: still open: ${waiting || 'no headline metric yet'}` };
}
