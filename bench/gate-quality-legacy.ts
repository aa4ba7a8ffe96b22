/**
 * The paired gate as it was before issue 18, frozen for the gate benchmark's "before" judge: the
 * stop rule with the 80% futility stop (`no-material-regression`) and the per-sample interference
 * rule (any sample over the tolerance is disturbed, whatever its pair saw). Bench code only.
 */
import type { ComparisonReport, MetricComparison } from '../src/core/compare/types.js';
import { insideThreshold, worseEnd } from '../src/core/compare/one-sided.js';
import { METRICS } from '../src/core/metrics.js';
import { normalQuantile } from '../src/core/stats/normal.js';

/** The futility confidence of the old stop rule. */
const LEGACY_FUTILITY_CONFIDENCE = 0.8;

/** The quick profile's sampling limits before issue 18. */
export const LEGACY_QUICK_LIMITS = { maxRepetitions: 24, timeBudgetS: 900 } as const;

function regressionExcluded(c: MetricComparison, level: number): boolean {
  if (c.ratio === null || c.ci === null || !(c.ratio > 0 && c.ci[0] > 0 && c.ci[1] > 0)) return false;
  const better = METRICS[c.metric].better;
  const worse = worseEnd(better, c.ci)!;
  const scale = normalQuantile(level) / normalQuantile(0.975);
  const end = Math.exp(Math.log(c.ratio) + (Math.log(worse) - Math.log(c.ratio)) * scale);
  return insideThreshold(better, end, c.thresholdPct);
}

/** The old decision after a look: stop (and why) or the next look. */
export function legacyDecide(
  report: ComparisonReport,
  n: number,
  looks: readonly number[],
  elapsedS: number,
  budgetS: number,
): { stop: true; reason: string } | { stop: false; next: number } {
  const gated = report.comparisons.filter((c) => c.gating);
  if (gated.some((c) => c.gate === 'regression')) return { stop: true, reason: 'regression' };
  const open = gated.filter((c) => c.gate === 'open');
  if (gated.length > 0 && open.length === 0) return { stop: true, reason: 'settled' };
  if (gated.length > 0 && open.every((c) => regressionExcluded(c, LEGACY_FUTILITY_CONFIDENCE)))
    return { stop: true, reason: 'no-material-regression' };
  const next = looks.find((size) => size > n);
  if (next === undefined) return { stop: true, reason: 'max-repetitions' };
  const perSample = n > 0 ? elapsedS / n : 0;
  if (elapsedS + perSample * (next - n) > budgetS) return { stop: true, reason: 'time-budget' };
  return { stop: false, next };
}
