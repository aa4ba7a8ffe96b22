import type {
  ComparisonReport,
  InterferenceSide,
  MetricComparison,
  VerdictCounts,
} from '../compare/types.js';
import { worseEnd } from '../compare/one-sided.js';
import { COMPARE_REPORT_VERSION } from './compare-report-schema.js';
import { underneathJson } from './underneath-json.js';
import { VERDICT_ORDER } from './verdict.js';

/** A finite number or null (JSON has no NaN/Infinity). */
function num(value: number | null | undefined): number | null {
  return value === null || value === undefined || !Number.isFinite(value) ? null : value;
}

const pair = (v: readonly [number, number] | null): [number | null, number | null] | null =>
  v ? [num(v[0]), num(v[1])] : null;

function comparisonJson(c: MetricComparison): Record<string, unknown> {
  return {
    scenario: c.scenario,
    metric: c.metric,
    unit: c.unit,
    better: c.better,
    role: c.gating ? 'headline' : 'informational',
    gate: c.gate,
    tested: c.tested,
    verdict: c.verdict,
    ratio: num(c.ratio),
    ci: pair(c.ci),
    bound: num(worseEnd(c.better, c.bound)),
    p: num(c.p),
    pAdjusted: num(c.pAdjusted),
    thresholdPct: c.thresholdPct,
    minDetectableEffectPct: num(c.minDetectableEffectPct),
    base: { n: c.base.n, median: num(c.base.median) },
    head: { n: c.head.n, median: num(c.head.median) },
    reason: c.reason,
  };
}

const countsJson = (counts: VerdictCounts): Record<string, number> =>
  Object.fromEntries(VERDICT_ORDER.map((v) => [v, counts[v] ?? 0]));

function interferenceSideJson(s: InterferenceSide): Record<string, unknown> {
  return {
    samples: s.samples,
    disturbed: s.disturbed,
    discarded: s.discarded,
    maxForeignCpuPercent: num(s.maxForeignCpuPercent),
    maxStealPercent: num(s.maxStealPercent),
    disturbedScenarios: [...s.disturbedScenarios],
  };
}

/**
 * The machine-readable report (schema/compare-report-v1.schema.json): the verdict and its reason
 * (the first line of the text report), per comparison its role, gate status and one-sided bound,
 * the control check, interference per side, unmatched metrics, environment, warnings and counts by
 * role, and (when the results carry counters) what changed underneath. Key order is fixed and comparisons keep the engine's order, so equal reports give identical
 * text.
 */
export function renderJson(report: ComparisonReport): string {
  const { control, interference, options } = report;
  const document = {
    reportVersion: COMPARE_REPORT_VERSION,
    verdict: report.verdict,
    reason: report.verdictReason,
    base: { label: report.base.label, createdAt: report.base.createdAt },
    head: { label: report.head.label, createdAt: report.head.createdAt },
    method: {
      paired: options.paired,
      alpha: options.alpha,
      confidence: options.confidence,
      boundConfidence: options.clearConfidence,
    },
    comparisons: report.comparisons.map(comparisonJson),
    control: {
      presence: control.presence,
      tolerancePct: control.tolerancePct,
      moved: control.moved,
      normalized: control.normalized,
      summary: control.summary,
      shifts: control.shifts.map((s) => ({
        scenario: s.scenario,
        metric: s.metric,
        ratio: num(s.ratio),
        ci: pair(s.ci),
        moved: s.moved,
      })),
    },
    interference: {
      disturbed: interference.disturbed,
      summary: interference.summary,
      base: interferenceSideJson(interference.base),
      head: interferenceSideJson(interference.head),
    },
    unmatched: report.unmatched.map((u) => ({
      scenario: u.scenario,
      metric: u.metric,
      side: u.side,
      headline: u.headline,
      ...(u.skipped !== undefined ? { skipped: u.skipped } : {}),
      ...(u.unavailable !== undefined ? { unavailable: u.unavailable } : {}),
    })),
    environment: {
      match: report.environment.match,
      differences: report.environment.differences.map((d) => ({
        field: d.field,
        base: d.base,
        head: d.head,
      })),
    },
    warnings: [...report.warnings],
    counts: countsJson(report.counts),
    countsByRole: {
      headline: countsJson(report.countsByRole.headline),
      informational: countsJson(report.countsByRole.informational),
    },
    ...(report.underneath ? { underneath: underneathJson(report.underneath) } : {}),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
