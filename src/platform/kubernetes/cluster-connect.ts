import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage } from '../../core/errors.js';
import type { KubeClient } from './api/kube-client.js';
import type { KubernetesDeps } from './deps.js';
import { KubernetesError } from './errors.js';
import { findOrInstallKind } from './kind/kind-binary.js';
import { createKindCluster, type KindClusterHandle } from './kind/kind-cluster.js';
import { renderKindConfig, type KindClusterSpec } from './kind/kind-config.js';
import { resolveKubeconfigPath } from './kubeconfig.js';
import type { KubernetesPlatformOptions } from './options.js';
import type { KubernetesRunState } from './run-state.js';

/** Waits until a new kind cluster's API server answers; Timeout after `timeoutMs`. */
async function waitForApi(
  c: KubeClient,
  deps: KubernetesDeps,
  timeoutMs: number,
  kindName: string | null,
): Promise<void> {
  const deadline = deps.clock.now() + timeoutMs;
  for (;;) {
    try {
      await c.serverVersion();
      return;
    } catch (error) {
      if (deps.clock.now() >= deadline) {
        throw new KubernetesError(
          'Timeout',
          `API server of kind cluster ${kindName} not reachable after ${Math.round(timeoutMs / 1000)}s: ${errorMessage(error)}`,
        );
      }
      await deps.clock.sleep(deps.clock.intervalMs);
    }
  }
}

/** What a run has made or found so far: teardown removes it, the post step gets it. */
export interface ClusterHandles {
  client?: KubeClient;
  kubeconfigPath: string | null;
  kindHandle?: KindClusterHandle;
  workDir?: string;
}

/**
 * Connects to a cluster to run in: a kind cluster created now (in a temp dir), or the existing one
 * of a kubeconfig. Records each handle in `made` as soon as it exists, so that a failure halfway
 * is still torn down.
 */
export async function connectCluster(
  options: KubernetesPlatformOptions,
  deps: KubernetesDeps,
  kind: {
    readonly kindSpec: KindClusterSpec | null;
    readonly kindName: string | null;
    readonly apiReadyMs: number;
  },
  made: ClusterHandles,
): Promise<{ client: KubeClient; kubeconfigPath: string }> {
  const { kindSpec, kindName } = kind;
  if (options.cluster.mode === 'kind' && kindSpec && kindName) {
    const dir = await deps.makeTempDir();
    made.workDir = dir;
    const configPath = join(dir, 'kind-config.yaml');
    await writeFile(configPath, renderKindConfig(kindSpec));
    const kindBinary = await findOrInstallKind({
      exec: deps.exec,
      downloader: deps.downloader,
      installDir: deps.toolDir,
      platform: deps.platform,
    });
    const kindHandle: KindClusterHandle = {
      name: kindName,
      kind: kindBinary,
      kubeconfigPath: join(dir, 'kubeconfig'),
    };
    made.kindHandle = kindHandle;
    made.kubeconfigPath = kindHandle.kubeconfigPath;
    deps.onLog?.(
      `creating kind cluster ${kindName} (${kindSpec.workers} workers, kube-proxy ${kindSpec.kubeProxyMode})`,
    );
    await createKindCluster(deps.exec, kindHandle, configPath);
    made.client = deps.makeClient(deps.loadKubeconfig(kindHandle.kubeconfigPath));
    await waitForApi(made.client, deps, kind.apiReadyMs, kindName);
    return { client: made.client, kubeconfigPath: kindHandle.kubeconfigPath };
  }
  const explicit = options.cluster.mode === 'existing' ? options.cluster.kubeconfigPath : undefined;
  const kubeconfigPath = resolveKubeconfigPath(explicit, deps.env, deps.homeDir);
  made.kubeconfigPath = kubeconfigPath;
  made.client = deps.makeClient(deps.loadKubeconfig(kubeconfigPath));
  await made.client.serverVersion();
  return { client: made.client, kubeconfigPath };
}

/** What exists now that teardown would remove (the Action's post step gets it). */
export function runStateOf(namespace: string, made: ClusterHandles): KubernetesRunState {
  const kind = made.kindHandle;
  return {
    namespace,
    kubeconfigPath: made.kubeconfigPath,
    ...(kind
      ? { kindCluster: { name: kind.name, kind: kind.kind, kubeconfigPath: kind.kubeconfigPath } }
      : {}),
  };
}
