import { describe, expect, it } from 'vitest';
import type { ResultsFile } from '../../../src/core/results/types.js';
import {
  buildRunSummary,
  renderRunSummary,
  renderRunSummaryMarkdown,
} from '../../../src/core/report/run-summary.js';
import { validResults } from '../results/valid-results.js';

function withSkippedIpvlan(): ResultsFile {
  const base = validResults({ datapath: 'ipvlan' });
  return {
    ...base,
    scenarios: base.scenarios.map((s) => ({
      ...s,
      samples: [],
      skipped: 'ipvlan is not supported by this kernel',
    })),
  };
}

const files = [
  validResults({ datapath: 'host', throughput: [10e9, 10.2e9, 9.8e9] }),
  validResults({ datapath: 'bridge-vxlan', throughput: [8e9, 8.1e9, 7.9e9] }),
  validResults({ datapath: 'ptp-hostgw', throughput: [9.5e9, 9.6e9, 9.4e9, 9.7e9] }),
  withSkippedIpvlan(),
];

describe('buildRunSummary', () => {
  it('has one row per scenario x headline metric and medians per datapath', () => {
    const summary = buildRunSummary(files);
    expect(summary.datapaths).toEqual(['host', 'bridge-vxlan', 'ptp-hostgw', 'ipvlan']);
    expect(summary.referenceIndex).toBe(0);
    // tcp-stream: tcp_throughput_bps (retransmits are not headline); http-max: rps, p50, p99.
    expect(summary.rows.map((r) => `${r.scenario} ${r.metric}`)).toEqual([
      'pod-to-pod-cross-node/tcp-stream tcp_throughput_bps',
      'pod-to-pod-cross-node/http-max http_rps',
      'pod-to-pod-cross-node/http-max http_latency_p50_ms',
      'pod-to-pod-cross-node/http-max http_latency_p99_ms',
    ]);
    const tcp = summary.rows[0]!;
    expect(tcp.cells.map((c) => c.median)).toEqual([10e9, 8e9, 9.55e9, null]);
    expect(tcp.cells[3]?.skipped).toBe('ipvlan is not supported by this kernel');
    expect(tcp.vsReference[0]).toBeNull();
    expect(tcp.vsReference[1]).toBeCloseTo(0.8, 12);
    expect(tcp.vsReference[3]).toBeNull();
  });

  it('has no reference when host was not run, and names repeated datapaths apart', () => {
    const summary = buildRunSummary([validResults(), validResults()]);
    expect(summary.datapaths).toEqual(['bridge-vxlan', 'bridge-vxlan#2']);
    expect(summary.referenceIndex).toBe(-1);
    expect(summary.rows.every((r) => r.vsReference.every((v) => v === null))).toBe(true);
  });
});

describe('renderRunSummary', () => {
  it('prints medians side by side and the change vs host', () => {
    const text = renderRunSummary(files);
    const lines = text.split('\n');
    const header = lines.find((l) => l.startsWith('Scenario')) as string;
    expect(header.split(/\s{2,}/)).toEqual([
      'Scenario',
      'Metric',
      'host',
      'bridge-vxlan',
      'ptp-hostgw',
      'ipvlan',
      'bridge-vxlan vs host',
      'ptp-hostgw vs host',
      'ipvlan vs host',
    ]);
    const tcp = lines.find((l) => l.includes('tcp_throughput_bps')) as string;
    expect(tcp.split(/\s{2,}/)).toEqual([
      'pod-to-pod-cross-node/tcp-stream',
      'tcp_throughput_bps',
      '10.0 Gbit/s',
      '8.00 Gbit/s',
      '9.55 Gbit/s',
      'skipped',
      '-20.0%',
      '-4.5%',
      '—',
    ]);
    expect(text).toContain(
      'Skipped:\n  ipvlan pod-to-pod-cross-node/tcp-stream: skipped (ipvlan is not supported by this kernel)',
    );
    expect(text).toContain('vs host');
  });

  it('renders a markdown table for the job summary', () => {
    const md = renderRunSummaryMarkdown(files);
    const lines = md.split('\n');
    expect(lines[0]).toBe('### 📊 cni-perf-gate baseline: 4 datapath(s), 2 scenario(s)');
    const header = lines.findIndex((l) => l.startsWith('| Scenario |'));
    expect(lines[header + 1]).toBe('|:---|:---|---:|---:|---:|---:|---:|---:|---:|');
    expect(lines.slice(header + 2).filter((l) => l.startsWith('| '))).toHaveLength(4);
    expect(md).toContain(
      '| pod-to-pod-cross-node/tcp-stream | tcp_throughput_bps | 10.0 Gbit/s | 8.00 Gbit/s | 9.55 Gbit/s | skipped | -20.0% | -4.5% | — |',
    );
  });
});

describe('run summary: the CNI agent memory and why a metric was not measured', () => {
  const MiB = 1024 * 1024;
  const base = validResults({ datapath: 'flannel-vxlan' });
  const tcp = 'pod-to-pod-cross-node/tcp-stream';
  const withMemory: ResultsFile = {
    ...base,
    scenarios: base.scenarios.map((s) =>
      s.id === tcp
        ? {
            ...s,
            samples: s.samples.map((x) => ({
              ...x,
              metrics: { ...x.metrics, cni_agent_memory_bytes: 32 * MiB },
            })),
          }
        : s,
    ),
  };
  const forbidden: ResultsFile = {
    ...validResults({ datapath: 'calico-ipip' }),
    scenarios: base.scenarios.map((s) =>
      s.id === tcp ? { ...s, unavailable: { cni_agent_memory_bytes: 'HTTP 403; needs nodes/proxy get' } } : s,
    ),
  };

  it('shows the headline memory in MiB and lists what was not measured, with why', () => {
    const text = renderRunSummary([withMemory, forbidden]);
    expect(text).toMatch(
      /pod-to-pod-cross-node\/tcp-stream\s+\|?\s*cni_agent_memory_bytes\s+\|?\s*32\.0 MiB/,
    );
    expect(text).toContain(
      'Not measured:\n  calico-ipip pod-to-pod-cross-node/tcp-stream: cni_agent_memory_bytes unavailable (HTTP 403; needs nodes/proxy get)',
    );
    expect(renderRunSummaryMarkdown([withMemory, forbidden])).toContain(
      '- calico-ipip pod-to-pod-cross-node/tcp-stream: cni_agent_memory_bytes unavailable (HTTP 403; needs nodes/proxy get)',
    );
  });
});
