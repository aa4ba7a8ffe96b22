/**
 * Builds valid ResultsFile v1 objects from seeded random samples, for tests of anything that reads
 * results (compare engine, reports, CLI). Example:
 *
 *   makeResults({
 *     seed: 1,
 *     scenarios: {
 *       'pod-to-pod-cross-node/tcp-stream': { tcp_throughput_bps: { median: 9e9, cv: 0.02, n: 7 } },
 *       'pod-to-pod-cross-node/http-max': { http_rps: { values: [100, 101, 99] } },
 *     },
 *     skipped: { 'pod-to-pod-same-node/udp-stream': 'ipvlan is not supported by this kernel' },
 *     environment: { kernel: '6.8.0' },
 *   });
 *
 * Values are median · exp(cv · z) with z standard normal (log-normal, so always positive and with a
 * median of `median`); `median: 0` gives all zeros. A scenario has as many samples as its longest
 * metric; shorter metrics are absent from the later samples. The same spec and seed give the same file.
 */
import type { MetricId } from '../../src/core/metrics.js';
import { environmentFingerprint } from '../../src/core/results/fingerprint.js';
import type {
  Environment,
  ResultsFile,
  Sample,
  ScenarioResult,
  Subject,
} from '../../src/core/results/types.js';
import { parseScenarioId } from '../../src/core/scenarios.js';
import type { ScenarioId } from '../../src/core/scenarios.js';
import { createRng, deriveSeed } from '../../src/core/stats/rng.js';

/** How one metric's samples are generated: explicit `values`, or `median` with `cv` and `n`. */
export interface MetricSpec {
  /** Explicit sample values (override median/cv/n). */
  readonly values?: readonly number[];
  readonly median?: number;
  /** Coefficient of variation (default 0.02). */
  readonly cv?: number;
  /** Number of samples (default 7). */
  readonly n?: number;
}

/** What {@link makeResults} builds. */
export interface ResultsSpec {
  /** Scenario id → metric id → how to generate its samples. */
  readonly scenarios: Partial<Record<ScenarioId, Partial<Record<MetricId, MetricSpec>>>>;
  /** Scenarios present with no samples and a `skipped` reason. */
  readonly skipped?: Partial<Record<ScenarioId, string>>;
  /** PRNG seed (default 1). Different seeds give independent samples from the same distributions. */
  readonly seed?: number;
  readonly environment?: Partial<Environment>;
  readonly subject?: Partial<Subject>;
  readonly createdAt?: string;
}

/** The environment every factory file has unless overridden (the fingerprint is computed). */
export const DEFAULT_TEST_ENVIRONMENT: Omit<Environment, 'fingerprint'> = {
  kernel: '6.1.0-test',
  cpuModel: 'Test CPU @ 2.0GHz',
  cpus: 2,
  mtu: 1500,
  tools: { iperf3: '3.12', wrk: '4.1.0' },
  kubernetes: null,
};

function standardNormal(rng: ReturnType<typeof createRng>): number {
  // Box–Muller; 1 − u keeps the logarithm finite.
  const u = 1 - rng.nextFloat();
  const v = rng.nextFloat();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function metricValues(spec: MetricSpec, seed: number, scenario: string, metric: string): number[] {
  if (spec.values) return [...spec.values];
  const median = spec.median ?? 1;
  const cv = spec.cv ?? 0.02;
  const n = spec.n ?? 7;
  const rng = createRng(deriveSeed(seed, scenario, metric));
  return Array.from({ length: n }, () => (median === 0 ? 0 : median * Math.exp(cv * standardNormal(rng))));
}

function scenarioParts(id: string): Pick<ScenarioResult, 'topology' | 'test'> {
  const parts = parseScenarioId(id);
  if (!parts) throw new Error(`results-factory: ${id} is not a valid scenario id`);
  return parts;
}

/** The default test environment with overrides; the fingerprint is recomputed unless given. */
export function makeEnvironment(overrides: Partial<Environment> = {}): Environment {
  const { fingerprint, ...fields } = { ...DEFAULT_TEST_ENVIRONMENT, ...overrides };
  return { ...fields, fingerprint: fingerprint ?? environmentFingerprint(fields) };
}

/** Builds a valid ResultsFile v1 from a spec (see the module comment). */
export function makeResults(spec: ResultsSpec): ResultsFile {
  const seed = spec.seed ?? 1;
  const createdAt = spec.createdAt ?? '2024-01-01T00:00:00.000Z';
  const scenarios: ScenarioResult[] = [];
  for (const [id, metrics] of Object.entries(spec.scenarios) as [
    ScenarioId,
    Partial<Record<MetricId, MetricSpec>>,
  ][]) {
    const columns = Object.entries(metrics).map(
      ([metric, m]) => [metric, metricValues(m!, seed, id, metric)] as const,
    );
    const n = Math.max(0, ...columns.map(([, values]) => values.length));
    const samples: Sample[] = Array.from({ length: n }, (_, i) => ({
      metrics: Object.fromEntries(
        columns.filter(([, v]) => i < v.length).map(([metric, v]) => [metric, v[i]!]),
      ),
      startedAt: createdAt,
      durationS: 10,
    }));
    scenarios.push({ id, ...scenarioParts(id), samples });
  }
  for (const [id, reason] of Object.entries(spec.skipped ?? {})) {
    scenarios.push({ id: id as ScenarioId, ...scenarioParts(id), samples: [], skipped: reason! });
  }
  return {
    schemaVersion: 1,
    tool: { name: 'cni-perf-gate', version: '0.0.0-test' },
    createdAt,
    subject: {
      platform: 'lab',
      datapath: 'bridge-vxlan',
      cni: { name: 'test' },
      configHash: 'sha256:1111111111111111111111111111111111111111111111111111111111111111',
      ...spec.subject,
    },
    environment: makeEnvironment(spec.environment),
    suite: {},
    scenarios,
  };
}
