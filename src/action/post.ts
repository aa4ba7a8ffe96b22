/**
 * Action post entry point (dist/action/post.js): removes what the main step left behind (a
 * crashed or cancelled run): lab resources, or the kind clusters (namespaces on an existing
 * cluster) of its Kubernetes runs. It only warns, never fails the job.
 */
import * as core from '@actions/core';
import { errorMessage } from '../core/errors.js';
import { cleanupLabLeftovers, createNodeLabDeps } from '../platform/lab/index.js';
import { STATE_KEYS, type KubernetesRunsState } from './suite/state-keys.js';
import { cleanupKubernetesLeftovers, createNodeKubernetesDeps } from '../platform/kubernetes/index.js';
import { createNodeExec } from '../adapters/node-exec.js';
import { defaultRootCli, runCliAsRoot } from './suite/root-cli.js';

async function post(): Promise<void> {
  const started = core.getState(STATE_KEYS.suiteStarted) === 'true';
  const platform = core.getState(STATE_KEYS.platform);
  if (started && platform === 'kubernetes') {
    await postKubernetes(core.getState(STATE_KEYS.kubernetesRuns));
    return;
  }
  if (!started || platform !== 'lab') {
    core.info('cni-perf-gate post: no lab run to clean up');
    return;
  }
  try {
    if (process.getuid?.() !== 0) {
      // The lab ran as root through sudo (see root-cli.ts): clean up the same way.
      const exit = await runCliAsRoot(defaultRootCli(), ['cleanup'], (line) => core.info(line));
      if (exit.exitCode !== 0)
        core.warning(`cni-perf-gate post: lab cleanup failed: ${exit.lastLines.join(' ')}`);
      return;
    }
    const { removed } = await cleanupLabLeftovers(createNodeLabDeps());
    core.info(
      removed.length === 0
        ? 'cni-perf-gate post: nothing left behind'
        : `cni-perf-gate post: removed ${removed.length} leftover(s): ${removed.join(', ')}`,
    );
  } catch (error) {
    core.warning(`cni-perf-gate post: lab cleanup failed: ${errorMessage(error).split('\n')[0]}`);
  }
}

/** Removes the kind clusters (or, on an existing cluster, the namespaces) that main's runs left. */
async function postKubernetes(saved: string): Promise<void> {
  let runs: KubernetesRunsState;
  try {
    runs = JSON.parse(saved || '{"runIds":[],"kubeconfig":null}') as KubernetesRunsState;
  } catch {
    core.warning('cni-perf-gate post: the saved Kubernetes run list is unreadable; nothing removed');
    return;
  }
  try {
    const deps = createNodeKubernetesDeps(createNodeExec(), { onLog: (line) => core.info(line) });
    const removed = await cleanupKubernetesLeftovers(runs, deps);
    core.info(
      removed.length === 0
        ? `cni-perf-gate post: nothing left behind by Kubernetes run(s) ${runs.runIds.join(', ') || '(none)'}`
        : `cni-perf-gate post: removed ${removed.join(', ')}`,
    );
  } catch (error) {
    core.warning(`cni-perf-gate post: Kubernetes cleanup failed: ${errorMessage(error).split('\n')[0]}`);
  }
}

await post();
