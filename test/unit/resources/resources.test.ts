import { describe, expect, it } from 'vitest';
import {
  cpuSecondsDuring,
  resourceCarrier,
  resourceMetrics,
  type ResourceReading,
} from '../../../src/core/resources.js';
import { DEFAULT_SUITE, QUICK_SUITE } from '../../../src/core/suite/profiles.js';

const MiB = 1024 * 1024;

describe('resourceCarrier: the one scenario whose samples carry the resource metrics', () => {
  it('is the cross-node tcp-stream of the built-in profiles (not every scenario, not the control)', () => {
    expect(resourceCarrier(DEFAULT_SUITE)).toBe('pod-to-pod-cross-node/tcp-stream');
    expect(resourceCarrier(QUICK_SUITE)).toBe('pod-to-pod-cross-node/tcp-stream');
  });

  it('falls back to the first pod topology and to tcp-stream-parallel; none without a bulk TCP test', () => {
    expect(
      resourceCarrier({ topologies: ['host-cross-node', 'pod-to-pod-same-node'], tests: ['tcp-stream'] }),
    ).toBe('pod-to-pod-same-node/tcp-stream');
    expect(
      resourceCarrier({ topologies: ['pod-to-pod-cross-node'], tests: ['http-max', 'tcp-stream-parallel'] }),
    ).toBe('pod-to-pod-cross-node/tcp-stream-parallel');
    expect(resourceCarrier({ topologies: ['pod-to-pod-cross-node'], tests: ['http-max'] })).toBeNull();
    expect(resourceCarrier({ topologies: ['host-cross-node'], tests: ['tcp-stream'] })).toBeNull();
  });
});

describe('cpuSecondsDuring: CPU used during a sample from counters read before and after it', () => {
  it("sums each counter's rate over its own refresh interval, times the sample's duration", () => {
    const before = { a: { seconds: 10, atMs: 0 }, b: { seconds: 4, atMs: 5_000 } };
    // a: 2 s in 10 s = 0.2 cores; b: 0.5 s in 5 s = 0.1 cores → 0.3 cores over a 4 s sample.
    const after = { a: { seconds: 12, atMs: 10_000 }, b: { seconds: 4.5, atMs: 10_000 } };
    expect(cpuSecondsDuring(before, after, 4)).toBeCloseTo(1.2, 12);
  });

  it('says why when a counter was not refreshed, is new, or went backwards', () => {
    const before = { a: { seconds: 10, atMs: 0 } };
    expect(cpuSecondsDuring(before, { a: { seconds: 10, atMs: 0 } }, 4)).toBe(
      'the CPU counter of a was not refreshed between the reads',
    );
    expect(cpuSecondsDuring(before, { b: { seconds: 1, atMs: 9 } }, 4)).toBe('b appeared during the sample');
    expect(cpuSecondsDuring(before, { a: { seconds: 1, atMs: 9 } }, 4)).toBe(
      'the CPU counter of a went backwards (restarted)',
    );
    expect(cpuSecondsDuring(before, {}, 4)).toBe('no CPU counters were read');
  });
});

describe('resourceMetrics: the resource metrics of one sample', () => {
  const reading = (cpuSeconds: number, atMs: number): ResourceReading => ({
    available: true,
    levels: { cni_agent_memory_bytes: 32 * MiB },
    cpu: { 'kube-system/agent-x': { seconds: cpuSeconds, atMs } },
  });

  it('memory as read after the sample; CPU per Gbit for a bulk transfer', () => {
    const outcome = resourceMetrics(reading(2.5, 0), reading(3, 10_000), { bitsMoved: 20e9, durationS: 2 });
    // 0.05 cores × 2 s = 0.1 CPU seconds over 20 Gbit.
    expect(outcome.metrics.cni_agent_memory_bytes).toBe(32 * MiB);
    expect(outcome.metrics.cni_agent_cpu_seconds_per_gbit).toBeCloseTo(0.005, 12);
    expect(outcome.unavailable).toEqual({});
  });

  it('no CPU figure without bits moved; an unavailable reading gives its reason for its metrics', () => {
    expect(resourceMetrics(reading(2.5, 0), reading(3, 10_000), { durationS: 2 }).metrics).toEqual({
      cni_agent_memory_bytes: 32 * MiB,
    });
    const off: ResourceReading = { available: false, reason: 'HTTP 403', metrics: ['bpf_map_memory_bytes'] };
    expect(resourceMetrics(reading(2.5, 0), off, { durationS: 2, bitsMoved: 1e9 })).toEqual({
      metrics: {},
      unavailable: { bpf_map_memory_bytes: 'HTTP 403' },
    });
    const stale = resourceMetrics(reading(2.5, 0), reading(2.5, 0), { durationS: 2, bitsMoved: 1e9 });
    expect(stale.metrics).toEqual({ cni_agent_memory_bytes: 32 * MiB });
    expect(stale.unavailable.cni_agent_cpu_seconds_per_gbit).toMatch(/not refreshed/);
  });

  it('a lab reading has levels only', () => {
    const bpf: ResourceReading = { available: true, levels: { bpf_map_memory_bytes: 12_947_896 } };
    expect(resourceMetrics(bpf, bpf, { durationS: 2, bitsMoved: 1e9 })).toEqual({
      metrics: { bpf_map_memory_bytes: 12_947_896 },
      unavailable: {},
    });
  });
});
