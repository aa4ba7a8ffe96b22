/** Lab datapath presets (README "How it works → Platforms"). */
export const LAB_DATAPATHS = [
  'host',
  'bridge-hostgw',
  'bridge-vxlan',
  'ptp-hostgw',
  'ebpf-hostrouting',
  'macvlan',
  'ipvlan',
  'custom',
] as const;

/** One lab datapath preset. */
export type LabDatapath = (typeof LAB_DATAPATHS)[number];

/** How pod traffic crosses between nodes. */
export type LabRouting = 'host' | 'host-gw' | 'vxlan' | 'underlay';

/** What a datapath is, for help texts and results. */
export interface LabDatapathInfo {
  readonly name: LabDatapath;
  readonly description: string;
  /** Cross-node routing; for `custom` it is chosen by the user (`host-gw` or `vxlan`). */
  readonly routing: LabRouting | 'host-gw|vxlan';
}

const INFO: Readonly<Record<LabDatapath, Omit<LabDatapathInfo, 'name'>>> = {
  host: {
    description: 'no pod namespace: server and client in the node namespaces (the --net=host reference)',
    routing: 'host',
  },
  'bridge-hostgw': {
    description:
      'bridge + host-local + portmap per node, host-gw routes between nodes (flannel host-gw / kubenet)',
    routing: 'host-gw',
  },
  'bridge-vxlan': {
    description:
      'bridge per node, VXLAN overlay with static FDB/neighbour entries, pod MTU -50 (flannel vxlan)',
    routing: 'vxlan',
  },
  'ptp-hostgw': {
    description: 'routed veth per pod (ptp), host-gw routes between nodes (Calico-style)',
    routing: 'host-gw',
  },
  'ebpf-hostrouting': {
    description:
      'routed veth per pod (ptp, no bridge), tc BPF forwarding with bpf_redirect_peer / FIB lookup + bpf_redirect_neigh, native routing between nodes (Cilium-style BPF host routing)',
    routing: 'host-gw',
  },
  macvlan: {
    description: "macvlan pods straight on the node's underlay interface (bridge mode)",
    routing: 'underlay',
  },
  ipvlan: {
    description: "ipvlan (L2) pods on the node's underlay interface, when the kernel supports it",
    routing: 'underlay',
  },
  custom: {
    description: 'your own conflist (per-node host-local ranges substituted) plus a routing mode',
    routing: 'host-gw|vxlan',
  },
};

/** True when `name` is a lab datapath. */
export function isLabDatapath(name: string): name is LabDatapath {
  return (LAB_DATAPATHS as readonly string[]).includes(name);
}

/** Description and routing of a lab datapath, or undefined when `name` is not one. */
export function labDatapathInfo(name: string): LabDatapathInfo | undefined {
  return isLabDatapath(name) ? { name, ...INFO[name] } : undefined;
}
