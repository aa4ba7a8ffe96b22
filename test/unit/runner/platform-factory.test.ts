import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import {
  DEFAULT_DATAPATHS,
  contenderLabels,
  createPlatforms,
  defaultDatapaths,
  type PlatformRequest,
} from '../../../src/platform/factory.js';

/** The internal error of a request that breaks an invariant the entry points guarantee. */
function assertionOf(request: PlatformRequest): string {
  try {
    createPlatforms(request);
  } catch (error) {
    expect(error).not.toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error('expected an internal error');
}

/** A value an entry point would have refused (the factory's types rule it out). */
const unchecked = <T>(value: unknown): T => value as T;

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

  it('only asserts what the entry points check, in domain words naming no flag or input', () => {
    const messages = [
      assertionOf({ datapaths: unchecked(['bridge']) }),
      assertionOf({ platform: 'kubernetes', datapaths: unchecked(['bridge-vxlan']) }),
      assertionOf({ datapaths: [] }),
      assertionOf({ datapaths: ['host', 'host'] }),
      assertionOf({ datapaths: ['custom'] }),
      assertionOf({ datapaths: ['host'], cniConfig: conflist }),
      assertionOf({ datapaths: ['host'], routing: 'vxlan' }),
      assertionOf({ datapaths: ['custom'], cniConfig: conflist, routing: unchecked('bgp') }),
      assertionOf({ datapaths: ['host'], mtu: unchecked(1400) }),
      assertionOf({ datapaths: ['host'], kubeconfig: '/k' }),
      assertionOf({ platform: 'kubernetes', datapaths: ['existing'] }),
      assertionOf({ platform: 'kubernetes', datapaths: ['flannel-vxlan', 'calico-ipip'], kubeconfig: '/k' }),
      assertionOf({ platform: 'kubernetes', datapaths: ['flannel-vxlan'], mtu: 9000 }),
      assertionOf({ platform: unchecked('docker'), datapaths: ['host'] }),
    ];
    expect(messages[0]).toBe('internal: platform request: "bridge" is not a lab datapath');
    expect(messages[8]).toBe('internal: platform request: lab underlay MTU must be 1500 or 9000');
    for (const message of messages) {
      expect(message).toMatch(/^internal: platform request: /);
      expect(message).not.toMatch(/--[a-z]|input '/);
    }
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

  it('asserts known, distinct modes and, on Kubernetes, modes the datapath runs with', () => {
    expect(assertionOf({ kubeProxy: unchecked(['ipvs']) })).toMatch(/"ipvs" is not a kube-proxy mode/);
    expect(assertionOf({ kubeProxy: ['ebpf', 'ebpf'] })).toMatch(/listed twice/);
    expect(assertionOf({ kubeProxy: [] })).toMatch(/at least one kube-proxy mode/);
    expect(
      assertionOf({ platform: 'kubernetes', datapaths: ['flannel-vxlan'], kubeProxy: ['ebpf'] }),
    ).toMatch(/ebpf-needs-cilium-kpr/);
    expect(
      assertionOf({ platform: 'kubernetes', datapaths: ['cilium-kpr'], kubeProxy: ['nftables'] }),
    ).toMatch(/cilium-kpr-needs-ebpf/);
    expect(
      assertionOf({
        platform: 'kubernetes',
        datapaths: ['existing'],
        kubeconfig: '/k',
        kubeProxy: ['nftables'],
      }),
    ).toMatch(/existing-cluster/);
  });

  it('on Kubernetes: builds every mode a datapath runs with', () => {
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
