import type { CpuCounter } from '../../../core/resources.js';
import type { KubeClient } from '../api/kube-client.js';
import type { DaemonSetRef } from './cni-spec.js';

/** One pod's entry of a kubelet stats summary (`/stats/summary`): what this tool reads of it. */
export interface PodStats {
  readonly namespace: string;
  readonly name: string;
  /** `memory.workingSetBytes` (the kubelet's memory figure, as `kubectl top`). */
  readonly memoryWorkingSetBytes?: number;
  /** `cpu.usageCoreNanoSeconds`: cumulative CPU of the pod. */
  readonly cpuUsageCoreNanoSeconds?: number;
  /** `cpu.time`: when the kubelet sampled the CPU counter (epoch ms; it refreshes every 10-15 s). */
  readonly cpuTimeMs?: number;
}

/** The CNI agent pods' memory and cumulative CPU on one node. */
export interface AgentNodeStats {
  readonly memoryBytes: number;
  readonly cpuSeconds: number;
}

/** Per-node CNI agent stats from the kubelets, or why none could be read (one line for the report). */
export type CniAgentStats =
  | {
      readonly available: true;
      readonly perNode: Readonly<Record<string, AgentNodeStats>>;
      /** Each agent pod's cumulative CPU and the kubelet's time of it, keyed `namespace/name`. */
      readonly cpu: Readonly<Record<string, CpuCounter>>;
    }
  | { readonly available: false; readonly reason: string };

const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/** The pods of a kubelet stats summary; [] when the document has none (or is not one). */
export function parseStatsSummaryPods(summary: unknown): PodStats[] {
  const pods = (summary as { pods?: unknown } | null)?.pods;
  if (!Array.isArray(pods)) return [];
  const out: PodStats[] = [];
  for (const pod of pods as Record<string, unknown>[]) {
    const ref = pod?.['podRef'] as { name?: unknown; namespace?: unknown } | undefined;
    if (typeof ref?.name !== 'string' || typeof ref.namespace !== 'string') continue;
    const memory = num((pod['memory'] as { workingSetBytes?: unknown } | undefined)?.workingSetBytes);
    const cpuStats = pod['cpu'] as { usageCoreNanoSeconds?: unknown; time?: unknown } | undefined;
    const cpu = num(cpuStats?.usageCoreNanoSeconds);
    const cpuTime = typeof cpuStats?.time === 'string' ? num(Date.parse(cpuStats.time)) : undefined;
    out.push({
      namespace: ref.namespace,
      name: ref.name,
      ...(memory !== undefined ? { memoryWorkingSetBytes: memory } : {}),
      ...(cpu !== undefined ? { cpuUsageCoreNanoSeconds: cpu } : {}),
      ...(cpuTime !== undefined ? { cpuTimeMs: cpuTime } : {}),
    });
  }
  return out;
}

/**
 * Reads every node's kubelet stats summary through the API server's node proxy and sums, per node,
 * the working set and cumulative CPU of the CNI agent pods: pods owned by one of `daemonSets`
 * (the preset's), or matching `selector` (`namespace` + label selector, given by the user).
 * A node whose stats endpoint fails makes the whole read unavailable, with the node and reason.
 */
export async function readCniAgentStats(
  client: KubeClient,
  nodes: readonly string[],
  agents: {
    readonly daemonSets: readonly DaemonSetRef[];
    readonly selector?: { namespace: string; labels: string };
  },
): Promise<CniAgentStats> {
  const agentPods = new Set<string>();
  if (agents.selector) {
    for (const pod of await client.listPods(agents.selector.namespace, agents.selector.labels))
      agentPods.add(`${agents.selector.namespace}/${pod.metadata?.name}`);
  } else {
    for (const namespace of [...new Set(agents.daemonSets.map((d) => d.namespace))]) {
      const names = new Set(agents.daemonSets.filter((d) => d.namespace === namespace).map((d) => d.name));
      for (const pod of await client.listPods(namespace)) {
        if (pod.metadata?.ownerReferences?.some((o) => o.kind === 'DaemonSet' && names.has(o.name)))
          agentPods.add(`${namespace}/${pod.metadata?.name}`);
      }
    }
  }
  if (agentPods.size === 0) return { available: false, reason: 'no CNI agent pods found' };
  const perNode: Record<string, AgentNodeStats> = {};
  const cpu: Record<string, CpuCounter> = {};
  for (const node of nodes) {
    const read = await client.nodeStatsSummary(node);
    if ('error' in read)
      return {
        available: false,
        reason: `kubelet stats summary of node ${node} not readable through the API server (${read.error}; needs nodes/proxy get)`,
      };
    let memoryBytes = 0;
    let cpuSeconds = 0;
    for (const pod of parseStatsSummaryPods(read.summary)) {
      const key = `${pod.namespace}/${pod.name}`;
      if (!agentPods.has(key)) continue;
      memoryBytes += pod.memoryWorkingSetBytes ?? 0;
      cpuSeconds += (pod.cpuUsageCoreNanoSeconds ?? 0) / 1e9;
      if (pod.cpuUsageCoreNanoSeconds !== undefined && pod.cpuTimeMs !== undefined)
        cpu[key] = { seconds: pod.cpuUsageCoreNanoSeconds / 1e9, atMs: pod.cpuTimeMs };
    }
    perNode[node] = { memoryBytes, cpuSeconds };
  }
  return { available: true, perNode, cpu };
}

/** The largest agent working set over the nodes (the `cni_agent_memory_bytes` figure). */
export function maxAgentMemoryBytes(stats: CniAgentStats): number | undefined {
  if (!stats.available) return undefined;
  const values = Object.values(stats.perNode).map((n) => n.memoryBytes);
  return values.length > 0 ? Math.max(...values) : undefined;
}
