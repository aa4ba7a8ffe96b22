import { describe, expect, it } from 'vitest';
import { nftBaseRules, nftServiceRules, nftTableName } from '../../../src/platform/lab/nft-rules.js';

describe('kube-proxy nftables-mode rules', () => {
  it('one table per run with NAT hooks, verdict maps and the masquerade chains', () => {
    const text = nftBaseRules('ab12', 0);
    expect(nftTableName('ab12')).toBe('cpg-ab12');
    expect(text).toContain(
      'add map ip cpg-ab12 service-ips { type ipv4_addr . inet_proto . inet_service : verdict ; }',
    );
    expect(text).toContain('type nat hook prerouting priority dstnat');
    expect(text).toContain(
      'add rule ip cpg-ab12 services ip daddr . meta l4proto . th dport vmap @service-ips',
    );
    expect(text).toContain('fib daddr type local meta l4proto . th dport vmap @service-nodeports');
    expect(text).toContain('masquerade fully-random');
    expect(text).not.toContain('service-D');
  });
  it('dummy services are map elements with their own service and endpoint chains, never a placement VIP', () => {
    const text = nftBaseRules('ab12', 100);
    const elements = text.split('\n').filter((l) => l.startsWith('add element ip cpg-ab12 service-ips'));
    expect(elements).toHaveLength(100);
    expect(new Set(elements.map((l) => l.split('{')[1]!.split(':')[0]!.trim())).size).toBe(100);
    expect(text).toContain('add rule ip cpg-ab12 endpoint-D0 meta l4proto tcp dnat to 198.18.255.1:8080');
    for (const l of elements) expect(Number(/198\.19\.128\.(\d+)/.exec(l)![1])).toBeGreaterThanOrEqual(210);
  });
  it('adds a ClusterIP and a NodePort, and removes exactly what it added', () => {
    const r = nftServiceRules('ab12', {
      id: 7,
      vip: '198.19.128.17',
      backend: '198.18.1.5',
      dummyServices: 0,
      ports: [{ protocol: 'tcp', port: 80, targetPort: 8080, nodePort: 30080 }],
    });
    expect(r.add).toContain(
      'add rule ip cpg-ab12 endpoint-C7-tcp-80 meta l4proto tcp dnat to 198.18.1.5:8080',
    );
    expect(r.add).toContain(
      'add element ip cpg-ab12 service-ips { 198.19.128.17 . tcp . 80 : goto service-C7-tcp-80 }',
    );
    expect(r.add).toContain('add rule ip cpg-ab12 external-C7-tcp-80 jump mark-for-masquerade');
    expect(r.add).toContain(
      'add element ip cpg-ab12 service-nodeports { tcp . 30080 : goto external-C7-tcp-80 }',
    );
    const added = r.add.match(/add chain ip cpg-ab12 (\S+)/g)!.map((l) => l.split(' ').at(-1));
    const deleted = r.remove.match(/delete chain ip cpg-ab12 (\S+)/g)!.map((l) => l.split(' ').at(-1));
    expect(new Set(deleted)).toEqual(new Set(added));
    // Map elements go before the chains they jump to.
    expect(r.remove.indexOf('delete element')).toBeLessThan(r.remove.indexOf('delete chain'));
  });
});
