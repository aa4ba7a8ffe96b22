import type { ExecOptions, ExecResult } from '../../adapters/exec.js';
import { ToolError } from '../../core/errors.js';
import type { LabDeps } from './deps.js';

/** Runs a command and throws a ToolError naming it (and its stderr) when it exits non-zero. */
export async function mustRun(
  deps: LabDeps,
  command: string,
  args: readonly string[],
  options?: ExecOptions,
): Promise<ExecResult> {
  const result = await deps.exec.run(command, args, options);
  if (result.exitCode !== 0) {
    const detail = (result.stderr.trim() || result.stdout.trim() || `exit code ${result.exitCode}`).split(
      '\n',
    )[0];
    throw new ToolError(command, `${[command, ...args].join(' ')}: ${detail}`);
  }
  return result;
}

/** Runs `ip <args>` and throws on failure. */
export function ip(deps: LabDeps, args: readonly string[], signal?: AbortSignal): Promise<ExecResult> {
  return mustRun(deps, 'ip', args, signal ? { signal } : undefined);
}

/** Runs a command inside a namespace (`ip netns exec <ns> …`) and throws on failure. */
export function inNamespace(
  deps: LabDeps,
  namespace: string,
  command: string,
  args: readonly string[],
  options?: ExecOptions,
): Promise<ExecResult> {
  return mustRun(deps, 'ip', ['netns', 'exec', namespace, command, ...args], options);
}
