import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

function run(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return ''; // pgrep exits 1 when nothing matches
  }
}

/**
 * What a lab run left behind: its `cpg-<runId>-…` namespaces, processes whose command line names
 * the run (servers carry the run's state dir in their arguments), its state directory, and its
 * eBPF traces: mounts under the state dir (own bpffs / cgroup2), pins under /sys/fs/bpf, a
 * `cpg-<runId>` cgroup in any cgroup2 hierarchy.
 * An empty list means the run cleaned up after itself.
 */
export function labLeftovers(runId: string, stateDir = `/run/cni-perf-gate/${runId}`): string[] {
  const left: string[] = [];
  for (const line of run('ip', ['netns', 'list']).split('\n')) {
    const name = line.trim().split(/\s+/)[0] ?? '';
    if (name.startsWith(`cpg-${runId}-`)) left.push(`namespace ${name}`);
  }
  for (const line of run('pgrep', ['-a', '-f', `cpg-${runId}-|${stateDir}`]).split('\n')) {
    if (line.trim() !== '') left.push(`process ${line.trim()}`);
  }
  if (existsSync(stateDir)) left.push(`state dir ${stateDir}`);
  const mounts = readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((line) => line.split(' '))
    .filter((f) => f.length > 2);
  for (const [, target, fstype] of mounts) {
    if (target === stateDir || target!.startsWith(`${stateDir}/`)) left.push(`mount ${target} (${fstype})`);
    if (fstype === 'cgroup2' && existsSync(`${target}/cpg-${runId}`))
      left.push(`cgroup ${target}/cpg-${runId}`);
  }
  if (existsSync(`/sys/fs/bpf/cpg-${runId}`)) left.push(`pins /sys/fs/bpf/cpg-${runId}`);
  return left;
}

/** A unique lab run id for a test (≤ 8 characters): a 2-letter tag plus random base-36. */
export function testRunId(tag: string): string {
  return `${tag.slice(0, 2)}${Math.random().toString(36).slice(2, 8)}`
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '0');
}
