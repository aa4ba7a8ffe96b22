import type { LabDeps } from '../deps.js';
import { SYSTEM_BPFFS, readMounts, removeCgroup, unmountUnder } from './bpf-fs.js';
import { isMountedAs } from './mounts.js';

/**
 * Removes every eBPF trace of a run, whatever state it reached: its cgroup `cpg-<runId>` in the
 * cgroup2 hierarchy (processes killed first; the cgroup's programs are detached when it goes), its
 * pins under `/sys/fs/bpf/cpg-<runId>`, and the bpffs / cgroup2 mounts it made under `stateDir`
 * (a private bpffs takes its pins with it). Programs on devices go with the run's namespaces.
 * Returns what it removed. Used by teardown and by `cleanup` alike.
 */
export async function removeBpfLeftovers(deps: LabDeps, runId: string, stateDir: string): Promise<string[]> {
  const removed: string[] = [];
  const mounts = await readMounts(deps);
  const cgroupRoots = [...new Set(mounts.filter((m) => m.fstype === 'cgroup2').map((m) => m.target))];
  for (const root of cgroupRoots) {
    const dir = `${root}/cpg-${runId}`;
    if (!(await deps.listDir(root)).includes(`cpg-${runId}`)) continue;
    await removeCgroup(deps, dir);
    removed.push(`cgroup ${dir}`);
  }
  if (isMountedAs(mounts, SYSTEM_BPFFS, 'bpf')) {
    const pins = `${SYSTEM_BPFFS}/cpg-${runId}`;
    if ((await deps.listDir(SYSTEM_BPFFS)).includes(`cpg-${runId}`)) {
      await deps.remove(pins);
      removed.push(`pins ${pins}`);
    }
  }
  for (const target of await unmountUnder(deps, stateDir)) removed.push(`mount ${target}`);
  return removed;
}
