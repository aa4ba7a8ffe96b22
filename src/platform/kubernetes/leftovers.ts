import { access, constants } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage } from '../../core/errors.js';
import type { KubernetesDeps } from './deps.js';
import { kindClusterName } from './kind/kind-cluster.js';
import { teardownKubernetesRun } from './teardown.js';
import { runNamespace } from './workloads/labels.js';

/** The runs whose leftovers to remove: kind clusters this tool created, or namespaces in an existing cluster. */
export interface KubernetesLeftoverRuns {
  readonly runIds: readonly string[];
  /** The existing cluster's kubeconfig, or null when each run created its own kind cluster. */
  readonly kubeconfig: string | null;
}

/**
 * Removes what runs may have left behind after their process died (the Action's post step):
 * the kind clusters `cpg-<runId>` that still exist (`kind get clusters`), or — on an existing
 * cluster — the runs' namespaces. Returns what it removed; tries every run and throws the first
 * failure afterwards.
 */
export async function cleanupKubernetesLeftovers(
  runs: KubernetesLeftoverRuns,
  deps: KubernetesDeps,
): Promise<string[]> {
  if (runs.kubeconfig !== null) {
    const removed: string[] = [];
    for (const runId of runs.runIds) {
      await teardownKubernetesRun({ namespace: runNamespace(runId), kubeconfigPath: runs.kubeconfig }, deps);
      removed.push(`namespace ${runNamespace(runId)} (if it was left)`);
    }
    return removed;
  }
  const kind = await locateKind(deps);
  if (kind === null) return []; // no kind here: no cluster could have been created
  const listed = await deps.exec.run(kind, ['get', 'clusters'], { timeoutMs: 60_000 });
  if (listed.exitCode !== 0)
    throw new Error(`kind get clusters failed: ${listed.stderr.trim().split('\n')[0] ?? ''}`);
  const existing = new Set(listed.stdout.split('\n').map((line) => line.trim()));
  const removed: string[] = [];
  const failures: string[] = [];
  for (const name of runs.runIds.map(kindClusterName).filter((n) => existing.has(n))) {
    const deleted = await deps.exec.run(kind, ['delete', 'cluster', '--name', name], { timeoutMs: 300_000 });
    if (deleted.exitCode === 0) removed.push(`kind cluster ${name}`);
    else failures.push(`${name}: ${deleted.stderr.trim().split('\n').pop() ?? `exit ${deleted.exitCode}`}`);
  }
  if (failures.length > 0) throw new Error(`kind delete cluster failed for ${failures.join('; ')}`);
  return removed;
}

/** `kind` on PATH, else the copy this tool downloaded into its tool directory, else null. */
async function locateKind(deps: KubernetesDeps): Promise<string | null> {
  const probe = await deps.exec.run('kind', ['version'], { timeoutMs: 15_000 }).catch(() => undefined);
  if (probe?.exitCode === 0) return 'kind';
  const downloaded = join(deps.toolDir, 'kind');
  return access(downloaded, constants.X_OK).then(
    () => downloaded,
    (error: unknown) => {
      deps.onLog?.(`no kind binary found (${errorMessage(error)}): no kind cluster to remove`);
      return null;
    },
  );
}
