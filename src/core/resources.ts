import { CONTROL_TOPOLOGY, type MetricId, type MetricValues } from './metrics.js';
import { cpuSecondsPerGbit } from './parsers/proc-stat.js';
import { scenarioId, type ScenarioId, type TestId, type TopologyId } from './scenarios.js';
import type { SuiteConfig } from './suite/types.js';

/** The memory levels a platform can read of the CNI's own resources. */
export type ResourceLevelMetric = 'cni_agent_memory_bytes' | 'bpf_map_memory_bytes';

/** The CPU metric derived from cumulative CPU counters read before and after a sample. */
export const AGENT_CPU_METRIC = 'cni_agent_cpu_seconds_per_gbit' satisfies MetricId;

/** One cumulative CPU counter (e.g. one agent pod's), and when its source last updated it. */
export interface CpuCounter {
  /** Cumulative CPU seconds. */
  readonly seconds: number;
  /** When the value was sampled by its source (epoch ms; the kubelet's `cpu.time`). */
  readonly atMs: number;
}

/**
 * What a platform read of the CNI's own resources at one moment (Platform.resourceProbe), or why
 * it could not: one line, and the metrics that are therefore absent.
 */
export type ResourceReading =
  | {
      readonly available: true;
      /** Levels read now, in bytes (e.g. the agents' working set, max over nodes). */
      readonly levels: Readonly<Partial<Record<ResourceLevelMetric, number>>>;
      /** Cumulative CPU counters of the CNI's own processes, keyed by source (`namespace/pod`). */
      readonly cpu?: Readonly<Record<string, CpuCounter>>;
    }
  | { readonly available: false; readonly reason: string; readonly metrics: readonly MetricId[] };

/** The resource metrics of one sample, and why any the platform could provide are absent. */
export interface ResourceOutcome {
  readonly metrics: MetricValues;
  readonly unavailable: Readonly<Partial<Record<MetricId, string>>>;
}

/** The bulk-transfer tests that can carry the resource metrics, in order of preference. */
const CARRIER_TESTS: readonly TestId[] = ['tcp-stream', 'tcp-stream-parallel'];

/**
 * The one scenario whose samples carry the resource metrics, or null when the suite has none that
 * moves bulk data: the first of tcp-stream / tcp-stream-parallel in the suite, in
 * `pod-to-pod-cross-node` when the suite runs it (traffic through the CNI on two nodes), else in
 * the suite's first pod topology. One scenario only: memory is a level of the whole run, and the
 * same figure in every scenario would multiply headline comparisons of one quantity.
 */
export function resourceCarrier(suite: Pick<SuiteConfig, 'topologies' | 'tests'>): ScenarioId | null {
  const test = CARRIER_TESTS.find((t) => suite.tests.includes(t));
  const pods = suite.topologies.filter((t) => t !== CONTROL_TOPOLOGY);
  const preferred: TopologyId = 'pod-to-pod-cross-node';
  const topology = pods.includes(preferred) ? preferred : pods[0];
  return test && topology ? scenarioId(topology, test) : null;
}

/**
 * CPU seconds the counters' owners used during a sample of `durationS`: per counter, the rate over
 * its source's own update interval (Δseconds / Δtime, which covers the sample even when the source
 * refreshes less often than the reads), summed, times the sample's duration. A string says why
 * there is no figure (a counter not refreshed between the reads, gone, or reset).
 */
export function cpuSecondsDuring(
  before: Readonly<Record<string, CpuCounter>>,
  after: Readonly<Record<string, CpuCounter>>,
  durationS: number,
): number | string {
  const keys = Object.keys(after);
  if (keys.length === 0) return 'no CPU counters were read';
  let cores = 0;
  for (const key of keys) {
    const a = after[key]!;
    const b = before[key];
    if (!b) return `${key} appeared during the sample`;
    const dt = (a.atMs - b.atMs) / 1000;
    if (dt <= 0) return `the CPU counter of ${key} was not refreshed between the reads`;
    const ds = a.seconds - b.seconds;
    if (ds < 0) return `the CPU counter of ${key} went backwards (restarted)`;
    cores += ds / dt;
  }
  return cores * durationS;
}

/**
 * The resource metrics of a sample from the readings before and after it: the levels as read after
 * it, and (for a sample that moved `bitsMoved` bits in `durationS`) the CPU used per Gbit.
 */
export function resourceMetrics(
  before: ResourceReading,
  after: ResourceReading,
  transfer: { readonly bitsMoved?: number; readonly durationS: number },
): ResourceOutcome {
  if (!after.available) {
    return { metrics: {}, unavailable: Object.fromEntries(after.metrics.map((m) => [m, after.reason])) };
  }
  const metrics: MetricValues = {};
  for (const [metric, bytes] of Object.entries(after.levels) as [ResourceLevelMetric, number][])
    if (Number.isFinite(bytes) && bytes >= 0) metrics[metric] = bytes;
  const unavailable: Partial<Record<MetricId, string>> = {};
  if (after.cpu && transfer.bitsMoved !== undefined) {
    const seconds = before.available
      ? cpuSecondsDuring(before.cpu ?? {}, after.cpu, transfer.durationS)
      : before.reason;
    const perGbit = typeof seconds === 'number' ? cpuSecondsPerGbit(seconds, transfer.bitsMoved) : null;
    if (perGbit !== null) metrics[AGENT_CPU_METRIC] = perGbit;
    else unavailable[AGENT_CPU_METRIC] = typeof seconds === 'string' ? seconds : 'no data moved';
  }
  return { metrics, unavailable };
}
