import { getExecOutput } from '@actions/exec';
import type { Exec } from '../adapters/exec.js';

/**
 * The Action's own short subprocesses (git cat-file/fetch/show of the PR's base conflist) run
 * through `@actions/exec`, so the job log shows each command line (`[command]git -C … show …`),
 * as users expect from actions. `@actions/exec` cannot stop a process: `timeoutMs` is not
 * enforced here (the job's timeout bounds these) and an abort signal is refused; long-running
 * work that must stop on time (the lab, the root CLI, kind/helm) keeps the project's own exec.
 */
export function createActionsExec(): Exec {
  return {
    async run(command, args, options = {}) {
      if (options.signal)
        throw new Error('createActionsExec: abort signals are not supported by @actions/exec');
      const env = options.env
        ? Object.fromEntries(
            Object.entries({ ...process.env, ...options.env }).filter(
              (entry): entry is [string, string] => entry[1] !== undefined,
            ),
          )
        : undefined;
      try {
        const result = await getExecOutput(command, [...args], {
          ignoreReturnCode: true,
          ...(options.cwd ? { cwd: options.cwd } : {}),
          ...(env ? { env } : {}),
          ...(options.input !== undefined ? { input: Buffer.from(options.input) } : {}),
        });
        return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr, timedOut: false };
      } catch (error) {
        // @actions/exec throws when the command cannot be started (not found): report it like a shell.
        return {
          exitCode: 127,
          stdout: '',
          stderr: `${command}: ${error instanceof Error ? error.message : String(error)}`,
          timedOut: false,
        };
      }
    },
  };
}
