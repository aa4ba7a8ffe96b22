import { ToolError } from '../../core/errors.js';
import type { LabDeps } from './deps.js';
import { LAB_PREFIX } from './address-plan.js';
import { ip } from './commands.js';

/** Names of all network namespaces (`ip netns list`). */
export async function listNamespaces(deps: LabDeps): Promise<string[]> {
  const result = await deps.exec.run('ip', ['netns', 'list']);
  if (result.exitCode !== 0) return [];
  return result.stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[0] ?? '')
    .filter((name) => name !== '');
}

/** Creates a namespace with loopback up. */
export async function createNamespace(deps: LabDeps, name: string, signal?: AbortSignal): Promise<void> {
  await ip(deps, ['netns', 'add', name], signal);
  await ip(deps, ['-n', name, 'link', 'set', 'lo', 'up'], signal);
}

/** PIDs of processes inside a namespace. */
export async function namespacePids(deps: LabDeps, name: string): Promise<number[]> {
  const result = await deps.exec.run('ip', ['netns', 'pids', name]);
  if (result.exitCode !== 0) return [];
  return result.stdout
    .split('\n')
    .map((l) => Number(l.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
}

/**
 * Kills every process inside a lab namespace (SIGTERM, then SIGKILL), then deletes it. Refuses
 * names without the lab prefix. No error when the namespace is already gone; a ToolError with
 * ip's message when it is still there after `ip netns del` (e.g. not root).
 */
export async function destroyNamespace(deps: LabDeps, name: string): Promise<void> {
  if (!name.startsWith(LAB_PREFIX))
    throw new Error(`refusing to delete namespace ${name}: not a lab namespace`);
  let pids = await namespacePids(deps, name);
  if (pids.length > 0) {
    await deps.exec.run('kill', ['-TERM', ...pids.map(String)]);
    for (let i = 0; i < 20 && pids.length > 0; i++) {
      await deps.sleep(50);
      pids = pids.filter((pid) => deps.isProcessAlive(pid));
    }
    if (pids.length > 0) await deps.exec.run('kill', ['-KILL', ...pids.map(String)]);
  }
  const result = await deps.exec.run('ip', ['netns', 'del', name]);
  if (result.exitCode !== 0 && (await listNamespaces(deps)).includes(name)) {
    const detail = (result.stderr.trim() || `exit code ${result.exitCode}`).split('\n')[0];
    throw new ToolError('ip', `ip netns del ${name}: ${detail}`);
  }
}
