import { afterEach, describe, expect, it } from 'vitest';
import {
  maxAgentMemoryBytes,
  parseStatsSummaryPods,
} from '../../../src/platform/kubernetes/cni/agent-stats.js';
import { createKubernetesPlatform, type KubernetesPlatform } from '../../../src/platform/kubernetes/index.js';
import type { ScenarioResult } from '../../../src/core/results/types.js';
import type { SuiteConfig } from '../../../src/core/suite/types.js';
import { runSuite } from '../../../src/runner/run-suite.js';
import { startFakeKubeApi, type FakeKubeApi } from '../../helpers/fake-kube-api.js';
import { QUICK_SUITE, testDeps, testPort } from './support.js';

let fake: FakeKubeApi | undefined;
let platform: KubernetesPlatform | undefined;

afterEach(async () => {
  await platform?.teardown().catch(() => undefined);
  await fake?.stop();
  platform = undefined;
  fake = undefined;
});

async function prepared(statsSummary: boolean): Promise<KubernetesPlatform> {
  fake = await startFakeKubeApi({ statsSummary });
  platform = kubernetesOn(fake, `stats-${statsSummary}`);
  await platform.prepare(QUICK_SUITE);
  return platform;
}

/** A flannel preset on an existing cluster: the fake. */
function kubernetesOn(api: FakeKubeApi, runId: string): KubernetesPlatform {
  const port = testPort();
  return createKubernetesPlatform(
    {
      runId,
      cluster: { mode: 'existing', kubeconfigPath: api.kubeconfigPath },
      cni: { kind: 'preset', preset: 'flannel-vxlan' },
      ports: { iperf3: port, http: port + 1 },
      timeouts: { cniReadyMs: 5_000, podStartSlackMs: 10_000, namespaceDeleteMs: 5_000 },
    },
    testDeps(),
  );
}

const MiB = 1024 * 1024;

describe('CNI agent memory and CPU from the kubelet stats summary (node proxy)', () => {
  it("sums the agent pods' working set and CPU per node, other pods left out; max over nodes", async () => {
    const p = await prepared(true);
    const stats = await p.cniAgentStats();
    expect(stats.available && stats.perNode).toEqual({
      'cpg-control-plane': { memoryBytes: 30 * MiB, cpuSeconds: 2.5 },
      'cpg-worker': { memoryBytes: 31 * MiB, cpuSeconds: 2.5 },
      'cpg-worker2': { memoryBytes: 32 * MiB, cpuSeconds: 2.5 },
    });
    // One CPU counter per agent pod, with the kubelet's time of it.
    const counters = stats.available ? Object.entries(stats.cpu) : [];
    expect(counters).toHaveLength(3);
    for (const [pod, counter] of counters) {
      expect(pod).toMatch(/^kube-flannel\//);
      expect(counter.seconds).toBe(2.5);
      expect(Number.isFinite(counter.atMs)).toBe(true);
    }
    expect(maxAgentMemoryBytes(stats)).toBe(32 * MiB);
    expect(fake!.requests).toContain('GET /api/v1/nodes/cpg-worker/proxy/stats/summary');
  });

  it('finds the agent pods by a user selector too', async () => {
    const p = await prepared(true);
    const stats = await p.cniAgentStats({ namespace: 'kube-flannel', labels: 'app=none' });
    expect(stats).toEqual({ available: false, reason: 'no CNI agent pods found' });
  });

  it('a missing stats endpoint is one line saying why, never a failure', async () => {
    const p = await prepared(false);
    const stats = await p.cniAgentStats();
    expect(stats.available).toBe(false);
    if (!stats.available) {
      expect(stats.reason).toMatch(
        /^kubelet stats summary of node cpg-control-plane not readable .*HTTP 404.*nodes\/proxy get/,
      );
      expect(stats.reason.split('\n')).toHaveLength(1);
    }
    expect(maxAgentMemoryBytes(stats)).toBeUndefined();
  });

  it('reads what it needs of a summary and skips malformed pods', () => {
    expect(
      parseStatsSummaryPods({
        pods: [
          {
            podRef: { name: 'a', namespace: 'n' },
            memory: { workingSetBytes: 5 },
            cpu: { usageCoreNanoSeconds: 9 },
          },
          { podRef: { name: 'b' } },
          { podRef: { name: 'c', namespace: 'n' }, memory: {} },
        ],
      }),
    ).toEqual([
      { namespace: 'n', name: 'a', memoryWorkingSetBytes: 5, cpuUsageCoreNanoSeconds: 9 },
      { namespace: 'n', name: 'c' },
    ]);
    expect(parseStatsSummaryPods('nope')).toEqual([]);
  });
});

/** A run of tcp-stream (the carrier) and udp-stream in pod-to-pod-cross-node on the fake, with its log. */
async function runOn(
  statsSummary: boolean | 'forbidden',
  suite: Partial<SuiteConfig> = {},
): Promise<{
  logs: string[];
  scenario: (id: string) => ScenarioResult;
}> {
  fake = await startFakeKubeApi({ runTools: true, statsSummary });
  platform = kubernetesOn(fake, `run-${String(statsSummary)}`);
  const logs: string[] = [];
  const [results] = await runSuite([platform], {
    suite: { ...QUICK_SUITE, tests: ['tcp-stream', 'udp-stream'], repetitions: 2, ...suite },
    toolVersion: 't',
    hooks: { onLog: (line) => logs.push(line) },
  });
  return { logs, scenario: (id) => results!.scenarios.find((s) => s.id === id)! };
}

const TCP = 'pod-to-pod-cross-node/tcp-stream';
const UDP = 'pod-to-pod-cross-node/udp-stream';

describe('CNI agent memory and CPU per sample in a run (fake API server, real iperf3 on loopback)', () => {
  it("records the agents' max working set and their CPU per Gbit in the tcp-stream samples only", async () => {
    const { logs, scenario } = await runOn(true);
    const tcp = scenario(TCP);
    expect(tcp.samples).toHaveLength(2);
    for (const { metrics, notes } of tcp.samples) {
      // Agent pod on node i: (30 + i) MiB; the largest is on cpg-worker2 (node 2).
      expect(metrics.cni_agent_memory_bytes).toBe(32 * MiB);
      // Three agent pods at 0.05 cores each (0.5 s more per kubelet refresh of 10 s): 0.15 cores
      // over the sample's duration, per Gbit it moved = 0.15 / (throughput in Gbit/s).
      const expected = 0.15 / (metrics.tcp_throughput_bps! / 1e9);
      expect(metrics.cni_agent_cpu_seconds_per_gbit! / expected).toBeCloseTo(1, 6);
      expect(notes?.['unavailable']).toBeUndefined();
    }
    // Memory is a level of the run: one scenario carries it, not every one.
    for (const { metrics } of scenario(UDP).samples) {
      expect(metrics.cni_agent_memory_bytes).toBeUndefined();
      expect(metrics.cni_agent_cpu_seconds_per_gbit).toBeUndefined();
    }
    expect(tcp.unavailable).toBeUndefined();
    expect(logs.filter((l) => l.includes('unavailable'))).toEqual([]);
    // Read right before and right after each tcp-stream sample: 2 samples × 2 reads × 3 nodes.
    expect(fake!.requests.filter((r) => r.endsWith('/proxy/stats/summary'))).toHaveLength(12);
  }, 60_000);

  it('reads the pods of a user-given selector (suite key cniAgentSelector); none found is one line', async () => {
    const { logs, scenario } = await runOn(true, {
      cniAgentSelector: { namespace: 'kube-flannel', labels: 'app=none' },
    });
    expect(scenario(TCP).samples.every((s) => s.metrics.cni_agent_memory_bytes === undefined)).toBe(true);
    expect(logs.filter((l) => l.includes('unavailable'))).toEqual([
      'flannel-vxlan: cni_agent_memory_bytes, cni_agent_cpu_seconds_per_gbit unavailable: no CNI agent pods found',
    ]);
  }, 60_000);

  it.each([
    ['missing (404)', false, 'HTTP 404'],
    ['forbidden without RBAC nodes/proxy get (403)', 'forbidden' as const, 'HTTP 403'],
  ])(
    'stats endpoint %s: one line in the log and the results, the metrics absent, the run succeeds',
    async (_, statsSummary, status) => {
      const { logs, scenario } = await runOn(statsSummary);
      const tcp = scenario(TCP);
      expect(tcp.samples).toHaveLength(2);
      for (const { metrics } of tcp.samples) {
        expect(metrics.tcp_throughput_bps).toBeGreaterThan(0);
        expect(metrics.cni_agent_memory_bytes).toBeUndefined();
        expect(metrics.cni_agent_cpu_seconds_per_gbit).toBeUndefined();
      }
      const lines = logs.filter((l) => l.includes('unavailable'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        new RegExp(
          `^flannel-vxlan: cni_agent_memory_bytes, cni_agent_cpu_seconds_per_gbit unavailable: kubelet stats summary of node cpg-control-plane not readable through the API server \\(${status}; needs nodes/proxy get\\)$`,
        ),
      );
      const reason = lines[0]!.split('unavailable: ')[1];
      expect(tcp.unavailable).toEqual({
        cni_agent_memory_bytes: reason,
        cni_agent_cpu_seconds_per_gbit: reason,
      });
      // Not asked again after the first refusal.
      expect(fake!.requests.filter((r) => r.endsWith('/proxy/stats/summary'))).toHaveLength(1);
    },
    60_000,
  );
});
