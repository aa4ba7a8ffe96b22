/**
 * kube-proxy (iptables mode) style NAT rules for the lab, as `iptables-restore --noflush` input.
 * Pure text generation: the platform feeds it to iptables-restore inside a node namespace.
 */

/** One service port: traffic to `port` (ClusterIP) or `nodePort` is DNAT'd to `backend:targetPort`. */
export interface ServicePort {
  readonly protocol: 'tcp' | 'udp';
  readonly port: number;
  readonly targetPort: number;
  readonly nodePort?: number;
}

/** A service installed for one placement. */
export interface LabService {
  /** Unique per run (chain names are derived from it). */
  readonly id: number;
  /** ClusterIP; absent for a NodePort-only placement. */
  readonly vip?: string;
  readonly backend: string;
  readonly ports: readonly ServicePort[];
  /** Number of dummy services in KUBE-SERVICES (the real rule goes after them, before KUBE-NODEPORTS). */
  readonly dummyServices: number;
}

/** iptables-restore input for an add and for the matching removal. */
export interface RuleSet {
  readonly add: string;
  readonly remove: string;
}

const MASQ_MARK = '0x4000/0x4000';

/** Address and port of dummy service k: never a real placement's VIP (those are .10–.209). */
export function dummyServiceAddress(k: number): { vip: string; port: number; backend: string } {
  return {
    vip: `198.19.128.${210 + (k % 40)}`,
    port: 10000 + Math.floor(k / 40),
    backend: `198.18.255.${1 + (k % 250)}`,
  };
}

/**
 * Base chains (KUBE-SERVICES from PREROUTING and OUTPUT, KUBE-NODEPORTS, KUBE-MARK-MASQ,
 * KUBE-POSTROUTING masquerading marked traffic with random source ports, `--random-fully` as
 * kube-proxy does and as the nftables mode's `fully-random`) plus `dummyServices` non-matching services ahead
 * of the real ones, each with its own SVC → SEP → DNAT chain like kube-proxy.
 */
export function kubeProxyBaseRules(dummyServices: number): string {
  const chains = ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-MARK-MASQ', 'KUBE-POSTROUTING'];
  const rules: string[] = [];
  for (let k = 0; k < dummyServices; k++) {
    const d = dummyServiceAddress(k);
    chains.push(`KUBE-SVC-D${k}`, `KUBE-SEP-D${k}`);
    rules.push(
      `-A KUBE-SERVICES -d ${d.vip}/32 -p tcp -m tcp --dport ${d.port} -j KUBE-SVC-D${k}`,
      `-A KUBE-SVC-D${k} -j KUBE-SEP-D${k}`,
      `-A KUBE-SEP-D${k} -p tcp -m tcp -j DNAT --to-destination ${d.backend}:8080`,
    );
  }
  return [
    '*nat',
    ...chains.map((c) => `:${c} - [0:0]`),
    '-A PREROUTING -j KUBE-SERVICES',
    '-A OUTPUT -j KUBE-SERVICES',
    '-A POSTROUTING -j KUBE-POSTROUTING',
    `-A KUBE-MARK-MASQ -j MARK --set-xmark ${MASQ_MARK}`,
    `-A KUBE-POSTROUTING -m mark ! --mark ${MASQ_MARK} -j RETURN`,
    '-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0',
    '-A KUBE-POSTROUTING -j MASQUERADE --random-fully',
    ...rules,
    '-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
    'COMMIT',
    '',
  ].join('\n');
}

/** Rules of one placement's service (ClusterIP and/or NodePorts), and their removal. */
export function serviceRules(service: LabService): RuleSet {
  const chains: string[] = [];
  const jumps: string[] = [];
  const body: string[] = [];
  // Inserted right after the dummy services, i.e. before the final KUBE-NODEPORTS jump.
  const position = service.dummyServices + 1;
  for (const p of service.ports) {
    const tag = `C${service.id}${p.protocol === 'tcp' ? 'T' : 'U'}${p.port}`;
    const svc = `KUBE-SVC-${tag}`;
    const sep = `KUBE-SEP-${tag}`;
    chains.push(svc, sep);
    const match = `-p ${p.protocol} -m ${p.protocol}`;
    if (service.vip)
      jumps.push(`KUBE-SERVICES ${position} -d ${service.vip}/32 ${match} --dport ${p.port} -j ${svc}`);
    if (p.nodePort !== undefined) {
      jumps.push(`KUBE-NODEPORTS 1 ${match} --dport ${p.nodePort} -j ${svc}`);
      jumps.push(`KUBE-NODEPORTS 1 ${match} --dport ${p.nodePort} -j KUBE-MARK-MASQ`);
    }
    body.push(
      `-A ${svc} -j ${sep}`,
      `-A ${sep} ${match} -j DNAT --to-destination ${service.backend}:${p.targetPort}`,
    );
  }
  const add = [
    '*nat',
    ...chains.map((c) => `:${c} - [0:0]`),
    ...body,
    ...jumps.map((j) => {
      const [chain, pos, ...rest] = j.split(' ');
      return `-I ${chain} ${pos} ${rest.join(' ')}`;
    }),
    'COMMIT',
    '',
  ].join('\n');
  const remove = [
    '*nat',
    ...jumps.map((j) => {
      const [chain, , ...rest] = j.split(' ');
      return `-D ${chain} ${rest.join(' ')}`;
    }),
    ...chains.map((c) => `-F ${c}`),
    ...chains.map((c) => `-X ${c}`),
    'COMMIT',
    '',
  ].join('\n');
  return { add, remove };
}
