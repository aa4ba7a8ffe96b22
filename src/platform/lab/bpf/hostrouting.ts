import { ToolError } from '../../../core/errors.js';
import type { CniResult } from '../../../core/cni/types.js';
import { labNames } from '../address-plan.js';
import type { LabDeps } from '../deps.js';
import { NODE_UNDERLAY_IF } from '../presets.js';
import { endpointEntry, perCpuCounters } from './map-entries.js';
import { bpftool, inNetns } from './objects.js';

/** Forwarding decisions counted by bpf/hostrouting.c (its `stats` map). */
export interface HostRoutingCounters {
  /** Delivered into a pod with bpf_redirect_peer. */
  readonly redirectPeer: number;
  /** Routed by FIB lookup and bpf_redirect. */
  readonly redirectFib: number;
  /** Routed by FIB lookup and bpf_redirect_neigh. */
  readonly redirectNeigh: number;
  /** Left to the node's stack. */
  readonly pass: number;
}

/** The host-routing programs of one run: loaded per node, attached to its underlay and pod veths. */
export interface HostRouting {
  /** Loads and pins the programs for node `i` and attaches from_netdev to its underlay device. */
  prepareNode(node: number): Promise<void>;
  /** Attaches from_pod to a pod's host-side veth and adds the pod to the node's endpoints map; returns the undo. */
  attachPod(node: number, podIp: string, result: CniResult): Promise<() => Promise<void>>;
  /** Counters summed over nodes and CPUs. */
  counters(): Promise<HostRoutingCounters>;
}

interface LinkInfo {
  readonly ifindex: number;
  readonly address: string;
}

async function linkInfo(deps: LabDeps, namespace: string, dev: string): Promise<LinkInfo> {
  const r = await deps.exec.run('ip', ['-n', namespace, '-j', 'link', 'show', 'dev', dev]);
  const parsed = r.exitCode === 0 ? (JSON.parse(r.stdout) as { ifindex?: number; address?: string }[]) : [];
  const link = parsed[0];
  if (!link?.ifindex || !link.address)
    throw new ToolError('ip', `no link ${dev} in ${namespace}: ${r.stderr.trim() || 'not found'}`);
  return { ifindex: link.ifindex, address: link.address };
}

async function attachIngress(deps: LabDeps, namespace: string, dev: string, prog: string): Promise<void> {
  await inNetns(deps, namespace, 'tc', ['qdisc', 'add', 'dev', dev, 'clsact']);
  await inNetns(deps, namespace, 'tc', ['filter', 'add', 'dev', dev, 'ingress', 'bpf', 'da', 'pinned', prog]);
}

/**
 * Host routing for a run whose pins live under `pinRoot` (`n<i>/progs`, `n<i>/maps`). Programs
 * attached to devices in a node namespace go away with the device (CNI DEL) or the namespace;
 * the pins are removed with the pin root at teardown.
 */
export function createHostRouting(
  deps: LabDeps,
  runId: string,
  pinRoot: string,
  objectPath: string,
): HostRouting {
  const prepared = new Set<number>();
  const progs = (node: number) => `${pinRoot}/n${node}/progs`;
  const maps = (node: number) => `${pinRoot}/n${node}/maps`;
  return {
    async prepareNode(node) {
      await deps.mkdir(`${pinRoot}/n${node}`);
      await bpftool(deps, ['prog', 'loadall', objectPath, progs(node), 'pinmaps', maps(node)]);
      prepared.add(node);
      await attachIngress(deps, labNames.node(runId, node), NODE_UNDERLAY_IF, `${progs(node)}/from_netdev`);
    },

    async attachPod(node, podIp, result) {
      const nodeNs = labNames.node(runId, node);
      const host = result.interfaces?.find((i) => i.sandbox === undefined || i.sandbox === '');
      const pod = result.interfaces?.find((i) => i.sandbox !== undefined && i.sandbox !== '');
      if (!host || !pod?.mac)
        throw new ToolError(
          'ebpf-hostrouting',
          `the CNI result of pod ${podIp} names no host-side veth and pod MAC`,
        );
      const veth = await linkInfo(deps, nodeNs, host.name);
      await attachIngress(deps, nodeNs, host.name, `${progs(node)}/from_pod`);
      const entry = endpointEntry(podIp, veth.ifindex, pod.mac, veth.address);
      const map = `${maps(node)}/endpoints`;
      await bpftool(deps, [
        'map',
        'update',
        'pinned',
        map,
        'key',
        'hex',
        ...entry.key.split(' '),
        'value',
        'hex',
        ...entry.value.split(' '),
      ]);
      return async () => {
        await bpftool(deps, ['map', 'delete', 'pinned', map, 'key', 'hex', ...entry.key.split(' ')]);
      };
    },

    async counters() {
      const sum = [0, 0, 0, 0];
      for (const node of prepared) {
        const r = await bpftool(deps, ['-j', 'map', 'dump', 'pinned', `${maps(node)}/stats`]);
        perCpuCounters(r.stdout).forEach((v, i) => (sum[i] = (sum[i] ?? 0) + (v ?? 0)));
      }
      return { redirectPeer: sum[0]!, redirectFib: sum[1]!, redirectNeigh: sum[2]!, pass: sum[3]! };
    },
  };
}
