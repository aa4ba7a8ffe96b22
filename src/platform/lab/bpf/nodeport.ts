import { labAddresses, labNames } from '../address-plan.js';
import type { LabDeps } from '../deps.js';
import type { LabService } from '../kube-proxy-rules.js';
import { NODE_UNDERLAY_IF } from '../presets.js';
import { nodeIpEntry, nodePortEntry, perCpuCounters } from './map-entries.js';
import { bpftool, inNetns } from './objects.js';

/** The NodePort programs of a run (bpf/nodeport.c), one instance per node on its underlay device. */
export interface NodePortLb {
  /** Loads and pins the program for node `i`, sets its address, attaches it ahead of other filters. */
  prepareNode(node: number): Promise<void>;
  /** Adds a service's NodePorts on `node`; returns their removal. */
  add(node: number, service: LabService): Promise<() => Promise<void>>;
  /** Packets translated towards backends and back, over all nodes. */
  counters(): Promise<{ dnat: number; revnat: number }>;
}

/** Runs `bpftool map update|delete` with a hex key (and value). */
function mapCommand(map: string, op: 'update' | 'delete', entry: { key: string; value?: string }): string[] {
  return [
    'map',
    op,
    'pinned',
    map,
    'key',
    'hex',
    ...entry.key.split(' '),
    ...(entry.value !== undefined ? ['value', 'hex', ...entry.value.split(' ')] : []),
  ];
}

/** NodePort load balancing for a run whose pins live under `<pinRoot>/nodeport/n<i>`. */
export function createNodePortLb(
  deps: LabDeps,
  runId: string,
  pinRoot: string,
  objectPath: string,
): NodePortLb {
  const prepared = new Set<number>();
  const dir = (node: number) => `${pinRoot}/nodeport/n${node}`;
  return {
    async prepareNode(node) {
      await deps.mkdir(dir(node));
      await bpftool(deps, [
        'prog',
        'loadall',
        objectPath,
        `${dir(node)}/progs`,
        'pinmaps',
        `${dir(node)}/maps`,
      ]);
      prepared.add(node);
      await bpftool(
        deps,
        mapCommand(`${dir(node)}/maps/node_ip`, 'update', nodeIpEntry(labAddresses.node(node))),
      );
      const ns = labNames.node(runId, node);
      // The device may already have a clsact qdisc (ebpf-hostrouting's from_netdev): keep it.
      const qdiscs = await inNetns(deps, ns, 'tc', ['qdisc', 'show', 'dev', NODE_UNDERLAY_IF]);
      if (!/\bclsact\b/.test(qdiscs.stdout))
        await inNetns(deps, ns, 'tc', ['qdisc', 'add', 'dev', NODE_UNDERLAY_IF, 'clsact']);
      // pref 1: ahead of any other filter; packets it does not translate go on (TC_ACT_UNSPEC).
      await inNetns(deps, ns, 'tc', [
        'filter',
        'add',
        'dev',
        NODE_UNDERLAY_IF,
        'ingress',
        'pref',
        '1',
        'bpf',
        'da',
        'pinned',
        `${dir(node)}/progs/nodeport_lb`,
      ]);
    },

    async add(node, service) {
      const map = `${dir(node)}/maps/nodeports`;
      const entries = service.ports
        .filter((p) => p.nodePort !== undefined)
        .map((p) => nodePortEntry(p.nodePort!, p.protocol, { ip: service.backend, port: p.targetPort }));
      for (const entry of entries) await bpftool(deps, mapCommand(map, 'update', entry));
      return async () => {
        for (const entry of entries) await bpftool(deps, mapCommand(map, 'delete', { key: entry.key }));
      };
    },

    async counters() {
      let dnat = 0;
      let revnat = 0;
      for (const node of prepared) {
        const r = await bpftool(deps, ['-j', 'map', 'dump', 'pinned', `${dir(node)}/maps/stats`]);
        const c = perCpuCounters(r.stdout);
        dnat += c[0] ?? 0;
        revnat += c[1] ?? 0;
      }
      return { dnat, revnat };
    },
  };
}
