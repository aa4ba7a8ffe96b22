import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { UserError } from '../../../src/core/errors.js';
import {
  DEFAULT_KIND_SPEC,
  KIND_KUBE_PROXY_MODES,
  renderKindConfig,
} from '../../../src/platform/kubernetes/kind/kind-config.js';
import {
  kindClusterName,
  kindCreateArgs,
  kindDeleteArgs,
} from '../../../src/platform/kubernetes/kind/kind-cluster.js';
import { KIND_NODE_IMAGE } from '../../../src/platform/kubernetes/versions.js';

describe('kind config rendering', () => {
  for (const mode of KIND_KUBE_PROXY_MODES) {
    it(`renders ${mode} kube-proxy with the default CNI disabled`, () => {
      const config = parse(
        renderKindConfig({
          ...DEFAULT_KIND_SPEC,
          workers: 3,
          kubeProxyMode: mode,
          podSubnet: '10.10.0.0/16',
          serviceSubnet: '10.20.0.0/16',
          nodeImage: null,
        }),
      );
      expect(config).toEqual({
        kind: 'Cluster',
        apiVersion: 'kind.x-k8s.io/v1alpha4',
        networking: {
          disableDefaultCNI: true,
          podSubnet: '10.10.0.0/16',
          serviceSubnet: '10.20.0.0/16',
          kubeProxyMode: mode,
        },
        nodes: [{ role: 'control-plane' }, { role: 'worker' }, { role: 'worker' }, { role: 'worker' }],
      });
    });
  }

  it("pins the default node image by digest to Kubernetes 1.32 (inside both pinned CNIs' tested ranges)", () => {
    expect(DEFAULT_KIND_SPEC.nodeImage).toBe(KIND_NODE_IMAGE);
    expect(KIND_NODE_IMAGE).toMatch(/^kindest\/node:v1\.32\.\d+@sha256:[0-9a-f]{64}$/);
    const config = parse(renderKindConfig(DEFAULT_KIND_SPEC)) as { nodes: { image?: string }[] };
    expect(config.nodes.map((n) => n.image)).toEqual([KIND_NODE_IMAGE, KIND_NODE_IMAGE, KIND_NODE_IMAGE]);
  });

  it('pins a node image on every node when given', () => {
    const config = parse(renderKindConfig({ ...DEFAULT_KIND_SPEC, nodeImage: 'kindest/node:v1.33.1' })) as {
      nodes: { image: string }[];
    };
    expect(config.nodes.map((n) => n.image)).toEqual([
      'kindest/node:v1.33.1',
      'kindest/node:v1.33.1',
      'kindest/node:v1.33.1',
    ]);
  });

  it.each([
    [{ workers: 0 }, 'kind workers must be an integer from 1 to 20, got 0'],
    [{ podSubnet: '10.244.0.0' }, 'kind podSubnet "10.244.0.0" is not an IPv4 CIDR (e.g. 10.244.0.0/16)'],
    [
      { serviceSubnet: '300.1.0.0/16' },
      'kind serviceSubnet "300.1.0.0/16" is not an IPv4 CIDR (e.g. 10.244.0.0/16)',
    ],
    [
      { kubeProxyMode: 'userspace' },
      'kubeProxyMode "userspace" is not one of iptables, ipvs, nftables, none',
    ],
  ])('rejects %j with a one-line UserError', (override, message) => {
    expect(() => renderKindConfig({ ...DEFAULT_KIND_SPEC, ...(override as object) })).toThrow(
      new UserError(message),
    );
  });

  it('builds kind command lines and safe cluster names', () => {
    const handle = {
      name: kindClusterName('PR_123/abc'),
      kind: '/opt/kind',
      kubeconfigPath: '/tmp/x/kubeconfig',
    };
    expect(handle.name).toBe('cpg-pr-123-abc');
    expect(kindCreateArgs(handle, '/tmp/x/kind.yaml')).toEqual([
      'create',
      'cluster',
      '--name',
      'cpg-pr-123-abc',
      '--config',
      '/tmp/x/kind.yaml',
      '--kubeconfig',
      '/tmp/x/kubeconfig',
      '--wait',
      '0s',
    ]);
    expect(kindDeleteArgs(handle)).toEqual([
      'delete',
      'cluster',
      '--name',
      'cpg-pr-123-abc',
      '--kubeconfig',
      '/tmp/x/kubeconfig',
    ]);
    expect(kindClusterName('x'.repeat(80)).length).toBeLessThanOrEqual(40);
  });
});
