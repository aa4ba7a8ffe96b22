import { afterEach, describe, expect, it } from 'vitest';
import {
  cpuMillicores,
  createKubernetesPlatform,
  memoryBytes,
  type KubernetesPlatform,
} from '../../../src/platform/kubernetes/index.js';
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

async function run(metrics: boolean) {
  fake = await startFakeKubeApi({ metrics });
  platform = createKubernetesPlatform(
    {
      runId: `usage-${metrics}`,
      cluster: { mode: 'existing', kubeconfigPath: fake.kubeconfigPath },
      cni: { kind: 'preset', preset: 'flannel-vxlan' },
    },
    testDeps(),
  );
  await platform.prepare(QUICK_SUITE);
  return platform.cniAgentUsage();
}

describe('CNI agent CPU/memory from metrics.k8s.io', () => {
  it('parses Kubernetes quantities', () => {
    expect(cpuMillicores('15000000n')).toBeCloseTo(15);
    expect(cpuMillicores('250m')).toBe(250);
    expect(cpuMillicores('2')).toBe(2000);
    expect(memoryBytes('20Mi')).toBe(20 * 1024 * 1024);
    expect(memoryBytes('1G')).toBe(1e9);
    expect(cpuMillicores('lots')).toBeNaN();
  });

  it('sums the flannel agent pods per node when the metrics API is served', async () => {
    const usage = await run(true);
    expect(usage).toEqual({
      available: true,
      perNode: Object.fromEntries(
        ['cpg-control-plane', 'cpg-worker', 'cpg-worker2'].map((n) => [
          n,
          { cpuMillicores: 15, memoryBytes: 20 * 1024 * 1024 },
        ]),
      ),
    });
  });

  it('says unavailable when it is not', async () => {
    const usage = await run(false);
    expect(usage).toEqual({
      available: false,
      reason: 'metrics.k8s.io is not served (install metrics-server)',
    });
  });
});
