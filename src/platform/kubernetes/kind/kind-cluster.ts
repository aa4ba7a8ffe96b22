import type { Exec } from '../../../adapters/exec.js';
import { ToolError } from '../../../core/errors.js';

/** A kind cluster this run creates and owns. */
export interface KindClusterHandle {
  readonly name: string;
  /** Path of the kind binary (or `kind`). */
  readonly kind: string;
  readonly kubeconfigPath: string;
}

/** The argument list of `kind create cluster` for our cluster (no readiness wait: the CNI is not there yet). */
export function kindCreateArgs(handle: KindClusterHandle, configPath: string): string[] {
  return [
    'create',
    'cluster',
    '--name',
    handle.name,
    '--config',
    configPath,
    '--kubeconfig',
    handle.kubeconfigPath,
    '--wait',
    '0s',
  ];
}

/** The argument list of `kind delete cluster` for our cluster. */
export function kindDeleteArgs(handle: KindClusterHandle): string[] {
  return ['delete', 'cluster', '--name', handle.name, '--kubeconfig', handle.kubeconfigPath];
}

function tail(text: string, lines = 8): string {
  return text.trim().split('\n').slice(-lines).join(' | ');
}

/** Runs `kind create cluster`; ToolError with kind's last lines on failure. */
export async function createKindCluster(
  exec: Exec,
  handle: KindClusterHandle,
  configPath: string,
  timeoutMs = 600_000,
): Promise<void> {
  const result = await exec.run(handle.kind, kindCreateArgs(handle, configPath), { timeoutMs });
  if (result.timedOut) {
    throw new ToolError('kind', `create cluster ${handle.name} timed out after ${timeoutMs / 1000}s`);
  }
  if (result.exitCode !== 0) {
    throw new ToolError(
      'kind',
      `create cluster ${handle.name} exited ${result.exitCode}: ${tail(result.stderr || result.stdout)}`,
    );
  }
}

/** Runs `kind delete cluster` (idempotent: kind succeeds when the cluster is already gone). */
export async function deleteKindCluster(
  exec: Exec,
  handle: KindClusterHandle,
  timeoutMs = 300_000,
): Promise<void> {
  const result = await exec.run(handle.kind, kindDeleteArgs(handle), { timeoutMs });
  if (result.exitCode !== 0 || result.timedOut) {
    throw new ToolError(
      'kind',
      `delete cluster ${handle.name} failed: ${tail(result.stderr || result.stdout) || 'timed out'}`,
    );
  }
}

/** Kubernetes-safe kind cluster name for a run id (lowercase, ≤ 40 chars). */
export function kindClusterName(runId: string): string {
  const safe = runId
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/^-+|-+$/g, '');
  return `cpg-${safe}`.slice(0, 40).replace(/-+$/, '');
}
