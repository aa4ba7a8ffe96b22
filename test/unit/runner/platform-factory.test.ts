import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import {
  DEFAULT_DATAPATHS,
  contenderLabels,
  createPlatforms,
  defaultDatapaths,
  type PlatformRequest,
  type RequestFieldNames,
  DOMAIN_FIELD_NAMES,
} from '../../../src/platform/factory.js';
import { CLI_FLAG_NAMES } from '../../../src/cli/commands/run-flags.js';

/** The factory's error for a request, worded for the CLI (its flags) unless `names` say otherwise. */
function errorOf(request: PlatformRequest, names: RequestFieldNames = CLI_FLAG_NAMES): string {
  try {
    createPlatforms(request, names);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error('expected a UserError');
}

const conflist = {
  source: 'my.conflist',
  path: '/x/my.conflist',
  text: '{"cniVersion":"1.0.0","name":"x","plugins":[{"type":"bridge"}]}',
};

describe('createPlatforms', () => {
  it('builds one lab platform per datapath, in order, each with its own run id', () => {
    const ids: [string, string][] = [];
    const platforms = createPlatforms({
      datapaths: ['host', 'bridge-vxlan'],
      onRunId: (d, id) => ids.push([d, id]),
    });
    expect(platforms.map((p) => [p.kind, p.subject().datapath])).toEqual([
      ['lab', 'host'],
      ['lab', 'bridge-vxlan'],
    ]);
    expect(ids.map(([d]) => d)).toEqual(['host', 'bridge-vxlan']);
    expect(ids[0]?.[1]).toMatch(/^[a-z0-9]{8}$/);
    expect(ids[0]?.[1]).not.toBe(ids[1]?.[1]);
  });

  it('defaults to the README comparison on the lab', () => {
    expect(DEFAULT_DATAPATHS).toEqual(['host', 'bridge-hostgw', 'bridge-vxlan']);
    expect(createPlatforms({}).map((p) => p.subject().datapath)).toEqual(DEFAULT_DATAPATHS);
    expect(defaultDatapaths({ platform: 'kubernetes' })).toEqual(['flannel-vxlan']);
    expect(defaultDatapaths({ platform: 'kubernetes', kubeconfig: '/k' })).toEqual(['existing']);
  });

  it('passes custom conflists and routing to the lab', () => {
    const [platform] = createPlatforms({ datapaths: ['custom'], cniConfig: conflist, routing: 'vxlan' });
    expect(platform?.subject().datapath).toBe('custom');
  });

  it('rejects unknown datapaths listing the valid ones', () => {
    expect(errorOf({ datapaths: ['bridge'] })).toBe(
      '--datapath "bridge" is not a lab datapath; valid: host, bridge-hostgw, bridge-vxlan, ptp-hostgw, ebpf-hostrouting, macvlan, ipvlan, custom',
    );
    expect(errorOf({ platform: 'kubernetes', datapaths: ['bridge-vxlan'] })).toMatch(
      /^--datapath "bridge-vxlan" is not a kubernetes datapath; valid: flannel-vxlan, .*custom, existing$/,
    );
    expect(errorOf({ datapaths: [] })).toMatch(/needs at least one name/);
    expect(errorOf({ datapaths: ['host', 'host'] })).toMatch(/lists host twice/);
  });

  it('rejects flags that do not fit the datapaths or the platform', () => {
    expect(errorOf({ datapaths: ['custom'] })).toBe('--datapath custom needs --cni-config (your conflist)');
    expect(errorOf({ datapaths: ['host'], cniConfig: conflist })).toMatch(/only used with --datapath custom/);
    expect(errorOf({ datapaths: ['host'], routing: 'vxlan' })).toMatch(
      /--routing is only used with --datapath custom/,
    );
    expect(errorOf({ datapaths: ['custom'], cniConfig: conflist, routing: 'bgp' })).toMatch(
      /--routing must be one of host-gw, vxlan/,
    );
    expect(errorOf({ datapaths: ['host'], mtu: 1400 })).toBe('--mtu must be one of 1500, 9000 (got 1400)');
    expect(errorOf({ datapaths: ['host'], kubeconfig: '/k' })).toMatch(
      /only used with --platform kubernetes/,
    );
    expect(errorOf({ platform: 'kubernetes', datapaths: ['existing'] })).toMatch(/needs --kubeconfig/);
    expect(
      errorOf({ platform: 'kubernetes', datapaths: ['flannel-vxlan', 'calico-ipip'], kubeconfig: '/k' }),
    ).toMatch(/pass one --datapath/);
    expect(errorOf({ platform: 'kubernetes', datapaths: ['flannel-vxlan'], mtu: 9000 })).toMatch(
      /--mtu is only used with --platform lab/,
    );
    expect(errorOf({ platform: 'docker' as 'lab', datapaths: ['host'] })).toMatch(
      /--platform must be one of lab, kubernetes/,
    );
  });

  it('words its errors in domain terms by default: a caller other than the CLI never shows a flag', () => {
    const domain = (request: PlatformRequest) => errorOf(request, DOMAIN_FIELD_NAMES);
    expect(domain({ datapaths: ['host'], mtu: 1400 })).toBe(
      'lab underlay MTU must be one of 1500, 9000 (got 1400)',
    );
    expect(domain({ datapaths: ['custom'] })).toBe('datapath custom needs CNI config (your conflist)');
    expect(domain({ platform: 'kubernetes', datapaths: ['flannel-vxlan'], kubeProxy: ['ebpf'] })).toBe(
      "kube-proxy mode ebpf on Kubernetes is Cilium's kube-proxy replacement: use datapath cilium-kpr (got flannel-vxlan)",
    );
    for (const request of [
      { datapaths: ['bridge'] },
      { datapaths: ['host'], routing: 'vxlan' },
      { platform: 'kubernetes' as const, datapaths: ['existing'] },
      { kubeProxy: ['ipvs'] },
    ])
      expect(domain(request)).not.toMatch(/--/);
  });

  it('builds kubernetes platforms for presets', () => {
    const platforms = createPlatforms({
      platform: 'kubernetes',
      datapaths: ['flannel-vxlan', 'calico-vxlan'],
    });
    expect(platforms.map((p) => [p.kind, p.subject().datapath])).toEqual([
      ['kubernetes', 'flannel-vxlan'],
      ['kubernetes', 'calico-vxlan'],
    ]);
  });
});

describe('createPlatforms with kube-proxy modes', () => {
  it('builds one lab platform per datapath and mode, datapath-major, named <datapath>+<mode>', () => {
    const ids: string[] = [];
    const platforms = createPlatforms({
      datapaths: ['ptp-hostgw', 'ebpf-hostrouting'],
      kubeProxy: ['iptables', 'ebpf'],
      onRunId: (label) => ids.push(label),
    });
    expect(platforms.map((p) => [p.subject().datapath, p.subject().kubeProxy])).toEqual([
      ['ptp-hostgw', 'iptables'],
      ['ptp-hostgw', 'ebpf'],
      ['ebpf-hostrouting', 'iptables'],
      ['ebpf-hostrouting', 'ebpf'],
    ]);
    expect(ids).toEqual(['ptp-hostgw', 'ptp-hostgw+ebpf', 'ebpf-hostrouting', 'ebpf-hostrouting+ebpf']);
    expect(contenderLabels(['host', 'ptp-hostgw'], ['nftables'])).toEqual([
      'host+nftables',
      'ptp-hostgw+nftables',
    ]);
    expect(contenderLabels(['host'])).toEqual(['host']);
    // The mode is part of what is compared: different modes never share a config hash.
    const hashes = new Set(platforms.map((p) => p.subject().configHash));
    expect(hashes.size).toBe(4);
  });

  it('rejects unknown or repeated modes naming the valid ones', () => {
    expect(errorOf({ kubeProxy: ['ipvs'] })).toBe(
      '--kube-proxy "ipvs" is not a kube-proxy mode; valid: iptables, nftables, ebpf',
    );
    expect(errorOf({ kubeProxy: ['ebpf', 'ebpf'] })).toMatch(/lists ebpf twice/);
    expect(errorOf({ kubeProxy: [] })).toMatch(/needs at least one mode/);
  });

  it('on Kubernetes: ebpf is cilium-kpr, which runs only without kube-proxy; an existing cluster keeps its own', () => {
    expect(errorOf({ platform: 'kubernetes', datapaths: ['flannel-vxlan'], kubeProxy: ['ebpf'] })).toMatch(
      /Cilium's kube-proxy replacement: use --datapath cilium-kpr/,
    );
    expect(errorOf({ platform: 'kubernetes', datapaths: ['cilium-kpr'], kubeProxy: ['nftables'] })).toMatch(
      /runs only with --kube-proxy ebpf/,
    );
    expect(
      errorOf({ platform: 'kubernetes', datapaths: ['existing'], kubeconfig: '/k', kubeProxy: ['nftables'] }),
    ).toMatch(/keeps its own kube-proxy/);
    const platforms = createPlatforms({
      platform: 'kubernetes',
      datapaths: ['flannel-vxlan'],
      kubeProxy: ['iptables', 'nftables'],
    });
    expect(platforms.map((p) => p.subject().kubeProxy)).toEqual(['iptables', 'nftables']);
    expect(
      createPlatforms({
        platform: 'kubernetes',
        datapaths: ['cilium-kpr'],
        kubeProxy: ['ebpf'],
      })[0]!.subject().kubeProxy,
    ).toBe('ebpf');
  });
});
