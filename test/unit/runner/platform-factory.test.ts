import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import {
  DEFAULT_DATAPATHS,
  createPlatforms,
  defaultDatapaths,
  type PlatformRequest,
} from '../../../src/platform/factory.js';

function errorOf(request: PlatformRequest): string {
  try {
    createPlatforms(request);
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
    expect(errorOf({ datapaths: ['custom'] })).toBe(
      '--datapath custom needs --cni-config FILE (your conflist)',
    );
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
