/**
 * Times compareResults on 50 scenarios × 12 metrics × 20 samples per side (default options:
 * 2000 bootstrap resamples) and prints the median wall time of several runs.
 * Run: npx tsx bench/compare-speed.ts [runs]
 */
import { performance } from 'node:perf_hooks';
import { compareResults } from '../src/core/compare/engine.js';
import type { MetricId } from '../src/core/metrics.js';
import { TEST_IDS, TOPOLOGY_IDS } from '../src/core/scenarios.js';
import type { ScenarioId } from '../src/core/scenarios.js';
import { makeResults } from '../test/helpers/results-factory.js';
import type { MetricSpec, ResultsSpec } from '../test/helpers/results-factory.js';
import { median } from '../src/core/stats/quantile.js';

const METRICS: readonly MetricId[] = [
  'tcp_throughput_bps',
  'tcp_retransmits',
  'udp_throughput_bps',
  'udp_loss_percent',
  'udp_jitter_ms',
  'http_rps',
  'http_latency_avg_ms',
  'http_latency_p50_ms',
  'http_latency_p99_ms',
  'http_requests',
  'cpu_busy_percent',
  'cpu_softirq_percent',
];

/** The 25 real scenarios (5 topologies × 5 tests), 12 metrics each, 20 samples per metric. */
function scenarioSpec(shift: number): ResultsSpec['scenarios'] {
  const scenarios: Partial<Record<ScenarioId, Partial<Record<MetricId, MetricSpec>>>> = {};
  for (const topology of TOPOLOGY_IDS) {
    for (const test of TEST_IDS) {
      const metrics: Partial<Record<MetricId, MetricSpec>> = {};
      METRICS.forEach((metric, i) => {
        metrics[metric] = {
          median: 100 * (i + 1) * (metric === 'tcp_throughput_bps' ? shift : 1),
          cv: 0.03,
          n: 20,
        };
      });
      scenarios[`${topology}/${test}`] = metrics;
    }
  }
  return scenarios;
}

/**
 * 50 scenarios: the 25 real ones twice, the second copy with `-copy` appended to its id (the engine
 * treats ids as opaque strings, so this is the same work as 50 distinct scenarios).
 */
function fiftyScenarioFile(seed: number, shift: number) {
  const first = makeResults({ seed, scenarios: scenarioSpec(shift) });
  const second = makeResults({ seed: seed + 1000, scenarios: scenarioSpec(shift) });
  const renamed = second.scenarios.map((s) => ({ ...s, id: `${s.id}-copy` as ScenarioId }));
  return { ...first, scenarios: [...first.scenarios, ...renamed] };
}

const runs = Number(process.argv[2] ?? 7);
const base = fiftyScenarioFile(1, 1);
const head = fiftyScenarioFile(2, 0.95);
const times: number[] = [];
let comparisons = 0;
for (let i = 0; i < runs; i++) {
  const start = performance.now();
  const report = compareResults(base, head);
  times.push(performance.now() - start);
  comparisons = report.comparisons.length;
}
times.sort((a, b) => a - b);
const medianMs = median(times);
console.log(
  `compareResults: ${base.scenarios.length} scenarios × ${METRICS.length} metrics × 20 samples = ${comparisons} comparisons; ` +
    `median ${medianMs.toFixed(1)} ms over ${runs} runs (min ${times[0]!.toFixed(1)}, max ${times[times.length - 1]!.toFixed(1)})`,
);
