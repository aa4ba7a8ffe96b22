/**
 * The CNI's own resources in `compare` (issue 20): memory is a level, compared like the rest (ratio,
 * CI) with its own threshold; a baseline recorded before these metrics existed, or a side whose
 * source was unavailable, is inconclusive with a reason the user can act on.
 */
import { describe, expect, it } from 'vitest';
import { compareResults } from '../../../src/core/compare/engine.js';
import { METRICS } from '../../../src/core/metrics.js';
import { renderJson } from '../../../src/core/report/json.js';
import { renderText } from '../../../src/core/report/text.js';
import type { ResultsFile } from '../../../src/core/results/types.js';
import { makeResults } from '../../helpers/results-factory.js';

const TCP = 'pod-to-pod-cross-node/tcp-stream';
const MiB = 1024 * 1024;

function run(seed: number, memoryMiB: number | null): ResultsFile {
  return makeResults({
    seed,
    subject: { platform: 'kubernetes', datapath: 'cilium-vxlan' },
    scenarios: {
      [TCP]: {
        tcp_throughput_bps: { median: 9e9, cv: 0.01, n: 10 },
        ...(memoryMiB === null
          ? {}
          : {
              cni_agent_memory_bytes: { median: memoryMiB * MiB, cv: 0.005, n: 10 },
              cni_agent_cpu_seconds_per_gbit: { median: 0.02, cv: 0.05, n: 10 },
            }),
      },
    },
  });
}

/** The file with `reason` recorded for the agent metrics of the carrier scenario. */
const withUnavailable = (file: ResultsFile, reason: string): ResultsFile => ({
  ...file,
  scenarios: file.scenarios.map((s) =>
    s.id === TCP
      ? { ...s, unavailable: { cni_agent_memory_bytes: reason, cni_agent_cpu_seconds_per_gbit: reason } }
      : s,
  ),
});

describe('compare: CNI agent memory and BPF map memory', () => {
  it('roles and thresholds: agent memory gates at 10%, agent CPU and BPF map memory inform', () => {
    expect(METRICS.cni_agent_memory_bytes).toMatchObject({
      headline: true,
      defaultThresholdPct: 10,
      better: 'lower',
    });
    expect(METRICS.bpf_map_memory_bytes).toMatchObject({
      headline: false,
      defaultThresholdPct: 10,
      better: 'lower',
    });
    expect(METRICS.cni_agent_cpu_seconds_per_gbit).toMatchObject({ headline: false, better: 'lower' });
  });

  it('agent memory 25% higher is a regression; 2% higher is cleared', () => {
    const worse = compareResults(run(1, 200), run(2, 250));
    expect(worse.verdict).toBe('regression');
    expect(worse.verdictReason).toMatch(
      /^material regression: cni_agent_memory_bytes on pod-to-pod-cross-node\/tcp-stream \+2\d\.\d%$/,
    );
    const same = compareResults(run(1, 200), run(2, 204));
    expect(same.verdict).toBe('pass');
    const memory = same.comparisons.find((c) => c.metric === 'cni_agent_memory_bytes')!;
    expect(memory.gate).toBe('cleared');
    expect(same.comparisons.find((c) => c.metric === 'cni_agent_cpu_seconds_per_gbit')!.gating).toBe(false);
  });

  it('a baseline from before the metric: inconclusive, and the reason says to refresh the baseline', () => {
    const report = compareResults(run(1, null), run(2, 200));
    expect(report.verdict).toBe('inconclusive');
    expect(report.verdictReason).toBe(
      'the baseline has no pod-to-pod-cross-node/tcp-stream cni_agent_memory_bytes (head has it): the baseline predates this metric (or did not measure it); refresh the baseline by running it again with this version',
    );
  });

  it('a side whose stats endpoint was unavailable: the recorded reason, in the verdict and the reports', () => {
    const reason =
      'kubelet stats summary of node kind-worker not readable through the API server (HTTP 403; needs nodes/proxy get)';
    const report = compareResults(run(1, 200), withUnavailable(run(2, null), reason));
    expect(report.verdict).toBe('inconclusive');
    expect(report.verdictReason).toBe(
      `head has no pod-to-pod-cross-node/tcp-stream cni_agent_memory_bytes (the baseline has it): unavailable: ${reason}`,
    );
    expect(renderText(report)).toContain(
      `${TCP} cni_agent_memory_bytes: only in base (unavailable: ${reason})`,
    );
    const json = JSON.parse(renderJson(report)) as { unmatched: { metric: string; unavailable?: string }[] };
    expect(json.unmatched.find((u) => u.metric === 'cni_agent_memory_bytes')!.unavailable).toBe(reason);
  });

  it('both sides without the metric (e.g. an existing cluster without nodes/proxy): compared as before', () => {
    const reason = 'HTTP 403';
    const report = compareResults(
      withUnavailable(run(1, null), reason),
      withUnavailable(run(2, null), reason),
    );
    expect(report.verdict).toBe('pass');
    expect(report.unmatched).toEqual([]);
  });
});
