import { afterEach, describe, expect, it } from 'vitest';
import {
  maxAgentMemoryBytes,
  parseStatsSummaryPods,
} from '../../../src/platform/kubernetes/cni/agent-stats.js';
import { createKubernetesPlatform, type KubernetesPlatform } from '../../../src/platform/kubernetes/index.js';
import { startFakeKubeApi, type FakeKubeApi } from '../../helpers/fake-kube-api.js';
import { QUICK_SUITE, testDeps } from './support.js';

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
  platform = createKubernetesPlatform(
    {
      runId: `stats-${statsSummary}`,
      cluster: { mode: 'existing', kubeconfigPath: fake.kubeconfigPath },
      cni: { kind: 'preset', preset: 'flannel-vxlan' },
    },
    testDeps(),
  );
  await platform.prepare(QUICK_SUITE);
  return platform;
}

const MiB = 1024 * 1024;

describe('CNI agent memory and CPU from the kubelet stats summary (node proxy)', () => {
  it("sums the agent pods' working set and CPU per node, other pods left out; max over nodes", async () => {
    const p = await prepared(true);
    const stats = await p.cniAgentStats();
    expect(stats).toEqual({
      available: true,
      perNode: {
        'cpg-control-plane': { memoryBytes: 30 * MiB, cpuSeconds: 2.5 },
        'cpg-worker': { memoryBytes: 31 * MiB, cpuSeconds: 2.5 },
        'cpg-worker2': { memoryBytes: 32 * MiB, cpuSeconds: 2.5 },
      },
    });
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
