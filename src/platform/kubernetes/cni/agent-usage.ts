import type { KubeClient } from '../api/kube-client.js';
import type { DaemonSetRef } from './cni-spec.js';

/** CPU and memory of the CNI agent pods on one node, from metrics.k8s.io. */
export interface AgentUsage {
  readonly cpuMillicores: number;
  readonly memoryBytes: number;
}

/** Per-node CNI agent usage, or unavailable when the cluster serves no metrics API. */
export type CniAgentUsage =
  | { readonly available: true; readonly perNode: Readonly<Record<string, AgentUsage>> }
  | { readonly available: false; readonly reason: string };

const CPU_UNITS: Record<string, number> = { n: 1e-6, u: 1e-3, m: 1, '': 1000 };
const MEMORY_UNITS: Record<string, number> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
};

/** A Kubernetes CPU quantity (`250m`, `12345n`, `1`) in millicores; NaN when not one. */
export function cpuMillicores(quantity: string): number {
  const m = /^(\d+(?:\.\d+)?)(n|u|m|)$/.exec(quantity);
  return m ? Number(m[1]) * (CPU_UNITS[m[2] ?? ''] ?? Number.NaN) : Number.NaN;
}

/** A Kubernetes memory quantity (`20Mi`, `1024Ki`, `5G`) in bytes; NaN when not one. */
export function memoryBytes(quantity: string): number {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|k|M|G|)$/.exec(quantity);
  return m ? Number(m[1]) * (MEMORY_UNITS[m[2] ?? ''] ?? Number.NaN) : Number.NaN;
}

/**
 * Sums the current CPU/memory of the CNI DaemonSets' pods per node. Pods belong to a
 * DaemonSet when an ownerReference names it.
 */
export async function readCniAgentUsage(
  client: KubeClient,
  daemonSets: readonly DaemonSetRef[],
): Promise<CniAgentUsage> {
  const perNode: Record<string, { cpuMillicores: number; memoryBytes: number }> = {};
  for (const namespace of [...new Set(daemonSets.map((d) => d.namespace))]) {
    const metrics = await client.podMetrics(namespace);
    if (!metrics)
      return { available: false, reason: 'metrics.k8s.io is not served (install metrics-server)' };
    const names = new Set(daemonSets.filter((d) => d.namespace === namespace).map((d) => d.name));
    const pods = await client.listPods(namespace);
    for (const pod of pods) {
      const owned = pod.metadata?.ownerReferences?.some((o) => o.kind === 'DaemonSet' && names.has(o.name));
      const node = pod.spec?.nodeName;
      const metric = metrics.find((m) => m.metadata.name === pod.metadata?.name);
      if (!owned || !node || !metric) continue;
      const usage = (perNode[node] ??= { cpuMillicores: 0, memoryBytes: 0 });
      for (const container of metric.containers) {
        usage.cpuMillicores += cpuMillicores(container.usage.cpu);
        usage.memoryBytes += memoryBytes(container.usage.memory);
      }
    }
  }
  return { available: true, perNode };
}
