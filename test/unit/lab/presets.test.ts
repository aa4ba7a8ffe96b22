import { describe, expect, it } from 'vitest';
import { parseConflist } from '../../../src/core/cni/conflist.js';
import { LAB_DATAPATHS, labDatapathInfo } from '../../../src/platform/lab/datapaths.js';
import { presetConflist } from '../../../src/platform/lab/presets.js';
import { labAddresses, labNames, validateRunId } from '../../../src/platform/lab/address-plan.js';

const ctx = (nodeIndex: number, mtu = 1500) => ({
  nodeIndex,
  mtu,
  dataDir: `/run/cni-perf-gate/t/ipam/n${nodeIndex}`,
});

describe('presetConflist', () => {
  it('bridge-hostgw: bridge gateway + host-local per-node range + portmap, full MTU', () => {
    const c = presetConflist('bridge-hostgw', ctx(1))!;
    expect(c.plugins.map((p) => p.type)).toEqual(['bridge', 'portmap']);
    expect(c.plugins[0]).toMatchObject({
      isGateway: true,
      mtu: 1500,
      ipam: {
        type: 'host-local',
        ranges: [[{ subnet: '198.18.1.0/24', gateway: '198.18.1.1' }]],
        dataDir: '/run/cni-perf-gate/t/ipam/n1',
      },
    });
  });
  it('bridge-vxlan lowers the pod MTU by 50', () => {
    expect(presetConflist('bridge-vxlan', ctx(0, 9000))!.plugins[0]!['mtu']).toBe(8950);
    expect(presetConflist('bridge-vxlan', ctx(0))!.plugins[0]!['mtu']).toBe(1450);
  });
  it('ptp-hostgw is a routed veth with a default route', () => {
    const c = presetConflist('ptp-hostgw', ctx(0))!;
    expect(c.plugins[0]).toMatchObject({ type: 'ptp', ipam: { routes: [{ dst: '0.0.0.0/0' }] } });
  });
  it('ebpf-hostrouting: ptp veths and host-local, no portmap (BPF host routing bypasses its iptables rules)', () => {
    const c = presetConflist('ebpf-hostrouting', ctx(1))!;
    expect(c.plugins.map((p) => p.type)).toEqual(['ptp']);
    expect(c.plugins[0]).toMatchObject({ ipam: { ranges: [[{ subnet: '198.18.1.0/24' }]] } });
    expect(labDatapathInfo('ebpf-hostrouting')).toMatchObject({ routing: 'host-gw' });
  });
  it('macvlan/ipvlan put pods on the underlay in disjoint per-node ranges of 198.19.0.128/25', () => {
    const a = presetConflist('macvlan', ctx(0))!.plugins[0]!;
    const b = presetConflist('ipvlan', ctx(1))!.plugins[0]!;
    expect(a).toMatchObject({ type: 'macvlan', master: 'eth0', mode: 'bridge' });
    expect(b).toMatchObject({ type: 'ipvlan', master: 'eth0', mode: 'l2' });
    expect(a.ipam!['ranges']).toEqual([
      [{ subnet: '198.19.0.0/24', rangeStart: '198.19.0.129', rangeEnd: '198.19.0.158' }],
    ]);
    expect(b.ipam!['ranges']).toEqual([
      [{ subnet: '198.19.0.0/24', rangeStart: '198.19.0.161', rangeEnd: '198.19.0.190' }],
    ]);
  });
  it('host and custom have no preset; every preset is a valid conflist', () => {
    expect(presetConflist('host', ctx(0))).toBeNull();
    expect(presetConflist('custom', ctx(0))).toBeNull();
    for (const d of LAB_DATAPATHS) {
      const c = presetConflist(d, ctx(0));
      if (c) expect(parseConflist(JSON.stringify(c), d)).toEqual(c);
    }
  });
  it('is deterministic', () => {
    expect(JSON.stringify(presetConflist('bridge-vxlan', ctx(1)))).toBe(
      JSON.stringify(presetConflist('bridge-vxlan', ctx(1))),
    );
  });
});

describe('datapath info, names and addresses', () => {
  it('describes every datapath', () => {
    for (const d of LAB_DATAPATHS) expect(labDatapathInfo(d)?.description.length).toBeGreaterThan(10);
    expect(labDatapathInfo('bridge-vxlan')?.routing).toBe('vxlan');
    expect(labDatapathInfo('nope')).toBeUndefined();
  });
  it('names namespaces cpg-<runId>-… and reads the run id back', () => {
    expect(labNames.node('ab12', 1)).toBe('cpg-ab12-n1');
    expect(labNames.runIdOf('cpg-ab12-p17')).toBe('ab12');
    expect(labNames.runIdOf('cpgx-ab12-n1')).toBeUndefined();
    expect(labNames.runIdOf('other')).toBeUndefined();
    expect(() => validateRunId('TooLong123')).toThrow(/1-8 lower-case/);
  });
  it('keeps service VIPs inside 198.19.128.0/24 and pod CIDRs inside 198.18.0.0/16', () => {
    for (let k = 0; k < 500; k++) expect(labAddresses.serviceVip(k)).toMatch(/^198\.19\.128\.(\d+)$/);
    expect(labAddresses.podCidr(3)).toBe('198.18.3.0/24');
  });
});
