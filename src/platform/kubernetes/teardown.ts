import type { Exec } from '../../adapters/exec.js';
import type { KubeClient } from './api/kube-client.js';
import type { KubernetesDeps } from './deps.js';
import { KubernetesError } from './errors.js';
import { deleteKindCluster, type KindClusterHandle } from './kind/kind-cluster.js';
import type { KubernetesRunState } from './run-state.js';
import type { PollClock } from './workloads/pod-watch.js';

/** What to remove. */
export interface CleanupTarget {
  readonly client: KubeClient | undefined;
  readonly namespace: string | null;
  readonly kind: KindClusterHandle | undefined;
}

/**
 * Deletes the run's namespace (waiting until it is gone, unless the cluster goes too) and the
 * kind cluster we created. Tries every step; rethrows the first failure afterwards.
 */
export async function cleanupRun(
  target: CleanupTarget,
  deps: { exec: Exec; clock: PollClock; namespaceDeleteMs: number; log?: (line: string) => void },
): Promise<void> {
  const errors: unknown[] = [];
  if (target.client && target.namespace) {
    const { client, namespace } = target;
    try {
      const existed = await client.deleteNamespace(namespace);
      if (existed && !target.kind) {
        const deadline = deps.clock.now() + deps.namespaceDeleteMs;
        while (await client.namespaceExists(namespace)) {
          if (deps.clock.now() >= deadline) {
            throw new KubernetesError(
              'Timeout',
              `namespace ${namespace} still terminating after ${Math.round(deps.namespaceDeleteMs / 1000)}s`,
            );
          }
          await deps.clock.sleep(deps.clock.intervalMs);
        }
      }
      if (existed) deps.log?.(`deleted namespace ${namespace}`);
    } catch (error) {
      errors.push(error);
    }
  }
  if (target.kind) {
    try {
      await deleteKindCluster(deps.exec, target.kind);
      deps.log?.(`deleted kind cluster ${target.kind.name}`);
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length > 0) throw errors[0];
}

/**
 * Cleans up after a run from what its main step saved (the Action's post step): deletes the
 * namespace and, when the run created it, the kind cluster. Safe to call twice.
 */
export async function teardownKubernetesRun(state: KubernetesRunState, deps: KubernetesDeps): Promise<void> {
  let client: KubeClient | undefined;
  if (state.kubeconfigPath) {
    try {
      client = deps.makeClient(deps.loadKubeconfig(state.kubeconfigPath));
    } catch (error) {
      // A kind cluster whose kubeconfig is gone can still be deleted by name.
      if (!state.kindCluster) throw error;
    }
  }
  await cleanupRun(
    { client, namespace: state.namespace, kind: state.kindCluster },
    {
      exec: deps.exec,
      clock: deps.clock,
      namespaceDeleteMs: 120_000,
      ...(deps.onLog ? { log: deps.onLog } : {}),
    },
  );
}
