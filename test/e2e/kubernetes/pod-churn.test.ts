import { afterEach, describe, expect, it } from 'vitest';
import { createKubernetesPlatform, type KubernetesPlatform } from '../../../src/platform/kubernetes/index.js';
import { churnScript, connectedAtMs } from '../../../src/platform/kubernetes/workloads/pod-churn.js';
import { runSuite } from '../../../src/runner/run-suite.js';
import { startFakeKubeApi, type FakeKubeApi } from '../../helpers/fake-kube-api.js';
import { QUICK_SUITE, testDeps, testPort } from './support.js';

let fake: FakeKubeApi | undefined;
let platform: KubernetesPlatform | undefined;

afterEach(async () => {
  await platform?.teardown().catch(() => undefined);
  platform = undefined;
  await fake?.stop();
  fake = undefined;
});

describe('pod-churn on Kubernetes (fake API server serving pod status transitions)', () => {
  it('times creation → Ready and creation → first connect per pod, and deletes every churn pod', async () => {
    fake = await startFakeKubeApi({ runTools: true });
    const port = testPort();
    platform = createKubernetesPlatform(
      {
        runId: 'churn',
        cluster: { mode: 'existing', kubeconfigPath: fake.kubeconfigPath },
        cni: { kind: 'preset', preset: 'flannel-vxlan' },
        ports: { iperf3: port, http: port + 1 },
        timeouts: { cniReadyMs: 5_000, podStartSlackMs: 10_000, namespaceDeleteMs: 5_000 },
      },
      testDeps(),
    );
    const suite = {
      ...QUICK_SUITE,
      tests: ['pod-churn' as const],
      repetitions: 2,
      podChurn: { pods: 4, parallel: 2, connectTimeoutS: 5 },
    };
    const [results] = await runSuite([platform], { suite, toolVersion: 't' });
    const churn = results!.scenarios.find((s) => s.id === 'pod-to-pod-cross-node/pod-churn')!;
    expect(churn.skipped).toBeUndefined();
    expect(churn.samples).toHaveLength(2);
    for (const { metrics } of churn.samples) {
      // The fake's kubelet: scheduled on the first read, Running + Ready on the second, 20 ms apart.
      expect(metrics.pod_ready_p50_ms).toBeGreaterThanOrEqual(20);
      expect(metrics.pod_ready_p50_ms).toBeLessThan(5_000);
      expect(metrics.pod_setup_p50_ms).toBeGreaterThan(0);
      expect(metrics.pod_setup_p50_ms).toBeLessThanOrEqual(metrics.pod_ready_p50_ms! + 1_000);
      expect(metrics.cni_add_p50_ms).toBeUndefined();
    }
    const churnPods = fake.history.filter((h) => h.name.includes('-churn-'));
    expect(churnPods).toHaveLength(8);
    expect(churnPods.every((h) => h.node === 'cpg-worker')).toBe(true);
    const namespace = fake.namespaces().find((n) => n.startsWith('cpg-churn'));
    if (namespace)
      expect(fake.pods(namespace).filter((p) => p.metadata.name.includes('-churn-'))).toEqual([]);
  }, 60_000);

  it('builds a client that retries connect every 10 ms and reads its connect time', () => {
    const script = churnScript({ address: '10.0.0.9', port: 8080 }, 2);
    expect(script).toContain('/dev/tcp/10.0.0.9/8080');
    expect(script).toContain('sleep 0.01');
    expect(script).toContain('-gt 200');
    expect(connectedAtMs('cpg-connected 1700000000.123456 attempts=3\n')).toBeCloseTo(1700000000123.456, 2);
    expect(connectedAtMs('nothing yet')).toBeUndefined();
  });
});
