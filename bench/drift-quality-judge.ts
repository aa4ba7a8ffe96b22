/**
 * Judges of the drift benchmark, run on the same two results files of a trial:
 * - `new`: today's compare with its defaults (headline metrics, one-sided pass, the control,
 *   disturbed samples never blamed);
 * - `new-inconclusive-on-drift`: the same, but a moved control decides nothing;
 * - `new-always-normalised`: the same, but pod metrics are always judged relative to the control
 *   (compare option normalizeToControl: always), whether it moved or not;
 * - `legacy`: the gate as it was before the control and interference handling — every sample as the
 *   old runner would have kept it (the first attempt at each position, disturbed or not), every
 *   metric in one Holm family and able to fail the gate, the control scenario gated like any other,
 *   a pass only when every headline metric is settled two-sided.
 */
import { compareResults } from '../src/core/compare/engine.js';
import type { ComparisonReport, OverallVerdict } from '../src/core/compare/types.js';
import { METRIC_IDS, METRICS, type MetricId } from '../src/core/metrics.js';
import type { ResultsFile, Sample, ScenarioResult } from '../src/core/results/types.js';

/** A judge's verdict on one trial, with the reason of its first line. */
export interface Judgement {
  readonly verdict: OverallVerdict;
  readonly reason: string;
  /** The control moved beyond tolerance (new judges only). */
  readonly drift: boolean;
  /** A run was disturbed (new judges only). */
  readonly disturbed: boolean;
}

/** The judges by name. */
export const JUDGES = ['new', 'new-inconclusive-on-drift', 'new-always-normalised', 'legacy'] as const;
export type JudgeName = (typeof JUDGES)[number];

function judgement(report: ComparisonReport): Judgement {
  return {
    verdict: report.verdict,
    reason: report.verdictReason,
    drift: report.control.moved,
    disturbed: report.interference.disturbed,
  };
}

/** The samples the old runner would have kept: the first attempt at every position. */
export function firstAttempts(scenario: ScenarioResult): Sample[] {
  const attempts = [
    ...scenario.samples.map((s) => ({ s, kept: true })),
    ...(scenario.discarded ?? []).map((s) => ({ s, kept: false })),
  ].sort((a, b) => Date.parse(a.s.startedAt) - Date.parse(b.s.startedAt));
  const out: Sample[] = [];
  let first: Sample | undefined;
  for (const { s, kept } of attempts) {
    first ??= s;
    if (kept) {
      const { metrics, startedAt, durationS } = first;
      out.push({ metrics, startedAt, durationS });
      first = undefined;
    }
  }
  return out;
}

/** A file as the old runner and engine saw it: first attempts, and the control as an ordinary scenario. */
function legacyView(file: ResultsFile): ResultsFile {
  return {
    ...file,
    scenarios: file.scenarios.map((scenario) => {
      const { discarded: _discarded, ...rest } = scenario;
      const renamed =
        scenario.topology === 'host-cross-node'
          ? {
              id: `pod-to-pod-same-node/${scenario.test}` as const,
              topology: 'pod-to-pod-same-node' as const,
            }
          : {};
      return { ...rest, ...renamed, samples: firstAttempts(scenario) } as ScenarioResult;
    }),
  };
}

/** The old overall verdict: any metric's regression fails; a pass needs every headline metric settled. */
function legacyJudgement(base: ResultsFile, head: ResultsFile): Judgement {
  const all = Object.fromEntries(
    METRIC_IDS.filter((id) => !METRICS[id].interference && !METRICS[id].normalizes).map((id) => [id, true]),
  ) as Partial<Record<MetricId, boolean>>;
  const report = compareResults(legacyView(base), legacyView(head), { headline: all });
  const oldHeadline = (id: MetricId): boolean =>
    [
      'tcp_throughput_bps',
      'udp_throughput_bps',
      'http_rps',
      'http_latency_p50_ms',
      'http_latency_p99_ms',
    ].includes(id);
  const regressions = report.comparisons.filter((c) => c.verdict === 'regression');
  // The old verdict rule had no one-sided clearing: "no material regression" was inconclusive.
  const unsettled = report.comparisons.filter(
    (c) =>
      oldHeadline(c.metric) &&
      (c.verdict === 'inconclusive' ||
        (c.verdict === 'unchanged' && c.reason.includes('no material regression'))),
  );
  const verdict: OverallVerdict =
    regressions.length > 0
      ? 'regression'
      : unsettled.length > 0 || report.comparisons.length === 0
        ? 'inconclusive'
        : 'pass';
  const reason =
    regressions.length > 0
      ? `${regressions.length} regressions, e.g. ${regressions[0]!.metric} on ${regressions[0]!.scenario}`
      : `${unsettled.length} headline metrics unsettled`;
  return { verdict, reason, drift: false, disturbed: false };
}

/** Every judge's verdict on one trial. */
export function judgeTrial(base: ResultsFile, head: ResultsFile): Record<JudgeName, Judgement> {
  return {
    new: judgement(compareResults(base, head)),
    'new-inconclusive-on-drift': judgement(compareResults(base, head, { onControlDrift: 'inconclusive' })),
    'new-always-normalised': judgement(compareResults(base, head, { normalizeToControl: 'always' })),
    legacy: legacyJudgement(base, head),
  };
}

/** The throughput, rate and p50 metrics (raw and relative to the control) a threshold sweep sets. */
const SWEPT: readonly MetricId[] = [
  'tcp_throughput_bps',
  'http_rps',
  'http_latency_p50_ms',
  'http_conn_rate',
  'tcp_throughput_vs_host',
  'http_rps_vs_host',
  'http_latency_p50_vs_host',
  'http_conn_rate_vs_host',
];

/** The new judge's verdict with every swept metric's threshold set to `pct` (what a runner can hold). */
export function judgeAtThreshold(base: ResultsFile, head: ResultsFile, pct: number): OverallVerdict {
  const thresholds = Object.fromEntries(SWEPT.map((id) => [id, pct])) as Partial<Record<MetricId, number>>;
  return compareResults(base, head, { thresholds }).verdict;
}
