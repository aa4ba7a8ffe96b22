/**
 * kube-proxy nftables-mode style rules for the lab, as `nft -f -` input (pure text generation).
 * Like kube-proxy's nftables mode, service lookup is one verdict-map lookup keyed by
 * `daddr . protocol . dport` (`service-ips`) or `protocol . dport` for NodePorts
 * (`service-nodeports`), so the cost of a new connection does not grow with the number of
 * services the way the iptables mode's KUBE-SERVICES chain does. One table per run.
 */
import { dummyServiceAddress, type LabService, type RuleSet } from './kube-proxy-rules.js';

const MASQ_BIT = '0x00004000';

/** The run's table name in every node namespace. */
export function nftTableName(runId: string): string {
  return `cpg-${runId}`;
}

function serviceChains(
  table: string,
  tag: string,
  protocol: 'tcp' | 'udp',
  backend: string,
  targetPort: number,
): { service: string; endpoint: string; lines: string[] } {
  const service = `service-${tag}`;
  const endpoint = `endpoint-${tag}`;
  return {
    service,
    endpoint,
    lines: [
      `add chain ip ${table} ${service}`,
      `add chain ip ${table} ${endpoint}`,
      `add rule ip ${table} ${endpoint} meta l4proto ${protocol} dnat to ${backend}:${targetPort}`,
      `add rule ip ${table} ${service} numgen random mod 1 vmap { 0 : goto ${endpoint} }`,
    ],
  };
}

/**
 * The run's table: NAT hooks (prerouting, output, postrouting), the masquerade mark chains, the
 * service and NodePort verdict maps, and `dummyServices` non-matching services, each with its own
 * service → endpoint chain like kube-proxy.
 */
export function nftBaseRules(runId: string, dummyServices: number): string {
  const t = nftTableName(runId);
  const lines = [
    `add table ip ${t}`,
    `add map ip ${t} service-ips { type ipv4_addr . inet_proto . inet_service : verdict ; }`,
    `add map ip ${t} service-nodeports { type inet_proto . inet_service : verdict ; }`,
    `add chain ip ${t} nat-prerouting { type nat hook prerouting priority dstnat ; policy accept ; }`,
    `add chain ip ${t} nat-output { type nat hook output priority -100 ; policy accept ; }`,
    `add chain ip ${t} nat-postrouting { type nat hook postrouting priority srcnat ; policy accept ; }`,
    `add chain ip ${t} services`,
    `add chain ip ${t} masquerading`,
    `add chain ip ${t} mark-for-masquerade`,
    `add rule ip ${t} nat-prerouting jump services`,
    `add rule ip ${t} nat-output jump services`,
    `add rule ip ${t} nat-postrouting jump masquerading`,
    `add rule ip ${t} masquerading meta mark & ${MASQ_BIT} == 0 return`,
    `add rule ip ${t} masquerading meta mark set meta mark ^ ${MASQ_BIT}`,
    `add rule ip ${t} masquerading masquerade fully-random`,
    `add rule ip ${t} mark-for-masquerade meta mark set meta mark | ${MASQ_BIT}`,
    `add rule ip ${t} services ip daddr . meta l4proto . th dport vmap @service-ips`,
    `add rule ip ${t} services fib daddr type local meta l4proto . th dport vmap @service-nodeports`,
  ];
  for (let k = 0; k < dummyServices; k++) {
    const d = dummyServiceAddress(k);
    const chains = serviceChains(t, `D${k}`, 'tcp', d.backend, 8080);
    lines.push(
      ...chains.lines,
      `add element ip ${t} service-ips { ${d.vip} . tcp . ${d.port} : goto ${chains.service} }`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The nft input that adds one placement's service (ClusterIP and/or NodePorts), and its removal. */
export function nftServiceRules(runId: string, service: LabService): RuleSet {
  const t = nftTableName(runId);
  const add: string[] = [];
  const removeElements: string[] = [];
  const removeChains: string[] = [];
  for (const p of service.ports) {
    const tag = `C${service.id}-${p.protocol}-${p.port}`;
    const chains = serviceChains(t, tag, p.protocol, service.backend, p.targetPort);
    add.push(...chains.lines);
    if (service.vip) {
      const element = `${service.vip} . ${p.protocol} . ${p.port}`;
      add.push(`add element ip ${t} service-ips { ${element} : goto ${chains.service} }`);
      removeElements.push(`delete element ip ${t} service-ips { ${element} }`);
    }
    if (p.nodePort !== undefined) {
      const external = `external-${tag}`;
      add.push(
        `add chain ip ${t} ${external}`,
        `add rule ip ${t} ${external} jump mark-for-masquerade`,
        `add rule ip ${t} ${external} goto ${chains.service}`,
        `add element ip ${t} service-nodeports { ${p.protocol} . ${p.nodePort} : goto ${external} }`,
      );
      removeElements.push(`delete element ip ${t} service-nodeports { ${p.protocol} . ${p.nodePort} }`);
      removeChains.push(external);
    }
    removeChains.push(chains.service, chains.endpoint);
  }
  const remove = [
    ...removeElements,
    ...removeChains.map((c) => `flush chain ip ${t} ${c}`),
    ...removeChains.map((c) => `delete chain ip ${t} ${c}`),
  ];
  return { add: `${add.join('\n')}\n`, remove: `${remove.join('\n')}\n` };
}
