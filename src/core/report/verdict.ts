import type {
  ComparisonReport,
  GateStatus,
  MetricComparison,
  MetricVerdict,
  OverallVerdict,
  UnmatchedMetric,
} from '../compare/types.js';

/** Per-metric verdicts in report order: the ones that need attention first. */
export const VERDICT_ORDER: readonly MetricVerdict[] = [
  'regression',
  'improvement',
  'inconclusive',
  'unchanged',
];

/** The overall verdict in words, for the first line of every report. */
export const OVERALL_WORDS: Readonly<Record<OverallVerdict, string>> = {
  pass: 'No performance regression',
  regression: 'Performance regression',
  inconclusive: 'Inconclusive: no regression shown, but not every headline metric could be cleared',
  incomparable: 'Incomparable environments: nothing was gated',
};

/** Emoji for the overall verdict (markdown). */
export const OVERALL_EMOJI: Readonly<Record<OverallVerdict, string>> = {
  pass: '✅',
  regression: '❌',
  inconclusive: '⚠️',
  incomparable: '🚫',
};

/** Emoji for a metric verdict (markdown). */
export const METRIC_EMOJI: Readonly<Record<MetricVerdict, string>> = {
  regression: '🔴',
  improvement: '🟢',
  inconclusive: '🟡',
  unchanged: '⚪',
};

/** Emoji and word for a gating metric's status. */
export const GATE_LABEL: Readonly<Record<GateStatus, string>> = {
  regression: '🔴 regression',
  cleared: '✅ cleared',
  open: '🟡 open',
};

/** The gating comparisons (headline metrics of pod scenarios), then the informational ones. */
export function splitByRole(comparisons: readonly MetricComparison[]): {
  gating: MetricComparison[];
  informational: MetricComparison[];
} {
  return {
    gating: comparisons.filter((c) => c.gating),
    informational: comparisons.filter((c) => !c.gating),
  };
}

/** One line on the runs' interference, or null when neither side measured any. */
export function interferenceText(report: ComparisonReport): string | null {
  const { base, head } = report.interference;
  if (base.maxForeignCpuPercent === null && head.maxForeignCpuPercent === null) {
    if (base.samples + head.samples === 0) return null;
    return 'Interference: not measured (the platform could not see the processes beside the run, e.g. on Kubernetes nodes); the control is the only check on the runner.';
  }
  const side = (name: string, s: typeof base): string => {
    const foreign =
      s.maxForeignCpuPercent === null
        ? 'not measured'
        : `foreign CPU ≤ ${s.maxForeignCpuPercent.toFixed(1)}%`;
    const steal =
      s.maxStealPercent === null || s.maxStealPercent === 0
        ? ''
        : `, steal ≤ ${s.maxStealPercent.toFixed(1)}%`;
    const retaken = s.discarded > 0 ? `, ${s.discarded} re-taken` : '';
    const disturbed = s.disturbed > 0 ? `, ${s.disturbed} of ${s.samples} kept disturbed` : '';
    return `${name} ${foreign}${steal}${retaken}${disturbed}`;
  };
  const shared = report.interference.sharedLoad ? ` Paired: ${report.interference.sharedLoad}.` : '';
  return `Interference: ${side('base', base)}; ${side('head', head)}.${shared}`;
}

const PLURAL: Readonly<Record<MetricVerdict, [string, string]>> = {
  regression: ['regression', 'regressions'],
  improvement: ['improvement', 'improvements'],
  inconclusive: ['inconclusive', 'inconclusive'],
  unchanged: ['unchanged', 'unchanged'],
};

/** "1 regression, 2 improvements, 10 unchanged" (zero counts left out; "no metrics compared" when empty). */
export function countsText(counts: ComparisonReport['counts']): string {
  const parts = VERDICT_ORDER.filter((v) => (counts[v] ?? 0) > 0).map((v) => {
    const n = counts[v] ?? 0;
    return `${n} ${PLURAL[v][n === 1 ? 0 : 1]}`;
  });
  return parts.length > 0 ? parts.join(', ') : 'no metrics compared';
}

/** Comparisons sorted regressions → improvements → inconclusive → unchanged, report order kept within each. */
export function orderedComparisons(comparisons: readonly MetricComparison[]): MetricComparison[] {
  return comparisons
    .map((comparison, index) => ({ comparison, index }))
    .sort(
      (a, b) =>
        VERDICT_ORDER.indexOf(a.comparison.verdict) - VERDICT_ORDER.indexOf(b.comparison.verdict) ||
        a.index - b.index,
    )
    .map(({ comparison }) => comparison);
}

/** A one-line description of the statistics used, for report footers. */
export function methodText(report: ComparisonReport): string {
  const { options } = report;
  const test = options.paired ? 'Wilcoxon signed-rank on paired samples' : 'one-sided Mann-Whitney U';
  const effect = options.paired ? 'median of per-pair ratios' : 'ratio of medians';
  return (
    `${test}, Holm-corrected, α = ${options.alpha}; Δ% = ${effect} head/base with a ` +
    `${Number((options.confidence * 100).toFixed(1))}% bootstrap CI; a regression must be significant ` +
    `and its CI must lie beyond the metric's threshold; a pass needs every headline metric's ` +
    `one-sided ${Number((options.clearConfidence * 100).toFixed(1))}% bound inside its threshold.`
  );
}

/** Why the other side lacks an unmatched metric, when it recorded why: `skipped: …` / `unavailable: …`, else ''. */
export function unmatchedReason(u: UnmatchedMetric): string {
  if (u.skipped !== undefined) return `skipped: ${u.skipped}`;
  if (u.unavailable !== undefined) return `unavailable: ${u.unavailable}`;
  return '';
}
