import type { LabDeps } from '../deps.js';
import { mustRun } from '../commands.js';
import { firstMountOf, isMountedAs, mountsUnder, parseMounts } from './mounts.js';

/** Where the system's BPF file system is normally mounted. */
export const SYSTEM_BPFFS = '/sys/fs/bpf';

/** How a run reaches bpffs and cgroup v2, and what it mounted itself. */
export interface BpfMounts {
  /** The run's pin directory: `/sys/fs/bpf/cpg-<runId>`, or the run's own bpffs mount. */
  readonly pinRoot: string;
  /** Mount points this run created (unmounted at teardown, deepest first). */
  readonly ownMounts: readonly string[];
}

/** Forces the run's own mounts even when the system has them (tests of the mount path). */
export interface MountPolicy {
  readonly forceOwnMounts?: boolean;
}

/** The text of /proc/self/mounts, parsed. */
export async function readMounts(deps: LabDeps) {
  return parseMounts(await deps.readFile('/proc/self/mounts').catch(() => ''));
}

/**
 * The run's pin root. Uses `/sys/fs/bpf/cpg-<runId>` when /sys/fs/bpf is a bpffs; otherwise (as
 * on machines without systemd's mount) mounts a private bpffs instance at `<stateDir>/bpffs`, so
 * no other run's pins share it and teardown can unmount it without a race.
 */
export async function openBpfFs(
  deps: LabDeps,
  runId: string,
  stateDir: string,
  policy: MountPolicy = {},
): Promise<BpfMounts> {
  const mounts = await readMounts(deps);
  if (!policy.forceOwnMounts && isMountedAs(mounts, SYSTEM_BPFFS, 'bpf')) {
    const pinRoot = `${SYSTEM_BPFFS}/cpg-${runId}`;
    await deps.mkdir(pinRoot);
    return { pinRoot, ownMounts: [] };
  }
  const pinRoot = `${stateDir}/bpffs`;
  await deps.mkdir(pinRoot);
  if (!isMountedAs(mounts, pinRoot, 'bpf')) await mustRun(deps, 'mount', ['-t', 'bpf', 'bpf', pinRoot]);
  return { pinRoot, ownMounts: [pinRoot] };
}

/**
 * The run's cgroup (v2) directory `cpg-<runId>`, created in the system's cgroup2 mount, or in a
 * cgroup2 mount of the run's own at `<stateDir>/cgroup2` when the machine has none (cgroup v1
 * only). Throws a ToolError when cgroup2 cannot be mounted.
 */
export async function openCgroup(
  deps: LabDeps,
  runId: string,
  stateDir: string,
  policy: MountPolicy = {},
): Promise<{ dir: string; ownMounts: string[] }> {
  const mounts = await readMounts(deps);
  const system = policy.forceOwnMounts ? undefined : firstMountOf(mounts, 'cgroup2', '/run/cni-perf-gate/');
  let root = system;
  const ownMounts: string[] = [];
  if (!root) {
    root = `${stateDir}/cgroup2`;
    await deps.mkdir(root);
    if (!isMountedAs(mounts, root, 'cgroup2')) await mustRun(deps, 'mount', ['-t', 'cgroup2', 'none', root]);
    ownMounts.push(root);
  }
  const dir = `${root}/cpg-${runId}`;
  await deps.mkdir(dir);
  return { dir, ownMounts };
}

/**
 * Removes a run's cgroup: kills what is left in it (cgroup.kill), then rmdir, retried briefly while
 * the processes exit. No error when it is gone.
 */
export async function removeCgroup(deps: LabDeps, dir: string): Promise<void> {
  const slash = dir.lastIndexOf('/');
  if (!(await deps.listDir(dir.slice(0, slash))).includes(dir.slice(slash + 1))) return;
  await deps.writeFile(`${dir}/cgroup.kill`, '1').catch(() => undefined);
  for (let i = 0; i < 40; i++) {
    const r = await deps.exec.run('rmdir', [dir]);
    if (r.exitCode === 0) return;
    await deps.sleep(50);
  }
  await mustRun(deps, 'rmdir', [dir]);
}

/** Unmounts every mount at or below `prefix` (deepest first). */
export async function unmountUnder(deps: LabDeps, prefix: string): Promise<string[]> {
  const targets = mountsUnder(await readMounts(deps), prefix);
  for (const target of targets) await mustRun(deps, 'umount', [target]);
  return targets;
}
