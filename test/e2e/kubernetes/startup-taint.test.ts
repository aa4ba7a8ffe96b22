import { afterEach, describe, expect, it } from 'vitest';
import {
  createKubernetesPlatform,
  KubernetesError,
  type KubernetesPlatform,
} from '../../../src/platform/kubernetes/index.js';
import { startFakeKubeApi, type FakeKubeApi } from '../../helpers/fake-kube-api.js';
import { QUICK_SUITE, testDeps } from './support.js';

let fake: FakeKubeApi | undefined;
let platform: KubernetesPlatform | undefined;

afterEach(async () => {
  await platform?.teardown().catch(() => undefined);
  platform = undefined;
  await fake?.stop();
  fake = undefined;
});

const existing = (api: FakeKubeApi, runId: string, cniReadyMs: number) =>
  createKubernetesPlatform(
    {
      runId,
      cluster: { mode: 'existing', kubeconfigPath: api.kubeconfigPath },
      cni: { kind: 'existing' },
      timeouts: { cniReadyMs },
    },
    testDeps(),
  );

describe("Cilium's agent-not-ready taint (fake API)", () => {
  it('waits for the taint to clear instead of dropping the nodes (a 2-worker run stays cross-node)', async () => {
    // 3 nodes × 4 reads: tainted through the first readiness polls and the node listing after them.
    fake = await startFakeKubeApi({ workers: 2, agentNotReadyTaintReads: 12 });
    platform = existing(fake, 'taint1', 5_000);
    await platform.prepare(QUICK_SUITE);
    expect(platform.supports('pod-to-pod-cross-node')).toBeNull();
    expect(platform.supports('nodeport-via-other-node')).toBeNull();
  });

  it('names the taint when it never clears', async () => {
    fake = await startFakeKubeApi({ workers: 2, agentNotReadyTaintReads: 1_000_000 });
    platform = existing(fake, 'taint2', 300);
    const error = await platform.prepare(QUICK_SUITE).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(KubernetesError);
    expect((error as KubernetesError).reason).toBe('NotReady');
    expect((error as Error).message).toContain(
      'node cpg-worker still tainted node.cilium.io/agent-not-ready',
    );
  });
});
