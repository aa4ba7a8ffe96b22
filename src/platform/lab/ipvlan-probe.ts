import type { LabDeps } from './deps.js';
import { createNamespace, destroyNamespace } from './netns.js';

/**
 * Detects ipvlan support by creating one on a veth in a scratch namespace. Returns null when it
 * works, else the kernel's words (e.g. "Error: Unknown device type."). The namespace is removed.
 */
export async function detectIpvlan(deps: LabDeps, scratchNamespace: string): Promise<string | null> {
  try {
    await createNamespace(deps, scratchNamespace);
    const veth = await deps.exec.run('ip', [
      '-n',
      scratchNamespace,
      'link',
      'add',
      'pv0',
      'type',
      'veth',
      'peer',
      'name',
      'pv1',
    ]);
    if (veth.exitCode !== 0) return `cannot create the veth to probe with: ${veth.stderr.trim()}`;
    const probe = await deps.exec.run('ip', [
      '-n',
      scratchNamespace,
      'link',
      'add',
      'iv0',
      'link',
      'pv0',
      'type',
      'ipvlan',
      'mode',
      'l2',
    ]);
    return probe.exitCode === 0
      ? null
      : `creating an ipvlan device failed: ${probe.stderr.trim() || `exit code ${probe.exitCode}`}`;
  } finally {
    await destroyNamespace(deps, scratchNamespace);
  }
}
