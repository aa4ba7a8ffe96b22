import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import {
  createKubernetesPlatform,
  KubernetesError,
  type KubernetesPlatform,
} from '../../../src/platform/kubernetes/index.js';
import { DEFAULT_IMAGES } from '../../../src/platform/kubernetes/versions.js';
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

async function prepared(
  runId: string,
  images: { iperf3?: string } = {},
): Promise<{ api: FakeKubeApi; p: KubernetesPlatform }> {
  fake = await startFakeKubeApi({ runTools: false, replayLogs: { iperf3: '{}' } });
  platform = createKubernetesPlatform(
    {
      runId,
      cluster: { mode: 'existing', kubeconfigPath: fake.kubeconfigPath },
      cni: { kind: 'preset', preset: 'flannel-host-gw' },
      images,
      timeouts: { cniReadyMs: 1_000, podStartSlackMs: 2_000, namespaceDeleteMs: 2_000 },
    },
    testDeps(),
  );
  await platform.prepare(QUICK_SUITE);
  return { api: fake, p: platform };
}

async function failure(promise: Promise<unknown>): Promise<KubernetesError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KubernetesError);
  return error as KubernetesError;
}

describe('kubernetes platform failure handling (fake API)', () => {
  it('names the image on ImagePullBackOff / ErrImagePull, and teardown still removes the namespace', async () => {
    const { api, p } = await prepared('img', { iperf3: 'registry.invalid/iperf3:nope' });
    api.faults.imagePullFailImages.push('registry.invalid/iperf3:nope');
    const placement = await p.place('pod-to-pod-cross-node');
    const error = await failure(placement.startServer('iperf3'));
    expect(error.reason).toBe('ImagePull');
    expect(error.message).toContain('registry.invalid/iperf3:nope');
    expect(error.message).toMatch(/ErrImagePull|ImagePullBackOff/);
    expect(error.message.split('\n')).toHaveLength(1);
    await p.teardown();
    expect(api.namespaces()).not.toContain('cpg-img');
  });

  it('names the node selector and the nodes seen when a pod is unschedulable', async () => {
    const { api, p } = await prepared('sched');
    api.faults.unschedulable = true;
    const placement = await p.place('pod-to-pod-cross-node');
    const error = await failure(placement.startServer('iperf3'));
    expect(error.reason).toBe('Unschedulable');
    expect(error.message).toContain('kubernetes.io/hostname=cpg-worker2');
    expect(error.message).toContain('nodes seen: cpg-control-plane, cpg-worker, cpg-worker2');
    expect(error.message).toContain('Insufficient cpu');
  });

  it('reports CrashLoopBackOff with the last log lines', async () => {
    const { api, p } = await prepared('crash');
    api.faults.crashLoopImages.push(DEFAULT_IMAGES.iperf3);
    const placement = await p.place('host-cross-node');
    const error = await failure(placement.startServer('iperf3'));
    expect(error.reason).toBe('CrashLoop');
    expect(error.message).toContain('last exit 1');
    expect(error.message).toContain('unable to start listener');
    await p.teardown();
    expect(api.namespaces()).not.toContain('cpg-crash');
  });

  it('retries through 500s, a 429 storm and dropped connections', async () => {
    const { api, p } = await prepared('retry');
    const before = api.requests.length;
    const placement = await p.place('pod-to-pod-same-node');
    // Five failures in a row: the first call only succeeds on its sixth (last allowed) attempt.
    api.faults.dropConnections = 1;
    api.faults.throttle = 2;
    api.faults.serverErrors = 2;
    const endpoint = await placement.startServer('iperf3');
    expect(endpoint.port).toBe(5201);
    expect(api.faults.dropConnections + api.faults.throttle + api.faults.serverErrors).toBe(0);
    const output = await placement.runClient({
      tool: 'iperf3',
      args: ['-c', endpoint.address, '-J'],
      timeoutMs: 2_000,
    });
    expect(output).toMatchObject({ exitCode: 0, stdout: '{}' });
    expect(api.requests.length - before).toBeGreaterThan(7);
  });

  it('gives up after a bounded number of attempts on a long 429 storm', async () => {
    const { api, p } = await prepared('storm');
    api.faults.throttle = 1_000;
    const placement = await p.place('pod-to-pod-cross-node');
    const before = api.requests.length;
    const error = await failure(placement.startServer('iperf3'));
    expect(error.reason).toBe('Api');
    expect(error.message).toContain('HTTP 429');
    expect(api.requests.length - before).toBe(6);
    api.faults.throttle = 0;
  });

  it('reports what is not ready when the CNI never rolls out, then cleans up', async () => {
    fake = await startFakeKubeApi({ nodesNotReadyUntilCni: false });
    fake.faults.cniNeverReady = true;
    platform = createKubernetesPlatform(
      {
        runId: 'notready',
        cluster: { mode: 'existing', kubeconfigPath: fake.kubeconfigPath },
        cni: { kind: 'preset', preset: 'flannel-vxlan' },
        timeouts: { cniReadyMs: 300 },
      },
      testDeps(),
    );
    const error = await failure(platform.prepare(QUICK_SUITE));
    expect(error.reason).toBe('NotReady');
    expect(error.message).toContain('DaemonSet kube-flannel/kube-flannel-ds 0/3 ready');
    await platform.teardown();
    expect(fake.namespaces()).not.toContain('cpg-notready');
  });

  it('stops with a one-line UserError naming a missing kubeconfig', async () => {
    platform = createKubernetesPlatform(
      {
        runId: 'nokube',
        cluster: { mode: 'existing', kubeconfigPath: '/nonexistent/kubeconfig' },
        cni: { kind: 'existing' },
      },
      testDeps(),
    );
    const error = await platform.prepare(QUICK_SUITE).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe(
      'kubeconfig /nonexistent/kubeconfig does not exist; name a readable kubeconfig file',
    );
    await platform.teardown();
  });
});
