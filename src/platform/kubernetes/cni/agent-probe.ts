import { errorMessage } from '../../../core/errors.js';
import type { ResourceReading } from '../../../core/resources.js';
import type { CniAgentSelector } from '../../../core/suite/types.js';
import type { KubeClient } from '../api/kube-client.js';
import { maxAgentMemoryBytes, readCniAgentStats, type CniAgentStats } from './agent-stats.js';
import { readCniAgentUsage, type CniAgentUsage } from './agent-usage.js';
import type { DaemonSetRef } from './cni-spec.js';
import type { ResolvedCni } from './deploy-cni.js';

/** The CNI's DaemonSets: the preset's or the manifests', or those found in an existing CNI's namespace. */
async function agentDaemonSets(c: KubeClient, resolvedCni: ResolvedCni): Promise<readonly DaemonSetRef[]> {
  const targets = resolvedCni.deployment?.daemonSets ?? resolvedCni.existingDaemonSets ?? [];
  if (!('namespace' in targets)) return targets;
  const ns = targets.namespace;
  return (await c.listDaemonSets(ns)).map((d) => ({ namespace: ns, name: d.metadata?.name ?? '' }));
}

/** CPU/memory of the CNI agent pods of the resolved CNI's DaemonSets (metrics.k8s.io). */
export async function agentUsageOf(c: KubeClient, resolvedCni: ResolvedCni): Promise<CniAgentUsage> {
  const refs = await agentDaemonSets(c, resolvedCni);
  if (refs.length === 0) return { available: false, reason: 'no CNI DaemonSet known' };
  return readCniAgentUsage(c, refs);
}

/** Working set and cumulative CPU of the CNI agent pods (DaemonSets, or `selector`) from every kubelet. */
export async function agentStatsOf(
  c: KubeClient,
  resolvedCni: ResolvedCni,
  selector: CniAgentSelector | undefined,
): Promise<CniAgentStats> {
  const daemonSets = selector ? [] : await agentDaemonSets(c, resolvedCni);
  if (!selector && daemonSets.length === 0) return { available: false, reason: 'no CNI DaemonSet known' };
  const nodes = (await c.listNodes()).map((n) => n.metadata?.name ?? '').filter((n) => n !== '');
  return readCniAgentStats(c, nodes, { daemonSets, ...(selector ? { selector } : {}) });
}

const AGENT_METRICS = ['cni_agent_memory_bytes', 'cni_agent_cpu_seconds_per_gbit'] as const;

/**
 * The CNI agents' resources now, for the runner's resource probe: the working set (max over nodes)
 * and each agent pod's cumulative CPU. An API call that fails (e.g. 403 listing the agent pods) makes
 * the reading unavailable with one line, like a missing stats endpoint: never a failure of the run.
 */
export async function agentResourceReading(
  c: KubeClient,
  resolvedCni: ResolvedCni,
  selector: CniAgentSelector | undefined,
): Promise<ResourceReading> {
  let stats: CniAgentStats;
  try {
    stats = await agentStatsOf(c, resolvedCni, selector);
  } catch (error) {
    stats = {
      available: false,
      reason: `CNI agent pods not readable (${errorMessage(error).split('\n')[0]})`,
    };
  }
  const memory = maxAgentMemoryBytes(stats);
  if (!stats.available || memory === undefined) {
    const reason = stats.available ? 'no node to read' : stats.reason;
    return { available: false, reason, metrics: AGENT_METRICS };
  }
  return { available: true, levels: { cni_agent_memory_bytes: memory }, cpu: stats.cpu };
}
