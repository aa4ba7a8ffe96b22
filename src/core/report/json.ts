import type { ComparisonReport, MetricComparison } from '../compare/types.js';
import { VERDICT_ORDER } from './verdict.js';

/** A finite number or null (JSON has no NaN/Infinity). */
function num(value: number | null | undefined): number | null {
  return value === null || value === undefined || !Number.isFinite(value) ? null : value;
}

function comparisonJson(c: MetricComparison): Record<string, unknown> {
  return {
    scenario: c.scenario,
    metric: c.metric,
    unit: c.unit,
    verdict: c.verdict,
    ratio: num(c.ratio),
    ci: c.ci ? [num(c.ci[0]), num(c.ci[1])] : null,
    p: num(c.p),
    pAdjusted: num(c.pAdjusted),
    thresholdPct: c.thresholdPct,
    minDetectableEffectPct: num(c.minDetectableEffectPct),
    base: { n: c.base.n, median: num(c.base.median) },
    head: { n: c.head.n, median: num(c.head.median) },
    reason: c.reason,
  };
}

/**
 * The machine-readable report: `{ verdict, comparisons: [{ scenario, metric, unit, verdict, ratio,
 * ci, p, pAdjusted, thresholdPct, minDetectableEffectPct, base: {n, median}, head: {n, median}, reason }],
 * unmatched, environment, warnings, counts }` + newline. Key order is fixed and comparisons keep
 * the engine's order, so equal reports give identical text.
 */
export function renderJson(report: ComparisonReport): string {
  const counts = Object.fromEntries(VERDICT_ORDER.map((v) => [v, report.counts[v] ?? 0]));
  const document = {
    verdict: report.verdict,
    comparisons: report.comparisons.map(comparisonJson),
    unmatched: report.unmatched.map((u) => ({ scenario: u.scenario, metric: u.metric, side: u.side })),
    environment: {
      match: report.environment.match,
      differences: report.environment.differences.map((d) => ({
        field: d.field,
        base: d.base,
        head: d.head,
      })),
    },
    warnings: [...report.warnings],
    counts,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
