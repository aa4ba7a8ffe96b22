import type { CpuTimes, CpuUsage } from '../parsers/proc-stat.js';
import type { ProcessTimes } from '../parsers/proc-pid-stat.js';

/** Every process's CPU times at one instant, by pid. */
export type ProcessSnapshot = ReadonlyMap<number, ProcessTimes>;

/** pids that are `root` or descend from it in either snapshot (a process may have exited since). */
export function ownProcesses(root: number, ...snapshots: readonly ProcessSnapshot[]): Set<number> {
  const parent = new Map<number, number>();
  for (const snapshot of snapshots) for (const p of snapshot.values()) parent.set(p.pid, p.ppid);
  const own = new Set<number>([root]);
  const isOwn = (pid: number): boolean => {
    const chain: number[] = [];
    let at: number | undefined = pid;
    while (at !== undefined && at > 1 && !own.has(at) && chain.length < 4096) {
      chain.push(at);
      at = parent.get(at);
    }
    const result = at !== undefined && own.has(at);
    if (result) for (const p of chain) own.add(p);
    return result;
  };
  for (const pid of parent.keys()) isOwn(pid);
  return own;
}

/**
 * True for a process whose CPU use competes with the run: every user process. Kernel threads are
 * left out (they mostly serve the run's own packets). Priority does not protect a network
 * measurement: on the 2-core lab machine, co-tenants at nice 19 still cut pod TCP throughput by
 * 2–3× and tripled its spread (docs/drift-quality.md), so niceness is not an excuse.
 */
function competes(p: ProcessTimes): boolean {
  return !p.kernelThread;
}

/**
 * Clock ticks used between two snapshots by user processes outside the run: processes that are
 * neither `root` (the runner) nor its descendants, and not kernel threads (which serve the run's
 * own packets), whatever their priority. A process present in both snapshots counts its growth; one started in between
 * counts all of it; children it reaped in between arrive through its child ticks, less what they had
 * used before the first snapshot.
 */
export function foreignTicks(before: ProcessSnapshot, after: ProcessSnapshot, root: number): number {
  const own = ownProcesses(root, before, after);
  let ticks = 0;
  for (const now of after.values()) {
    if (!competes(now) || own.has(now.pid)) continue;
    const then = before.get(now.pid);
    const same = then !== undefined && then.startTicks === now.startTicks;
    const total = now.ownTicks + now.childTicks;
    ticks += same ? Math.max(0, total - then.ownTicks - then.childTicks) : total;
  }
  // A process that ended in between hands its whole life's ticks to its parent's child ticks when
  // reaped; only what it used after `before` belongs to the interval.
  for (const then of before.values()) {
    if (!competes(then) || own.has(then.pid)) continue;
    const now = after.get(then.pid);
    if (now === undefined || now.startTicks !== then.startTicks) ticks -= then.ownTicks + then.childTicks;
  }
  return Math.max(0, ticks);
}

/** Interference and the run's own CPU cost over one sample. */
export interface AttributedCpu extends CpuUsage {
  readonly foreignPercent: number;
  readonly stealPercent: number;
}

/**
 * Splits the machine's CPU time between two /proc/stat readings into hypervisor steal, other
 * processes' work (`foreign`, from the process snapshots) and the run's own cost (everything else
 * that was busy: its processes, the kernel threads and softirq its packets cause). Percentages are
 * of all CPUs over the interval; a co-tenant moves `foreignPercent`, not `busyPercent`.
 */
export function attributeCpu(
  cpuBefore: CpuTimes,
  cpuAfter: CpuTimes,
  foreign: number,
  clockTicksPerSecond = 100,
): AttributedCpu | null {
  const total = ticksOf(cpuAfter) - ticksOf(cpuBefore);
  const idle = cpuAfter.idle + cpuAfter.iowait - cpuBefore.idle - cpuBefore.iowait;
  const steal = cpuAfter.steal - cpuBefore.steal;
  const softirq = cpuAfter.softirq - cpuBefore.softirq;
  if (!(total > 0) || idle < 0 || steal < 0 || softirq < 0) return null;
  // Process times and /proc/stat are sampled at slightly different instants: clamp to what was busy.
  const busy = Math.max(0, total - idle - steal);
  const foreignClamped = Math.min(Math.max(0, foreign), busy);
  const own = busy - foreignClamped;
  const pct = (ticks: number): number => (ticks * 100) / total;
  return {
    busyPercent: pct(own),
    softirqPercent: pct(softirq),
    busySeconds: own / clockTicksPerSecond,
    foreignPercent: pct(foreignClamped),
    stealPercent: pct(steal),
  };
}

function ticksOf(t: CpuTimes): number {
  return t.user + t.nice + t.system + t.idle + t.iowait + t.irq + t.softirq + t.steal;
}
