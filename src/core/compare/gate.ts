import { METRICS, type MetricId } from '../metrics.js';
import { parseScenarioId } from '../scenarios.js';
import type { MetricAnalysis } from './metric-analysis.js';
import type {
  CompareOptions,
  ControlCheck,
  GateStatus,
  InterferenceCheck,
  MetricComparison,
  MetricVerdict,
  OverallVerdict,
  UnmatchedMetric,
} from './types.js';
import { isControlScenario } from './control.js';
import { insideThreshold, worseBy, worseEnd } from './one-sided.js';

/**
 * True when `id` is a headline metric of `scenario` under the user's promotions and demotions (a
 * promotion or demotion applies in every test; the catalogue's `informationalIn` only by default).
 */
export function isHeadline(id: MetricId, options: CompareOptions, scenario?: string): boolean {
  return options.headline[id] ?? catalogueHeadline(id, scenario);
}

/** True when the catalogue makes `id` a headline metric of `scenario` (no user promotions). */
export function catalogueHeadline(id: MetricId, scenario?: string): boolean {
  const test = scenario === undefined ? undefined : parseScenarioId(scenario)?.test;
  return METRICS[id].headline && !(test !== undefined && METRICS[id].informationalIn?.includes(test));
}

/**
 * Whether an analysis decides the overall verdict. Headline metrics of pod scenarios gate; the
 * control's own metrics never do (a CNI change cannot move the host path) unless the files hold
 * nothing but the control. When the control moved and pod metrics are judged normalised, the
 * `…_vs_host` metric gates in place of its raw metric.
 */
export function gatingRole(
  a: MetricAnalysis,
  options: CompareOptions,
  control: ControlCheck,
  onlyControl: boolean,
  hasNormalised: (scenario: string, raw: MetricId) => boolean,
): boolean {
  const info = METRICS[a.info.id];
  if (info.interference) return false;
  if (isControlScenario(a.scenario) && !onlyControl) return false;
  if (info.normalizes) return control.normalized && isHeadline(info.normalizes, options, a.scenario);
  if (!isHeadline(a.info.id, options, a.scenario)) return false;
  return !(control.normalized && hasNormalised(a.scenario, a.info.id));
}

/**
 * A gating metric's status from its verdict and its one-sided bound. A metric with too few samples
 * to test is never cleared (its bound, if any, is no evidence).
 */
export function gateStatus(
  verdict: MetricVerdict,
  c: Pick<MetricComparison, 'better' | 'bound' | 'thresholdPct' | 'tested'>,
): GateStatus {
  if (verdict === 'regression') return 'regression';
  if (!c.tested) return 'open';
  if (verdict === 'unchanged' || verdict === 'improvement') return 'cleared';
  const end = worseEnd(c.better, c.bound);
  return end !== null && insideThreshold(c.better, end, c.thresholdPct) ? 'cleared' : 'open';
}

/** The overall verdict and its one-sentence reason. */
export interface OverallDecision {
  readonly verdict: OverallVerdict;
  readonly reason: string;
}

const label = (c: MetricComparison): string => `${c.metric} on ${c.scenario}`;

function listed(items: readonly MetricComparison[], max = 3): string {
  const shown = items.slice(0, max).map(label).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

/** What the overall verdict weighs besides the comparisons themselves. */
export interface OverallContext {
  readonly control: ControlCheck;
  readonly interference: InterferenceCheck;
  /** Scenario × metric present on one side only; headline ones keep the verdict from `pass`. */
  readonly unmatched: readonly UnmatchedMetric[];
  readonly environmentMatches: boolean;
  /** What more sampling could do, for the advice of an inconclusive verdict. */
  readonly limits?: SettleLimits;
}

/**
 * The overall verdict (README "Statistics"): `regression` when a gating metric regressed in a
 * scenario measured undisturbed; `pass` only when every gating metric was tested (enough samples)
 * and has a material regression excluded, no headline metric is missing from one side, the control
 * did not move (or was normalised away) and no run was disturbed; `inconclusive` otherwise, saying
 * why; `incomparable` for a strict environment mismatch.
 */
export function decideOverall(
  comparisons: readonly MetricComparison[],
  context: OverallContext,
  options: CompareOptions,
): OverallDecision {
  const { control, interference } = context;
  if (options.strictEnvironment && !context.environmentMatches)
    return {
      verdict: 'incomparable',
      reason: 'the environments differ and strict environment was asked for',
    };
  const gating = comparisons.filter((c) => c.gating);
  const regressed = gating.filter((c) => c.gate === 'regression');
  // The runner changed and pod metrics cannot be judged relative to it: nothing may be blamed.
  if (control.moved && !control.normalized)
    return { verdict: 'inconclusive', reason: control.summary ?? 'the control moved' };
  const prefix = control.moved && control.summary ? `${control.summary}; ` : '';
  if (regressed.length > 0) {
    const worst = regressed.map((c) => `${label(c)} ${pctText(c.ratio)}`).slice(0, 3);
    return {
      verdict: 'regression',
      reason: `${prefix}material regression: ${worst.join(', ')}${regressed.length > 3 ? ` and ${regressed.length - 3} more` : ''}`,
    };
  }
  const missing = context.unmatched.filter((u) => u.headline);
  if (missing.length > 0)
    return { verdict: 'inconclusive', reason: `${prefix}${missingText(missing, options.paired)}` };
  if (gating.length === 0) {
    return {
      verdict: 'inconclusive',
      reason: 'no headline metric was measured on both sides, so nothing could be cleared',
    };
  }
  if (interference.disturbed) return { verdict: 'inconclusive', reason: `${prefix}${interference.summary}` };
  const untested = gating.filter((c) => !c.tested);
  if (untested.length > 0) {
    return {
      verdict: 'inconclusive',
      reason: `${prefix}too few samples to test ${listed(untested)} (${samplesText(untested[0]!)}, at least ${options.minSamples} needed)`,
    };
  }
  const open = gating.filter((c) => c.gate === 'open');
  if (open.length > 0) {
    return {
      verdict: 'inconclusive',
      reason: `${prefix}a material regression can be neither shown nor excluded for ${listed(open)}${settleHint(open, context.limits)}`,
    };
  }
  return {
    verdict: 'pass',
    reason: `${prefix}no material regression: all ${gating.length} headline metrics cleared`,
  };
}

/**
 * "head has no X (the baseline has it)" for the first missing headline metric, with the lacking
 * side's recorded reason (skipped, unavailable), and how many more. A separate baseline that lacks
 * a metric without saying why was recorded before the metric existed (or by a run that did not
 * measure it): the fix is a fresh baseline, and the text says so.
 */
function missingText(missing: readonly UnmatchedMetric[], paired: boolean): string {
  const first = missing[0]!;
  const what = `${first.scenario} ${first.metric}`;
  const text =
    first.side === 'base'
      ? `head has no ${what} (the baseline has it)`
      : `the baseline has no ${what} (head has it)`;
  const why =
    first.skipped !== undefined
      ? `: skipped: ${first.skipped}`
      : first.unavailable !== undefined
        ? `: unavailable: ${first.unavailable}`
        : first.side === 'head' && !paired
          ? ': the baseline predates this metric (or did not measure it); refresh the baseline by running it again with this version'
          : '';
  const more = missing.length > 1 ? `; ${missing.length - 1} more headline metric(s) on one side only` : '';
  return `${text}${why}${more}`;
}

function samplesText(c: MetricComparison): string {
  return `${c.base.n} base / ${c.head.n} head samples`;
}

/** What the runs could still do: the most samples (pairs) per side their profile allows, paired or not. */
export interface SettleLimits {
  /** Null when unknown (files from a suite without a limit): no advice about the limit is given. */
  readonly maxSamples: number | null;
  readonly paired: boolean;
}

/**
 * What would settle the open metrics, from the one whose worse-side bound is farthest past its
 * threshold: how far the run could exclude, and — when the estimate itself is inside the threshold —
 * about how many samples per side would clear it at this spread (the bound's distance from the
 * estimate shrinks with √n). When that is more than the profile allows, it says so and what would
 * settle it instead (paired mode, or the threshold the samples can resolve). Empty when no open
 * metric has a bound.
 */
export function settleHint(
  open: readonly MetricComparison[],
  limits: SettleLimits = { maxSamples: null, paired: false },
): string {
  const reach = open.flatMap((c) => {
    const end = worseEnd(c.better, c.bound);
    if (end === null || c.ratio === null || c.ratio <= 0) return [];
    return [{ c, worse: worseBy(c.better, end), estimate: worseBy(c.better, c.ratio) }];
  });
  const farthest = reach.sort((a, b) => b.worse - a.worse)[0];
  if (!farthest) return '';
  const { c, worse, estimate } = farthest;
  const thr = c.thresholdPct / 100;
  const excluded = `the samples exclude only ${(worse * 100).toFixed(1)}% worse for ${c.metric} (threshold ${c.thresholdPct}%)`;
  const margin = thr - estimate;
  const n = Math.min(c.base.n, c.head.n);
  if (margin <= 0 || worse - estimate <= 0 || n < 1) return ` (${excluded})`;
  const needed = Math.ceil(n * ((worse - estimate) / margin) ** 2 - 1e-9); // 24.0000001 is 24
  const unit = limits.paired ? 'pairs' : 'samples per side';
  if (limits.maxSamples !== null && needed > limits.maxSamples) {
    const instead = limits.paired ? 'use longer samples' : 'use paired mode';
    return ` (${excluded}; more samples will not settle this at this spread: about ${needed} ${unit} would be needed and the profile allows ${limits.maxSamples}; ${instead}, or a threshold of ${Math.ceil(worse * 100 - 1e-9)}%)`;
  }
  return ` (${excluded}; at this spread about ${needed} ${unit} would settle it)`;
}

function pctText(ratio: number | null): string {
  if (ratio === null) return '(ratio undefined)';
  const delta = (ratio - 1) * 100;
  return `${delta >= 0 ? '+' : '−'}${Math.abs(delta).toFixed(1)}%`;
}
