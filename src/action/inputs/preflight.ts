import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage } from '../../core/errors.js';

/**
 * Checks what the runner hands every step before anything reads it: the event payload must be JSON
 * (the GitHub toolkit parses it when it is first imported, and a parse error there would surface as
 * a stack trace with no annotation) and RUNNER_TEMP, when set, must be a directory this step can
 * write to (reports, results and the lab's state live there). Returns one line saying what is wrong
 * and how to fix it, or null.
 */
export async function preflightProblem(
  env: Readonly<Record<string, string | undefined>>,
): Promise<string | null> {
  const eventPath = env['GITHUB_EVENT_PATH'];
  if (eventPath) {
    const text = await readFile(eventPath, 'utf8').catch(() => null);
    if (text !== null) {
      try {
        JSON.parse(text);
      } catch (error) {
        return `GITHUB_EVENT_PATH ${eventPath} is not JSON (${errorMessage(error).split('\n')[0]}): the runner writes the event payload there; run the action from a workflow, or point GITHUB_EVENT_PATH at a JSON file`;
      }
    }
  }
  const temp = env['RUNNER_TEMP'];
  if (temp) {
    try {
      const info = await stat(temp);
      if (!info.isDirectory())
        return `RUNNER_TEMP ${temp} is not a directory: set it to a writable directory`;
      const probe = await mkdtemp(join(temp, 'cni-perf-gate-probe-'));
      await rm(probe, { recursive: true, force: true });
    } catch (error) {
      return `RUNNER_TEMP ${temp} is not a writable directory (${errorMessage(error).split('\n')[0]}): set it to a directory this step can write to`;
    }
  }
  return null;
}
