import { describe, expect, it } from 'vitest';
import {
  dummyServiceAddress,
  kubeProxyBaseRules,
  serviceRules,
} from '../../../src/platform/lab/kube-proxy-rules.js';
import { labAddresses } from '../../../src/platform/lab/address-plan.js';
import {
  parseCpuInfo,
  parseIperf3Version,
  parseNginxVersion,
  parseWrkVersion,
} from '../../../src/platform/lab/tool-versions.js';
import { parseCapEff } from '../../../src/platform/lab/deps.js';

describe('kube-proxy rules', () => {
  it('hooks KUBE-SERVICES from PREROUTING and OUTPUT with dummies ahead of the NodePort jump', () => {
    const text = kubeProxyBaseRules(3);
    const lines = text.split('\n');
    expect(lines[0]).toBe('*nat');
    expect(lines).toContain('-A PREROUTING -j KUBE-SERVICES');
    expect(lines).toContain('-A OUTPUT -j KUBE-SERVICES');
    const services = lines.filter((l) => l.startsWith('-A KUBE-SERVICES'));
    expect(services).toHaveLength(4);
    expect(services.at(-1)).toBe('-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS');
    expect(lines.at(-2)).toBe('COMMIT');
    // Source ports picked at random, as kube-proxy does (and as the nftables mode's fully-random):
    // iptables and nftables NodePort paths then compare like for like.
    expect(lines).toContain('-A KUBE-POSTROUTING -j MASQUERADE --random-fully');
  });
  it('never gives a dummy service a real placement VIP', () => {
    const real = new Set(Array.from({ length: 200 }, (_, k) => labAddresses.serviceVip(k)));
    for (let k = 0; k < 2000; k++) expect(real.has(dummyServiceAddress(k).vip)).toBe(false);
  });
  it('inserts a ClusterIP after the dummies and removes exactly what it added', () => {
    const r = serviceRules({
      id: 4,
      vip: '198.19.128.14',
      backend: '198.18.1.2',
      dummyServices: 10,
      ports: [{ protocol: 'tcp', port: 5201, targetPort: 5201 }],
    });
    expect(r.add).toContain(
      '-I KUBE-SERVICES 11 -d 198.19.128.14/32 -p tcp -m tcp --dport 5201 -j KUBE-SVC-C4T5201',
    );
    expect(r.add).toContain('-A KUBE-SEP-C4T5201 -p tcp -m tcp -j DNAT --to-destination 198.18.1.2:5201');
    expect(r.remove).toContain(
      '-D KUBE-SERVICES -d 198.19.128.14/32 -p tcp -m tcp --dport 5201 -j KUBE-SVC-C4T5201',
    );
    expect(r.remove).toContain('-X KUBE-SEP-C4T5201');
  });
  it('marks NodePort traffic for MASQUERADE before the DNAT', () => {
    const r = serviceRules({
      id: 1,
      backend: '198.18.1.2',
      dummyServices: 0,
      ports: [{ protocol: 'udp', port: 5201, targetPort: 5201, nodePort: 30201 }],
    });
    const inserts = r.add.split('\n').filter((l) => l.startsWith('-I KUBE-NODEPORTS'));
    expect(inserts).toEqual([
      '-I KUBE-NODEPORTS 1 -p udp -m udp --dport 30201 -j KUBE-SVC-C1U5201',
      '-I KUBE-NODEPORTS 1 -p udp -m udp --dport 30201 -j KUBE-MARK-MASQ',
    ]);
    expect(r.add).not.toContain('KUBE-SERVICES');
  });
});

describe('tool versions and /proc parsing', () => {
  it('parses tool version banners', () => {
    expect(parseIperf3Version('iperf 3.12 (cJSON 1.7.15)\nLinux vm')).toBe('3.12');
    expect(parseWrkVersion('wrk debian/4.1.0-3+b2 [epoll] Copyright (C) 2012 Will Glozer')).toBe('4.1.0');
    expect(parseWrkVersion('wrk 4.2.0 [epoll] Copyright')).toBe('4.2.0');
    expect(parseNginxVersion('nginx version: nginx/1.22.1')).toBe('1.22.1');
    expect(parseNginxVersion('nothing')).toBeUndefined();
  });
  it('reads CPU model/count and CapEff', () => {
    expect(
      parseCpuInfo('processor\t: 0\nmodel name\t: AMD EPYC\n\nprocessor\t: 1\nmodel name\t: AMD EPYC\n'),
    ).toEqual({ cpuModel: 'AMD EPYC', cpus: 2 });
    expect(parseCapEff('Name:\tx\nCapEff:\t000001ffffffffff\n')).toBe(0x1ffffffffffn);
    expect(parseCapEff('')).toBe(0n);
  });
});
