import { DEFAULT_COMPARE_OPTIONS } from '../../../src/core/compare/options.js';
import type { ComparisonReport, MetricComparison, MetricVerdict } from '../../../src/core/compare/types.js';
import { METRICS, type MetricId } from '../../../src/core/metrics.js';
import type { ScenarioId } from '../../../src/core/scenarios.js';

/** A hand-built metric comparison (renderer tests must not depend on the statistics). */
export function comparison(
  scenario: ScenarioId,
  metric: MetricId,
  verdict: MetricVerdict,
  baseSamples: readonly number[],
  headSamples: readonly number[],
  ratio: number | null,
  extra: Partial<MetricComparison> = {},
): MetricComparison {
  const side = (samples: readonly number[]) => {
    const sorted = [...samples].sort((a, b) => a - b);
    return { n: samples.length, median: sorted[Math.floor(sorted.length / 2)] ?? 0, mean: 0, cv: 0, samples };
  };
  return {
    scenario,
    metric,
    unit: METRICS[metric].unit,
    better: METRICS[metric].better,
    verdict,
    base: side(baseSamples),
    head: side(headSamples),
    ratio,
    ci: ratio === null ? null : [ratio - 0.02, ratio + 0.02],
    bound: ratio === null ? null : [ratio - 0.015, ratio + 0.015],
    gating: METRICS[metric].headline,
    tested: true,
    gate: METRICS[metric].headline
      ? verdict === 'regression'
        ? 'regression'
        : verdict === 'inconclusive'
          ? 'open'
          : 'cleared'
      : null,
    p: 0.0004,
    pImprovement: 0.99,
    pAdjusted: 0.0021,
    thresholdPct: METRICS[metric].defaultThresholdPct,
    minDetectableEffectPct: null,
    reason: `${verdict} because of the fixture`,
    ...extra,
  };
}

/** A report with one of each verdict, an environment difference, an unmatched metric and a warning. */
export function sampleReport(overrides: Partial<ComparisonReport> = {}): ComparisonReport {
  const comparisons = [
    comparison(
      'pod-to-pod-cross-node/http-max',
      'http_rps',
      'unchanged',
      [20000, 20100, 19900],
      [20050, 20010, 19950],
      1.001,
    ),
    comparison(
      'pod-to-pod-cross-node/http-max',
      'http_latency_p99_ms',
      'inconclusive',
      [3.1, 3.5, 2.9],
      [3.3, 4.0],
      1.06,
      {
        minDetectableEffectPct: 22.5,
      },
    ),
    comparison(
      'pod-to-pod-cross-node/tcp-stream',
      'tcp_throughput_bps',
      'regression',
      [9.2e9, 9.3e9, 9.1e9],
      [8.1e9, 8.0e9, 8.2e9],
      0.88,
    ),
    comparison(
      'pod-to-pod-same-node/tcp-stream',
      'tcp_throughput_bps',
      'improvement',
      [2.0e10, 2.1e10, 2.05e10],
      [2.3e10, 2.35e10, 2.32e10],
      1.13,
    ),
    comparison(
      'pod-to-pod-same-node/tcp-stream',
      'tcp_retransmits',
      'unchanged',
      [10, 12, 9],
      [11, 10, 12],
      1.0,
    ),
  ];
  const count = (role: boolean) => {
    const counts = { regression: 0, improvement: 0, unchanged: 0, inconclusive: 0 };
    for (const c of comparisons) if (c.gating === role) counts[c.verdict]++;
    return counts;
  };
  const counts = count(true);
  return {
    verdict: 'regression',
    verdictReason: 'material regression: tcp_throughput_bps on pod-to-pod-cross-node/tcp-stream −12.0%',
    control: {
      presence: 'both',
      tolerancePct: 5,
      shifts: [],
      moved: false,
      normalized: false,
      summary: null,
    },
    interference: {
      base: {
        samples: 9,
        disturbed: 0,
        discarded: 0,
        sharedLoad: 0,
        maxForeignCpuPercent: 1.2,
        maxStealPercent: 0,
        disturbedScenarios: [],
      },
      head: {
        samples: 8,
        disturbed: 0,
        discarded: 1,
        sharedLoad: 0,
        maxForeignCpuPercent: 2.5,
        maxStealPercent: 0,
        disturbedScenarios: [],
      },
      disturbed: false,
      summary: null,
      sharedLoad: null,
    },
    comparisons,
    unmatched: [
      { scenario: 'pod-to-service-cross-node/http-max', metric: 'http_rps', side: 'head', headline: true },
    ],
    environment: { match: false, differences: [{ field: 'kernel', base: '6.1.0', head: '6.1.0|rt <b>' }] },
    warnings: ['environment differs from the baseline (kernel: 6.1.0 → 6.1.0|rt)'],
    options: DEFAULT_COMPARE_OPTIONS,
    base: { label: 'base.json', subject: {}, createdAt: '2024-05-01T12:00:00Z' },
    head: { label: 'head.json', subject: {}, createdAt: '2024-05-02T12:00:00Z' },
    counts,
    countsByRole: { headline: counts, informational: count(false) },
    ...overrides,
  };
}
