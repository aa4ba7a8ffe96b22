/**
 * Action main entry point (dist/action/main.js): checks the runner's environment, then builds the
 * real dependencies and runs the action (action-main.ts), turning every error into one `::error::`
 * line and exit code 1. The rest is imported only after the check: the GitHub toolkit reads the
 * event payload as it loads, and must not be the one to find it broken.
 */
import * as core from '@actions/core';
import { errorMessage } from '../core/errors.js';
import { preflightProblem } from './inputs/preflight.js';

const problem = await preflightProblem(process.env);
if (problem) {
  core.setFailed(problem);
} else {
  try {
    const { runActionMain } = await import('./action-main.js');
    await runActionMain();
  } catch (error) {
    core.debug(error instanceof Error ? (error.stack ?? error.message) : String(error));
    core.setFailed(`cni-perf-gate internal error: ${errorMessage(error).split('\n')[0]}`);
  }
}
