/**
 * Action post entry point (dist/action/post.js): removes lab resources the main step left
 * behind (a crashed or cancelled run). It only warns, never fails the job.
 */
import * as core from '@actions/core';
import { errorMessage } from '../core/errors.js';
import { cleanupLabLeftovers, createNodeLabDeps } from '../platform/lab/index.js';
import { STATE_KEYS } from './suite/state-keys.js';
import { defaultRootCli, runCliAsRoot } from './suite/root-cli.js';

async function post(): Promise<void> {
  const started = core.getState(STATE_KEYS.labStarted) === 'true';
  const platform = core.getState(STATE_KEYS.platform);
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

await post();
