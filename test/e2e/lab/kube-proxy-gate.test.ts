import { describe, expect, it } from 'vitest';
import { compareResults } from '../../../src/core/compare/engine.js';
import { createPlatforms } from '../../../src/platform/factory.js';
import { runSuite } from '../../../src/runner/run-suite.js';
import { labLeftovers } from '../../helpers/lab-leftovers.js';
import { labTestSuite } from './lab-fixtures.js';

describe('gating the service path', () => {
  it('a switch from kube-proxy ebpf to iptables at 5000 services is a regression on http_conn_rate', async () => {
    const runIds: string[] = [];
    const suite = labTestSuite({
      topologies: ['pod-to-service-cross-node'],
      tests: ['http-conn-rate'],
      repetitions: 7,
      http: { durationS: 1, connections: 16, threads: 2, fixedRateFraction: 0.5, responseBytes: 256 },
      dummyServices: 5000,
      kubeProxy: ['ebpf', 'iptables'],
      // This asserts the service-path effect, not the interference guard (tested on its own): on a
      // machine shared with other jobs every sample would otherwise count as disturbed, and the
      // gate then rightly refuses to blame the change.
      interference: { maxForeignCpuPercent: 100, maxStealPercent: 100, retakeBudget: 0 },
    });
    const platforms = createPlatforms({
      datapaths: ['ptp-hostgw'],
      kubeProxy: suite.kubeProxy!,
      dummyServices: suite.dummyServices,
      onRunId: (_label, runId) => runIds.push(runId),
    });
    // One interleaved run: ebpf, iptables, ebpf, iptables … (teardown is part of runSuite).
    const [ebpf, iptables] = await runSuite(platforms, { suite, toolVersion: 'test' });
    for (const runId of runIds) expect(labLeftovers(runId)).toEqual([]);
    expect([ebpf!.subject.kubeProxy, iptables!.subject.kubeProxy]).toEqual(['ebpf', 'iptables']);
    const report = compareResults(ebpf!, iptables!);
    const connRate = report.comparisons.find((c) => c.metric === 'http_conn_rate')!;
    console.log(
      `ebpf → iptables at 5000 services: http_conn_rate ${((connRate.ratio! - 1) * 100).toFixed(1)}% (CI ${connRate.ci?.map((r) => ((r - 1) * 100).toFixed(1)).join('…')}%), ${connRate.verdict}; overall ${report.verdict}`,
    );
    expect(connRate.verdict).toBe('regression');
    // Overall: regression, unless the interleaved host control moved on this shared machine, in
    // which case the gate says the runner changed instead — never a pass.
    expect(report.verdict).not.toBe('pass');
  }, 180_000);
});
