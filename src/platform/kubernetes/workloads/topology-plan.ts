import type { TopologyId } from '../../../core/scenarios.js';

/** A node pods may be placed on. */
export interface SchedulableNode {
  readonly name: string;
  readonly internalIp: string;
}

/** How the client reaches the server. */
export type Path = 'pod-ip' | 'cluster-ip' | 'node-port';

/** Where server and client go for a topology, and how the client connects. */
export interface TopologyPlan {
  readonly topology: TopologyId;
  readonly serverNode: SchedulableNode;
  readonly clientNode: SchedulableNode;
  readonly hostNetwork: boolean;
  readonly path: Path;
  /** For node-port: the node whose address the client targets (never the server's node). */
  readonly targetNode: SchedulableNode | null;
}

/** Null when the topology can be planned on these nodes, else why not. */
export function planSkipReason(topology: TopologyId, nodes: readonly SchedulableNode[]): string | null {
  if (nodes.length === 0) return 'no schedulable node in the cluster';
  if (topology !== 'pod-to-pod-same-node' && nodes.length < 2) {
    return `${topology} needs 2 schedulable nodes; the cluster has ${nodes.length}`;
  }
  return null;
}

/**
 * Pins server and client for a topology: the server on the second node, the client on the
 * first (both on the first for same-node). node-port targets a third node when there is one,
 * else the client's node — in both cases a node that does not host the server pod.
 */
export function planTopology(topology: TopologyId, nodes: readonly SchedulableNode[]): TopologyPlan {
  const reason = planSkipReason(topology, nodes);
  if (reason) throw new Error(reason);
  const first = nodes[0] as SchedulableNode;
  const second = (nodes[1] ?? first) as SchedulableNode;
  switch (topology) {
    case 'pod-to-pod-same-node':
      return {
        topology,
        serverNode: first,
        clientNode: first,
        hostNetwork: false,
        path: 'pod-ip',
        targetNode: null,
      };
    case 'host-cross-node':
      return {
        topology,
        serverNode: second,
        clientNode: first,
        hostNetwork: true,
        path: 'pod-ip',
        targetNode: null,
      };
    case 'pod-to-pod-cross-node':
      return {
        topology,
        serverNode: second,
        clientNode: first,
        hostNetwork: false,
        path: 'pod-ip',
        targetNode: null,
      };
    case 'pod-to-service-cross-node':
      return {
        topology,
        serverNode: second,
        clientNode: first,
        hostNetwork: false,
        path: 'cluster-ip',
        targetNode: null,
      };
    case 'nodeport-via-other-node':
      return {
        topology,
        serverNode: second,
        clientNode: first,
        hostNetwork: false,
        path: 'node-port',
        targetNode: nodes[2] ?? first,
      };
  }
}

/** "client pod on a → server pod on b via ClusterIP" style description. */
export function describePlan(plan: TopologyPlan): string {
  const what = plan.hostNetwork ? 'host-network pod' : 'pod';
  const via =
    plan.path === 'cluster-ip'
      ? ' via ClusterIP'
      : plan.path === 'node-port'
        ? ` via NodePort on ${plan.targetNode?.name}`
        : '';
  return `client ${what} on ${plan.clientNode.name} → server ${what} on ${plan.serverNode.name}${via}`;
}
