/** The Action's main step with its real dependencies (loaded by main.ts after the preflight check). */
import * as core from '@actions/core';
import { tmpdir } from 'node:os';
import { UserError, errorMessage } from '../core/errors.js';
import { createArtifactStore } from '../github/artifact-store.js';
import { createGitHubApi } from '../github/rest-client.js';
import { CLI_VERSION } from '../version.js';
import { createActionCore } from './action-core.js';
import type { ActionDeps } from './deps.js';
import { runAction } from './run-action.js';
import { createSuiteRunner } from './suite/suite-runner.js';

/** Builds the real dependencies, runs the action and reports failures as one `::error::` line. */
export async function runActionMain(): Promise<void> {
  const deps: ActionDeps = {
    core: createActionCore(),
    runSuite: createSuiteRunner(CLI_VERSION),
    github: (token, repo) => createGitHubApi(token, repo),
    artifacts: (token, repo) => createArtifactStore(token, repo),
    env: process.env,
    cwd: process.cwd(),
    osTempDir: tmpdir(),
    toolVersion: CLI_VERSION,
  };
  try {
    const result = await runAction(deps);
    if (result.failure) core.setFailed(result.failure);
  } catch (error) {
    if (error instanceof UserError) {
      core.setFailed(errorMessage(error).split('\n')[0] ?? 'error');
    } else {
      core.debug(error instanceof Error ? (error.stack ?? error.message) : String(error));
      core.setFailed(`cni-perf-gate internal error: ${errorMessage(error).split('\n')[0]}`);
    }
  }
}
