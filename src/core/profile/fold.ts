import type { MetricValues } from '../metrics.js';
import type { TestId } from '../scenarios.js';
import type { FoldedStacks, SampleProfile, ScenarioProfile } from './types.js';

/** Kernel functions kept per sample profile (the rest are summed into nothing: they are noise). */
export const PROFILE_TOP_FUNCTIONS = 300;

/** Folded stacks holding less than this share of a scenario's CPU are dropped from results. */
export const PROFILE_PRUNE_SHARE = 0.0005;

const KERNEL_SUFFIX = '_[k]';

/** What a sample's work is measured in, per test: data moved, requests, connections, pods. */
export interface WorkMeasure {
  readonly unit: string;
  /** The sample's work in `unit`, or null when its metrics do not say. */
  of(metrics: MetricValues, durationS: number): number | null;
}

const perGb: WorkMeasure = {
  unit: 'GB',
  of: (m, s) => ((m.tcp_throughput_bps ?? m.udp_throughput_bps ?? NaN) * s) / 8e9,
};
const perKiloRequests: WorkMeasure = {
  unit: '1k requests',
  of: (m, s) => (m.http_requests ?? (m.http_rps ?? NaN) * s) / 1000,
};
const perKiloConnections: WorkMeasure = {
  unit: '1k connections',
  of: (m, s) => (m.http_requests ?? (m.http_conn_rate ?? NaN) * s) / 1000,
};

/** The unit of work of a test's samples (GB moved by iperf3 tests, 1,000 requests or connections for HTTP); null for pod-churn. */
export function workMeasureOf(test: TestId): WorkMeasure | null {
  switch (test) {
    case 'tcp-stream':
    case 'tcp-stream-parallel':
    case 'udp-stream':
      return checked(perGb);
    case 'http-max':
    case 'http-fixed-rate':
      return checked(perKiloRequests);
    case 'http-conn-rate':
      return checked(perKiloConnections);
    default:
      return null;
  }
}

function checked(measure: WorkMeasure): WorkMeasure {
  return {
    unit: measure.unit,
    of: (metrics, durationS) => {
      const work = measure.of(metrics, durationS);
      return work !== null && Number.isFinite(work) && work > 0 ? work : null;
    },
  };
}

/** The kernel frames of a folded stack, root first, without the `_[k]` suffix. */
export function kernelFrames(stack: string): string[] {
  return stack
    .split(';')
    .filter((frame) => frame.endsWith(KERNEL_SUFFIX))
    .map((frame) => frame.slice(0, -KERNEL_SUFFIX.length));
}

/**
 * One sample's profile from its folded stacks: all CPU, kernel CPU (leaf in the kernel), and each
 * kernel function's inclusive CPU (counted once per stack even when it recurses), the
 * {@link PROFILE_TOP_FUNCTIONS} largest.
 */
export function sampleProfileOf(folded: FoldedStacks, work: number): SampleProfile {
  let cpuNs = 0;
  let kernelTotalNs = 0;
  const inclusive = new Map<string, number>();
  for (const [stack, ns] of Object.entries(folded)) {
    cpuNs += ns;
    if (stack.endsWith(KERNEL_SUFFIX)) kernelTotalNs += ns;
    for (const fn of new Set(kernelFrames(stack))) inclusive.set(fn, (inclusive.get(fn) ?? 0) + ns);
  }
  const top = [...inclusive]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, PROFILE_TOP_FUNCTIONS);
  return { work, cpuNs, kernelTotalNs, kernelNs: Object.fromEntries(top) };
}

/**
 * A scenario's profile from its kept samples' folded stacks: summed, then pruned to the stacks
 * holding at least `pruneShare` of all CPU sampled (so results stay small).
 */
export function scenarioProfileOf(
  recorder: string,
  workUnit: string,
  samples: readonly { readonly folded: FoldedStacks; readonly work: number }[],
  pruneShare = PROFILE_PRUNE_SHARE,
): ScenarioProfile {
  const sum = new Map<string, number>();
  let totalNs = 0;
  let work = 0;
  for (const sample of samples) {
    work += sample.work;
    for (const [stack, ns] of Object.entries(sample.folded)) {
      sum.set(stack, (sum.get(stack) ?? 0) + ns);
      totalNs += ns;
    }
  }
  const kept = [...sum]
    .filter(([, ns]) => ns >= pruneShare * totalNs)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return {
    recorder,
    workUnit,
    folded: Object.fromEntries(kept),
    prunedBelow: pruneShare,
    totalNs,
    work,
    samples: samples.length,
  };
}
