/**
 * Co-tenants for the drift benchmark: CPU hogs the way shared runners have them.
 * - `visible`: a process outside the run (double-forked, so it is not a descendant of the runner):
 *   the interference meter sees it as foreign CPU;
 * - `intermittent`: the same, busy `busyS` then idle `idleS`, over and over;
 * - `hidden`: a child of the benchmark process itself — inside the runner's process tree, so the
 *   meter counts it as the run's own: it stands for what no meter on the machine sees (a noisy
 *   neighbour on the host, a slower runner), which only the in-run control can reveal.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';

/** How a co-tenant loads the machine. */
export type CoTenantKind = 'visible' | 'intermittent' | 'hidden';

/** A running co-tenant; `stop()` kills it and everything it started. */
export interface CoTenant {
  readonly kind: CoTenantKind;
  /** Its process (the group leader for the detached kinds). */
  readonly pid: number;
  stop(): void;
}

/** One CPU-bound process that reads zeros and hashes them (single-threaded: one core). */
const HOG = 'exec sha256sum /dev/zero >/dev/null 2>&1';

/** Starts a co-tenant of `kind` (Linux, coreutils). */
export function startCoTenant(kind: CoTenantKind, busyS = 6, idleS = 4): CoTenant {
  if (kind === 'hidden') {
    const child: ChildProcess = spawn('sh', ['-c', HOG], { stdio: 'ignore' });
    return { kind, pid: child.pid ?? -1, stop: () => void child.kill('SIGKILL') };
  }
  const body =
    kind === 'visible'
      ? HOG
      : `while :; do timeout ${busyS} sha256sum /dev/zero >/dev/null 2>&1; sleep ${idleS}; done`;
  // setsid + background + echo: the group leader's pid comes back and its parent (this sh) exits,
  // so the co-tenant is re-parented away from the benchmark's process tree.
  const pid = Number(
    execFileSync('sh', ['-c', `setsid sh -c '${body}' </dev/null >/dev/null 2>&1 & echo $!`], {
      encoding: 'utf8',
    }).trim(),
  );
  if (!Number.isInteger(pid) || pid <= 1) throw new Error(`co-tenant ${kind}: no pid`);
  return {
    kind,
    pid,
    stop() {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    },
  };
}
