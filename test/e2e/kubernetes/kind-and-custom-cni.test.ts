import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { UserError } from '../../../src/core/errors.js';
import {
  createKubernetesPlatform,
  teardownKubernetesRun,
  type KubernetesPlatform,
} from '../../../src/platform/kubernetes/index.js';
import { createPlatforms } from '../../../src/platform/factory.js';
import { KIND_NODE_IMAGE } from '../../../src/platform/kubernetes/versions.js';
import { startFakeKubeApi, type FakeKubeApi } from '../../helpers/fake-kube-api.js';
import { recordingExec } from '../../unit/kubernetes/recording-exec.js';
import { QUICK_SUITE, testDeps } from './support.js';

let fake: FakeKubeApi | undefined;
let platform: KubernetesPlatform | undefined;
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'cpg-kind-test-'));
  dirs.push(dir);
  return dir;
};

afterEach(async () => {
  await platform?.teardown().catch(() => undefined);
  platform = undefined;
  await fake?.stop();
  fake = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  expect(dirs).toHaveLength(0);
});

const arg = (args: readonly string[], flag: string) => args[args.indexOf(flag) + 1] ?? '';

/** What `helm upgrade --install --create-namespace` of a CNI chart leaves behind: its namespace and DaemonSet. */
async function applyDaemonSet(api: FakeKubeApi, namespace: string, name: string): Promise<void> {
  const apply = async (path: string, body: object) => {
    const response = await fetch(`${api.url}${path}?fieldManager=helm`, {
      method: 'PATCH',
      headers: { authorization: 'Bearer fake-token', 'content-type': 'application/apply-patch+yaml' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBeLessThan(300);
  };
  await apply(`/api/v1/namespaces/${namespace}`, {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: namespace },
  });
  const ds = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name, namespace }, spec: {} };
  await apply(`/apis/apps/v1/namespaces/${namespace}/daemonsets/${name}`, ds);
}

describe('kind clusters and CNI installs through Exec (fake kind/helm, fake API)', () => {
  it('creates a kind cluster for cilium-kpr (kube-proxy none), installs the pinned chart via helm, deletes the cluster', async () => {
    const api = (fake = await startFakeKubeApi({ nodesNotReadyUntilCni: true }));
    let values: Record<string, unknown> = {};
    let kindConfig: { networking?: Record<string, unknown>; nodes?: { image?: string }[] } = {};
    const exec = recordingExec(async (command, args) => {
      if (command === 'kind' && args[0] === 'create') {
        kindConfig = parse(readFileSync(arg(args, '--config'), 'utf8')) as typeof kindConfig;
        copyFileSync(api.kubeconfigPath, arg(args, '--kubeconfig'));
      }
      if (command === 'helm' && args[0] === 'upgrade') {
        values = parse(readFileSync(arg(args, '--values'), 'utf8')) as Record<string, unknown>;
        await applyDaemonSet(api, 'kube-system', 'cilium');
      }
      return {};
    });
    platform = createKubernetesPlatform(
      {
        runId: 'kind1',
        cluster: { mode: 'kind', spec: { workers: 2 } },
        cni: { kind: 'preset', preset: 'cilium-kpr' },
        timeouts: { cniReadyMs: 2_000 },
      },
      testDeps({ exec, makeTempDir: async () => tempDir() }),
    );
    await platform.prepare(QUICK_SUITE);
    expect(kindConfig.networking).toMatchObject({ disableDefaultCNI: true, kubeProxyMode: 'none' });
    expect(kindConfig.nodes?.map((n) => n.image)).toEqual([
      KIND_NODE_IMAGE,
      KIND_NODE_IMAGE,
      KIND_NODE_IMAGE,
    ]);
    expect(values).toMatchObject({
      kubeProxyReplacement: true,
      k8sServiceHost: 'cpg-kind1-control-plane',
      k8sServicePort: 6443,
    });
    const state = platform.runState();
    expect(state.kindCluster?.name).toBe('cpg-kind1');
    expect(api.namespaces()).toContain('cpg-kind1');
    const env = await platform.environment();
    expect(env.kubernetes).toMatchObject({
      kubeProxyMode: 'none',
      cni: { name: 'cilium', version: '1.17.4' },
      nodes: 3,
      nodeImage: KIND_NODE_IMAGE,
    });

    await platform.teardown();
    const lines = exec.runs.map((r) => [r.command, ...r.args].join(' '));
    const kubeconfig = state.kindCluster?.kubeconfigPath ?? '';
    expect(lines).toEqual([
      'kind version',
      expect.stringMatching(
        /^kind create cluster --name cpg-kind1 --config \S+\/kind-config\.yaml --kubeconfig \S+\/kubeconfig --wait 0s$/,
      ),
      'helm version --short',
      expect.stringMatching(
        new RegExp(
          `^helm upgrade --install cilium cilium --repo https://helm\\.cilium\\.io/ --version 1\\.17\\.4 --namespace kube-system --create-namespace --values \\S+ --kubeconfig ${kubeconfig}$`,
        ),
      ),
      `kind delete cluster --name cpg-kind1 --kubeconfig ${kubeconfig}`,
    ]);
    expect(api.namespaces()).not.toContain('cpg-kind1');
    expect(existsSync(kubeconfig)).toBe(false);
  });

  it('uses and records a node image the user chose instead of the pinned one', async () => {
    const api = (fake = await startFakeKubeApi());
    const image = 'kindest/node:v1.31.9@sha256:' + 'a'.repeat(64);
    let images: (string | undefined)[] = [];
    const exec = recordingExec((command, args) => {
      if (command === 'kind' && args[0] === 'create') {
        const config = parse(readFileSync(arg(args, '--config'), 'utf8')) as { nodes: { image?: string }[] };
        images = config.nodes.map((n) => n.image);
        copyFileSync(api.kubeconfigPath, arg(args, '--kubeconfig'));
      }
      return {};
    });
    platform = createKubernetesPlatform(
      {
        runId: 'kindimg',
        cluster: { mode: 'kind', spec: { workers: 1, nodeImage: image } },
        cni: { kind: 'existing' },
        timeouts: { cniReadyMs: 2_000 },
      },
      testDeps({ exec, makeTempDir: async () => tempDir() }),
    );
    await platform.prepare(QUICK_SUITE);
    expect(images).toEqual([image, image]);
    expect((await platform.environment()).kubernetes?.nodeImage).toBe(image);
  });

  it('run --kind-node-image reaches the kind config through the platform factory', async () => {
    const api = (fake = await startFakeKubeApi());
    const image = 'kindest/node:v1.30.13@sha256:' + 'b'.repeat(64);
    let images: (string | undefined)[] = [];
    const exec = recordingExec((command, args) => {
      if (command === 'kind' && args[0] === 'create') {
        const config = parse(readFileSync(arg(args, '--config'), 'utf8')) as { nodes: { image?: string }[] };
        images = config.nodes.map((n) => n.image);
        copyFileSync(api.kubeconfigPath, arg(args, '--kubeconfig'));
      }
      return {};
    });
    const [created] = createPlatforms({
      platform: 'kubernetes',
      datapaths: ['flannel-vxlan'],
      kindNodeImage: image,
      kubernetesDeps: testDeps({ exec, makeTempDir: async () => tempDir() }),
    });
    platform = created as KubernetesPlatform;
    await platform.prepare(QUICK_SUITE);
    expect(images.length).toBeGreaterThan(1);
    expect(new Set(images)).toEqual(new Set([image]));
    expect((await platform.environment()).kubernetes?.nodeImage).toBe(image);
    // The CLI refuses --kind-node-image on the lab (test/unit/cli/run-flags.test.ts); the factory asserts.
    expect(() => createPlatforms({ platform: 'lab', datapaths: ['host'], kindNodeImage: image })).toThrow(
      'internal: platform request: no kubeconfig or kind node image on the lab',
    );
  });

  it('still deletes the kind cluster when cluster creation fails', async () => {
    const exec = recordingExec((command, args) =>
      command === 'kind' && args[0] === 'create'
        ? { exitCode: 1, stderr: 'ERROR: failed to create cluster: docker not running' }
        : {},
    );
    platform = createKubernetesPlatform(
      { runId: 'kindfail', cluster: { mode: 'kind' }, cni: { kind: 'preset', preset: 'flannel-vxlan' } },
      testDeps({ exec, makeTempDir: async () => tempDir() }),
    );
    await expect(platform.prepare(QUICK_SUITE)).rejects.toThrow(
      'kind failed: create cluster cpg-kindfail exited 1: ERROR: failed to create cluster: docker not running',
    );
    await platform.teardown();
    expect(exec.runs.at(-1)?.args.slice(0, 4)).toEqual(['delete', 'cluster', '--name', 'cpg-kindfail']);
  });

  it("applies the repo's own manifest directory with server-side apply and waits for its DaemonSet", async () => {
    const api = (fake = await startFakeKubeApi());
    const dir = tempDir();
    mkdirSync(join(dir, 'sub'));
    writeFileSync(
      join(dir, 'a-ds.yaml'),
      'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: my-cni\n  namespace: my-cni\nspec:\n  selector: {}\n',
    );
    writeFileSync(
      join(dir, 'sub', 'b-ns.yml'),
      '---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: my-cni\n---\n',
    );
    writeFileSync(join(dir, 'README.md'), 'not yaml: [');
    platform = createKubernetesPlatform(
      {
        runId: 'own',
        cluster: { mode: 'existing', kubeconfigPath: api.kubeconfigPath },
        cni: { kind: 'manifests', path: dir },
      },
      testDeps(),
    );
    const subject = platform.subject();
    expect(subject).toMatchObject({ datapath: 'custom', cni: { source: 'manifests', path: dir } });
    expect(subject.configHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    await platform.prepare(QUICK_SUITE);
    const patches = api.requests.filter((r) => r.startsWith('PATCH'));
    expect(patches).toEqual([
      'PATCH /api/v1/namespaces/my-cni',
      'PATCH /apis/apps/v1/namespaces/my-cni/daemonsets/my-cni',
    ]);
    // Same files → same hash; a changed file → a different hash.
    const again = createKubernetesPlatform(
      { runId: 'own2', cluster: { mode: 'existing' }, cni: { kind: 'manifests', path: dir } },
      testDeps(),
    );
    expect(again.subject().configHash).toBe(subject.configHash);
    writeFileSync(
      join(dir, 'a-ds.yaml'),
      readFileSync(join(dir, 'a-ds.yaml'), 'utf8').replace('my-cni\nspec', 'my-cni\n  labels: {a: b}\nspec'),
    );
    const changed = createKubernetesPlatform(
      { runId: 'own3', cluster: { mode: 'existing' }, cni: { kind: 'manifests', path: dir } },
      testDeps(),
    );
    expect(changed.subject().configHash).not.toBe(subject.configHash);
  });

  it('rejects bad custom manifests with a UserError naming the file', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'cni.yaml'), 'kind: DaemonSet\nmetadata:\n  name: x\n');
    const p = createKubernetesPlatform(
      { runId: 'bad', cluster: { mode: 'existing' }, cni: { kind: 'manifests', path: dir } },
      testDeps(),
    );
    expect(() => p.subject()).toThrow(
      new UserError(
        `CNI manifest ${join(dir, 'cni.yaml')} document 1 lacks apiVersion, kind or metadata.name`,
      ),
    );
    const missing = createKubernetesPlatform(
      { runId: 'bad', cluster: { mode: 'existing' }, cni: { kind: 'manifests', path: join(dir, 'nope') } },
      testDeps(),
    );
    expect(() => missing.subject()).toThrow(UserError);
  });

  it('installs a custom Helm chart + values and waits for every DaemonSet of the release namespace', async () => {
    const api = (fake = await startFakeKubeApi());
    const dir = tempDir();
    writeFileSync(join(dir, 'values.yaml'), 'mtu: 1450\n');
    const exec = recordingExec(async (command, args) => {
      if (command === 'helm' && args[0] === 'upgrade') await applyDaemonSet(api, 'netns', 'agent');
      return {};
    });
    platform = createKubernetesPlatform(
      {
        runId: 'helm',
        cluster: { mode: 'existing', kubeconfigPath: api.kubeconfigPath },
        cni: {
          kind: 'helm',
          chart: './charts/my-cni',
          release: 'my-cni',
          namespace: 'netns',
          valuesFile: join(dir, 'values.yaml'),
        },
      },
      testDeps({ exec }),
    );
    await platform.prepare(QUICK_SUITE);
    expect(exec.runs.at(-1)?.args).toEqual([
      'upgrade',
      '--install',
      'my-cni',
      './charts/my-cni',
      '--namespace',
      'netns',
      '--create-namespace',
      '--values',
      join(dir, 'values.yaml'),
      '--kubeconfig',
      api.kubeconfigPath,
    ]);
  });

  it('teardownKubernetesRun (post step) deletes the saved namespace and the kind cluster', async () => {
    const api = (fake = await startFakeKubeApi());
    const res = await fetch(`${api.url}/api/v1/namespaces`, {
      method: 'POST',
      headers: { authorization: 'Bearer fake-token', 'content-type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'cpg-post' } }),
    });
    expect(res.status).toBe(201);
    const exec = recordingExec();
    const state = {
      namespace: 'cpg-post',
      kubeconfigPath: api.kubeconfigPath,
      kindCluster: { name: 'cpg-post', kind: 'kind', kubeconfigPath: api.kubeconfigPath },
    };
    await teardownKubernetesRun(state, testDeps({ exec }));
    expect(api.namespaces()).not.toContain('cpg-post');
    expect(exec.runs.map((r) => r.args.join(' '))).toEqual([
      `delete cluster --name cpg-post --kubeconfig ${api.kubeconfigPath}`,
    ]);
    // A second post step (or a kubeconfig that is gone) still works.
    await teardownKubernetesRun({ ...state, kubeconfigPath: '/nonexistent' }, testDeps({ exec }));
    expect(exec.runs).toHaveLength(2);
    expect(existsSync('/nonexistent')).toBe(false);
  });
});
