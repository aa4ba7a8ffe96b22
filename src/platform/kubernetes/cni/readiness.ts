import type { V1DaemonSet, V1Node } from '@kubernetes/client-node';
import type { KubeClient } from '../api/kube-client.js';
import { KubernetesError } from '../errors.js';
import type { PollClock } from '../workloads/pod-watch.js';
import type { DaemonSetRef } from './cni-spec.js';

/** What "the CNI is up" means for this run. */
export interface ReadinessTarget {
  /** Named DaemonSets, or every DaemonSet in a namespace. */
  readonly daemonSets: readonly DaemonSetRef[] | { readonly namespace: string };
  /** The cluster DNS Deployment, or null to skip the check. */
  readonly coreDns: DaemonSetRef | null;
}

/** True when a DaemonSet has fully rolled out (desired == ready == updated, desired > 0). */
export function daemonSetRolledOut(ds: V1DaemonSet): boolean {
  const s = ds.status;
  if (!s) return false;
  const desired = s.desiredNumberScheduled;
  const observedCurrent =
    s.observedGeneration === undefined ||
    ds.metadata?.generation === undefined ||
    s.observedGeneration >= ds.metadata.generation;
  return (
    desired > 0 && s.numberReady === desired && (s.updatedNumberScheduled ?? 0) === desired && observedCurrent
  );
}

/**
 * Taints a CNI (or the node lifecycle) puts on a node until its networking is up, then removes:
 * a node carrying one is not ready yet, rather than unschedulable. Cilium's operator keeps
 * `node.cilium.io/agent-not-ready=true:NoSchedule` on a node until the agent there is ready
 * (cilium/cilium#16631, docs.cilium.io "Taint effects"); `network-unavailable` mirrors the
 * node's NetworkUnavailable condition.
 */
export const CNI_STARTUP_TAINTS: readonly string[] = [
  'node.cilium.io/agent-not-ready',
  'node.kubernetes.io/network-unavailable',
];

/** The startup taints (CNI_STARTUP_TAINTS) a node still carries. */
export function startupTaints(node: V1Node): string[] {
  return (node.spec?.taints ?? []).map((t) => t.key).filter((key) => CNI_STARTUP_TAINTS.includes(key));
}

/** True when a node's Ready condition is True. */
export function nodeReady(node: V1Node): boolean {
  return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** Everything not ready yet, one short phrase each (empty when all is ready). */
export async function notReadyReport(client: KubeClient, target: ReadinessTarget): Promise<string[]> {
  const problems: string[] = [];
  const all = await client.listDaemonSets();
  const wanted: V1DaemonSet[] = [];
  if ('namespace' in target.daemonSets) {
    const ns = target.daemonSets.namespace;
    const inNs = all.filter((ds) => ds.metadata?.namespace === ns);
    if (inNs.length === 0) problems.push(`no DaemonSet in namespace ${ns} yet`);
    wanted.push(...inNs);
  } else {
    for (const ref of target.daemonSets) {
      const ds = all.find((d) => d.metadata?.namespace === ref.namespace && d.metadata?.name === ref.name);
      if (ds) wanted.push(ds);
      else problems.push(`DaemonSet ${ref.namespace}/${ref.name} not created yet`);
    }
  }
  for (const ds of wanted) {
    if (!daemonSetRolledOut(ds)) {
      const s = ds.status;
      problems.push(
        `DaemonSet ${ds.metadata?.namespace}/${ds.metadata?.name} ${s?.numberReady ?? 0}/${s?.desiredNumberScheduled ?? 0} ready, ${s?.updatedNumberScheduled ?? 0} updated`,
      );
    }
  }
  for (const node of await client.listNodes()) {
    if (!nodeReady(node)) {
      const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
      problems.push(`node ${node.metadata?.name} NotReady${ready?.reason ? ` (${ready.reason})` : ''}`);
    }
    const taints = startupTaints(node);
    if (taints.length > 0) problems.push(`node ${node.metadata?.name} still tainted ${taints.join(', ')}`);
  }
  if (target.coreDns) {
    const { namespace, name } = target.coreDns;
    const dns = await client.readDeployment(namespace, name);
    if (!dns) problems.push(`Deployment ${namespace}/${name} not found`);
    else {
      const want = dns.spec?.replicas ?? 1;
      const ready = dns.status?.readyReplicas ?? 0;
      if (ready < want || want === 0) problems.push(`Deployment ${namespace}/${name} ${ready}/${want} ready`);
    }
  }
  return problems;
}

/**
 * Waits until the CNI DaemonSets, all nodes (Ready, no CNI startup taint left) and CoreDNS are
 * ready; KubernetesError('NotReady') listing what is not.
 */
export async function waitForCniReady(
  client: KubeClient,
  target: ReadinessTarget,
  timeoutMs: number,
  clock: PollClock,
): Promise<void> {
  const deadline = clock.now() + timeoutMs;
  for (;;) {
    const problems = await notReadyReport(client, target);
    if (problems.length === 0) return;
    if (clock.now() >= deadline) {
      throw new KubernetesError(
        'NotReady',
        `CNI not ready after ${Math.round(timeoutMs / 1000)}s: ${problems.join('; ')}`,
      );
    }
    await clock.sleep(clock.intervalMs);
  }
}
