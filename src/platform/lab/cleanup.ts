import type { LabDeps } from './deps.js';
import { LAB_STATE_ROOT, labNames } from './address-plan.js';
import { destroyNamespace, listNamespaces } from './netns.js';
import { SYSTEM_BPFFS, readMounts } from './bpf/bpf-fs.js';
import { removeBpfLeftovers } from './bpf/leftovers.js';

/** Options of {@link cleanupLabLeftovers}. */
export interface LabCleanupOptions {
  /** Remove every `cpg-` run, even those whose owner process is alive. */
  readonly all?: boolean;
}

const RUN_DIR = /^[a-z0-9]{1,8}$/;
const RUN_ENTRY = /^cpg-([a-z0-9]{1,8})$/;

/** Run ids that own a pin directory under /sys/fs/bpf or a cgroup in a cgroup2 hierarchy. */
async function bpfRunIds(deps: LabDeps): Promise<string[]> {
  const roots = [
    SYSTEM_BPFFS,
    ...(await readMounts(deps)).filter((m) => m.fstype === 'cgroup2').map((m) => m.target),
  ];
  const ids: string[] = [];
  for (const root of new Set(roots)) {
    for (const entry of await deps.listDir(root)) {
      const id = RUN_ENTRY.exec(entry)?.[1];
      if (id) ids.push(id);
    }
  }
  return ids;
}

async function ownerAlive(deps: LabDeps, runId: string): Promise<boolean> {
  const text = await deps.readFile(`${LAB_STATE_ROOT}/${runId}/owner`).catch(() => '');
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 && deps.isProcessAlive(pid);
}

/**
 * Removes lab runs left behind by crashed processes: every `cpg-<runId>-…` namespace (processes
 * inside are killed first), the run's eBPF traces (cgroup `cpg-<runId>`, pins under
 * `/sys/fs/bpf/cpg-<runId>`, the bpffs/cgroup2 mounts it made) and `/run/cni-perf-gate/<runId>`,
 * for runs whose owner pid (recorded at prepare) is dead or missing — or all of them with
 * `all: true`. Touches nothing else.
 * Returns what it removed (namespace names and state directories).
 */
export async function cleanupLabLeftovers(
  deps: LabDeps,
  options: LabCleanupOptions = {},
): Promise<{ removed: string[] }> {
  const namespaces = (await listNamespaces(deps)).filter((ns) => labNames.runIdOf(ns) !== undefined);
  const dirs = (await deps.listDir(LAB_STATE_ROOT)).filter((d) => RUN_DIR.test(d));
  const runIds = new Set([
    ...namespaces.map((ns) => labNames.runIdOf(ns)!),
    ...dirs,
    ...(await bpfRunIds(deps)),
  ]);
  const removed: string[] = [];
  for (const runId of [...runIds].sort()) {
    if (!options.all && (await ownerAlive(deps, runId))) continue;
    for (const ns of namespaces.filter((n) => labNames.runIdOf(n) === runId)) {
      await destroyNamespace(deps, ns);
      removed.push(ns);
    }
    removed.push(...(await removeBpfLeftovers(deps, runId, `${LAB_STATE_ROOT}/${runId}`)));
    if (dirs.includes(runId)) {
      await deps.remove(`${LAB_STATE_ROOT}/${runId}`);
      removed.push(`${LAB_STATE_ROOT}/${runId}`);
    }
  }
  return { removed };
}
